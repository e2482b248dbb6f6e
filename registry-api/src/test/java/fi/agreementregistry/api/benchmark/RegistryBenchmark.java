package fi.agreementregistry.api.benchmark;

import fi.agreementregistry.projections.processors.ReadModelProcessor;
import fi.agreementregistry.projections.rebuild.ProjectionReplays;
import fi.agreementregistry.projections.rebuild.ReplayStatus;
import fi.agreementregistry.projections.rebuild.ReplayableGroups;
import fi.agreementregistry.projections.support.ReadModelCollections;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertManyOptions;
import fi.agreementregistry.api.RegistryApplication;
import fi.agreementregistry.api.storage.AxonConfiguration;
import fi.agreementregistry.core.agreement.AgreementCommandResult;
import fi.agreementregistry.core.agreement.AgreementId;
import fi.agreementregistry.core.agreement.AgreementKind;
import fi.agreementregistry.core.agreement.CouncilTerm;
import fi.agreementregistry.core.agreement.DraftAgreement;
import fi.agreementregistry.core.agreement.Forum;
import fi.agreementregistry.core.agreement.ForumLevel;
import fi.agreementregistry.core.approval.RecordApproval;
import fi.agreementregistry.core.party.Party;
import fi.agreementregistry.core.party.PartyDirectory;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.core.review.CompleteReview;
import fi.agreementregistry.core.review.ReviewId;
import fi.agreementregistry.core.review.ReviewOutcome;
import fi.agreementregistry.core.review.ReviewPolicy;
import fi.agreementregistry.core.review.ScheduleReview;
import fi.agreementregistry.core.signature.SignAgreement;
import fi.agreementregistry.core.signature.Signatory;
import fi.agreementregistry.projections.agreement.AgreementView;
import fi.agreementregistry.projections.agreement.FindAgreement;
import fi.agreementregistry.projections.agreement.FindAgreementAsOf;
import fi.agreementregistry.projections.history.AgreementHistory;
import fi.agreementregistry.projections.history.FindAgreementHistory;
import fi.agreementregistry.projections.party.FindPartyPortfolio;
import fi.agreementregistry.projections.party.PartyPortfolio;
import fi.agreementregistry.projections.review.FindReviews;
import fi.agreementregistry.projections.agreement.ReviewStatus;
import fi.agreementregistry.projections.history.FindHistory;
import fi.agreementregistry.projections.history.HistoryPage;
import fi.agreementregistry.projections.review.ReviewDeadlines;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * End-to-end benchmark of the registry (issue 6), not part of {@code ./mvnw test}: run it with
 * {@code ./mvnw -B -pl registry-api -am -Pbenchmark -DskipTests test} (see docs/performance.md).
 *
 * <p>Starts the real application in-process on the embedded wire-protocol server with its memory backend, and at each
 * size (stored events; default 10,000 and 100,000, {@code -Dbenchmark.sizes=10000,100000,1000000}):
 * <ol>
 *     <li>Append: full agreement lifecycles sent through Axon's {@link CommandGateway} by N client threads, beside
 *     the raw driver inserting equally sized event documents one by one into the same server at the same
 *     concurrency;</li>
 *     <li>Replay: every tracking processor reset to the tail and run until its position reaches the head, beside the
 *     raw driver reading {@code domain_events}, deserializing every payload with Jackson and bulk-writing as many
 *     documents as the read models hold; then a blue/green replay of every read model (one pass) and one of
 *     {@code agreement-history} through {@code ProjectionReplays};</li>
 *     <li>Queries through the {@link QueryGateway}: p50/p99 of each query.</li>
 * </ol>
 * The store grows between sizes by more lifecycles sent through the command bus (the same path as section 1).
 * Prints a table and writes {@code target/benchmark/results.json}.
 */
public final class RegistryBenchmark {

    private static final LocalDate DRAFTED = LocalDate.of(2025, 9, 1);
    private static final LocalDate MEETING = LocalDate.of(2025, 10, 6);
    private static final LocalDate SIGNED = LocalDate.of(2025, 11, 3);
    private static final LocalDate REVIEW_DONE = LocalDate.of(2026, 3, 2);
    private static final String COMMITTEE = "Integraatiovaliokunta";
    private static final int PARTIES_PER_AGREEMENT = 13;

    /** How often the stall probe sends a command while the consistency check runs. */
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(100);

    private final int threads = Integer.getInteger("benchmark.threads", 4);
    private final int appendLifecycles = Integer.getInteger("benchmark.lifecycles", 160);
    private final int querySamples = Integer.getInteger("benchmark.queries", 300);
    private final int historyEvents = Integer.getInteger("benchmark.historyEvents", 1000);
    private final Path out = Path.of(System.getProperty("benchmark.out", "target/benchmark"));
    /** {@code memory} (default) or {@code file}: the H2 backend that commits after every append (the app's default). */
    private final String backend = System.getProperty("benchmark.backend", "memory");
    /**
     * Sections to leave out, comma-separated ({@code queries}, {@code replay}): at a million events a run that measures
     * only the consistency check need not spend the heap and minutes on a replay already measured.
     */
    private final java.util.Set<String> skip = java.util.Set.of(System.getProperty("benchmark.skip", "").split(","));

    ConfigurableApplicationContext context;
    private CommandGateway commands;
    private QueryGateway queries;
    private EventStore eventStore;
    private MongoDatabase database;
    private EventProcessingConfiguration processing;
    private List<PartyId> partyPool;
    private final List<AgreementId> agreements = Collections.synchronizedList(new ArrayList<>());
    private final Map<AgreementId, List<PartyId>> partiesOf = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong appendedEvents = new AtomicLong();
    private final AtomicInteger serial = new AtomicInteger();
    private AgreementId longAgreement;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static void main(String[] args) throws Exception {
        List<Long> sizes = Arrays.stream(System.getProperty("benchmark.sizes", "10000,100000").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(Long::parseLong).sorted().toList();
        RegistryBenchmark benchmark = new RegistryBenchmark();
        int exitCode = 0;
        try {
            benchmark.run(sizes);
        } catch (Throwable failure) {
            // Exit even so: Axon's non-daemon janitor thread would keep a failed run's JVM alive.
            failure.printStackTrace();
            exitCode = 1;
        } finally {
            benchmark.close();
        }
        System.exit(exitCode);
    }

    // ---- the run -------------------------------------------------------------------------------------------

    void run(List<Long> sizes) throws Exception {
        long started = System.nanoTime();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("date", ZonedDateTime.now(ZoneOffset.UTC).toString());
        report.put("machine", machine());
        report.put("backend", "embedded mongo-java-server, " + backend + " backend, in-process Spring Boot context");
        report.put("clientThreads", threads);
        if ("file".equals(backend)) {
            org.springframework.util.FileSystemUtils.deleteRecursively(out.resolve("data"));
        }
        if (!skip.contains("fileBackend")) {   // before the application starts, so it has the machine to itself
            Map<String, Object> fileBackend = new FileBackendBenchmark().measure();
            report.put("fileBackend", fileBackend);
            log(FileBackendBenchmark.render(fileBackend));
        }
        start();
        if (!skip.contains("finland")) {
            report.put("finlandYear", finlandYear());
            write(report);
        }
        log("context started; building the agreement with " + historyEvents + " events");
        long t0 = System.nanoTime();
        buildLongAgreement();
        report.put("longAgreementBuildSeconds", seconds(System.nanoTime() - t0));
        List<Map<String, Object>> points = new ArrayList<>();
        report.put("sizes", points);
        for (long size : sizes) {
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("targetSize", size);
            points.add(point);
            long appendEvents = (long) appendLifecycles * 31 * 2; // section 1 and 1b
            long preloadTo = Math.max(0, size - appendEvents);
            point.put("preload", preload(preloadTo));
            awaitCaughtUp(Duration.ofMinutes(30));
            point.put("storedEventsBeforeAppend", head());
            point.put("append", append());
            point.put("storedEvents", head());
            write(report);
            // Queries before the replay (on read models caught up with the store), so the figures of sections 1 and 3
            // are kept even if a replay at the largest size runs out of memory; results.json is written after each.
            awaitCaughtUp(Duration.ofMinutes(30));
            if (!skip.contains("queries")) {
                point.put("queries", queries());
                write(report);
            }
            if (!skip.contains("replay")) {
                point.put("replay", replay());
                write(report);
            }
            awaitCaughtUp(Duration.ofMinutes(30));
            point.put("consistencyCheck", consistencyCheck());
            write(report);
            point.put("accessLog", accessLog());
            log("size " + size + " done: " + json.writeValueAsString(point));
            write(report);
        }
        report.put("totalSeconds", seconds(System.nanoTime() - started));
        write(report);
        System.out.println(Table.render(report));
        Files.writeString(out.resolve("results.txt"), Table.render(report));
    }

    void start() {
        // Command-line arguments, so they win over application.yml (builder properties would only be defaults).
        Path dataDir = out.resolve("data");
        context = new SpringApplicationBuilder(RegistryApplication.class)
                .run("--registry.embedded.backend=" + backend,
                        "--registry.embedded.data-dir=" + dataDir.toAbsolutePath(),
                        "--registry.mongodb.uri=",
                        "--server.port=0",
                        "--logging.level.root=WARN",
                        // An auditor for section 5's HTTP reads (BCrypt at its lowest cost: the figure is the log's).
                        "--registry.security.users[0].username=bench",
                        "--registry.security.users[0].password="
                                + new org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder(4).encode("bench"),
                        "--registry.security.users[0].name=Benchmark",
                        "--registry.security.users[0].role=AUDITOR",
                        "--spring.main.banner-mode=off");
        commands = context.getBean(CommandGateway.class);
        queries = context.getBean(QueryGateway.class);
        eventStore = context.getBean(EventStore.class);
        database = context.getBean(MongoDatabase.class);
        processing = context.getBean(EventProcessingConfiguration.class);
        partyPool = context.getBean(PartyDirectory.class).all().stream().map(Party::id).toList();
    }

    void close() {
        if (context != null) {
            context.close();
        }
    }

    // ---- commands: one lifecycle ----------------------------------------------------------------------------

    /** Draft with 13 parties and a review policy, 13 approvals, 13 signatures (force, policy review), a review. */
    private long lifecycle(Random random, List<Long> latencies) {
        int n = serial.incrementAndGet();
        AgreementId id = AgreementId.of("bench-" + n);
        List<PartyId> parties = new ArrayList<>(partyPool);
        Collections.shuffle(parties, random);
        parties = List.copyOf(parties.subList(0, PARTIES_PER_AGREEMENT));
        List<PartyId> chosen = parties;
        timed(latencies, () -> commands.sendAndWait(new DraftAgreement(id, "Yhteistyösopimus " + n,
                AgreementKind.FRAMEWORK_AGREEMENT, "Kanta-Häme", new CouncilTerm(2025, 2029), chosen,
                List.of("Osapuolet suunnittelevat palvelut yhdessä.", "Tiedot jaetaan avoimesti.",
                        "Sopimus arvioidaan kerran valtuustokaudessa."),
                List.of("Hyvinvoinnin edistäminen", "Sujuvat palveluketjut"),
                List.of(new Forum("Strateginen foorumi", ForumLevel.values()[0])),
                ReviewPolicy.oncePerCouncilTerm(COMMITTEE), DRAFTED)));
        long events = 1;
        for (PartyId party : parties) {
            timed(latencies, () -> commands.sendAndWait(new RecordApproval(id, party, 1, "Kunnanhallitus", MEETING,
                    "§ " + (100 + n % 200), "56/15.00.18/2025", "Hyväksytään yhteistyösopimus.", null)));
            events++;
        }
        for (PartyId party : parties) {
            timed(latencies, () -> commands.sendAndWait(new SignAgreement(id, party, 1,
                    new Signatory("Allekirjoittaja " + party.value(), "kunnanjohtaja"), SIGNED, null)));
            events++;
        }
        events += 2; // entered into force, policy review scheduled
        ReviewId review = ReviewId.of("r-" + n);
        timed(latencies, () -> commands.sendAndWait(new ScheduleReview(id, review, LocalDate.of(2026, 6, 30),
                null, COMMITTEE, "Väliarviointi", SIGNED, null)));
        timed(latencies, () -> commands.sendAndWait(new CompleteReview(id, review, REVIEW_DONE,
                ReviewOutcome.NO_CHANGES, "IVA 2.3.2026 § 12", null)));
        events += 2;
        agreements.add(id);
        partiesOf.put(id, parties);
        appendedEvents.addAndGet(events);
        return events;
    }

    private static void timed(List<Long> latencies, Runnable command) {
        long t = System.nanoTime();
        command.run();
        if (latencies != null) {
            latencies.add(System.nanoTime() - t);
        }
    }

    /** Two parties approve and sign, then reviews are scheduled and completed until it has {@code historyEvents}. */
    private void buildLongAgreement() {
        longAgreement = AgreementId.of("bench-long-history");
        List<PartyId> two = partyPool.subList(0, 2);
        commands.sendAndWait(new DraftAgreement(longAgreement, "Pitkä historia", AgreementKind.COOPERATION_PROTOCOL,
                "Kanta-Häme", new CouncilTerm(2025, 2029), two, List.of("Periaate."), List.of(), List.of(), null,
                DRAFTED));
        long sequence = 0;
        for (PartyId p : two) {
            sequence = ((AgreementCommandResult) commands.sendAndWait(new RecordApproval(longAgreement, p, 1,
                    "Kunnanhallitus", MEETING, "§ 1", "1/00.00.00/2025", "Hyväksytään.", null))).aggregateSequence();
        }
        for (PartyId p : two) {
            sequence = ((AgreementCommandResult) commands.sendAndWait(new SignAgreement(longAgreement, p, 1,
                    new Signatory("Allekirjoittaja", "kunnanjohtaja"), SIGNED, null))).aggregateSequence();
        }
        // The reviews are appended straight to the event store, a scheduled and a completed review per commit, as
        // the commands would write them: through the command bus each command would load every earlier event.
        int i = 0;
        org.axonframework.messaging.MetaData actor =
                org.axonframework.messaging.MetaData.from(fi.agreementregistry.core.actor.Actor.SYSTEM.toMetaData());
        while (sequence + 1 < historyEvents) {
            ReviewId review = ReviewId.of("long-" + (i++));
            eventStore.publish(
                    new org.axonframework.eventhandling.GenericDomainEventMessage<>(
                            fi.agreementregistry.core.agreement.Agreement.AGGREGATE_TYPE, longAgreement.value(),
                            ++sequence, new fi.agreementregistry.core.review.ReviewScheduled(longAgreement, review,
                            LocalDate.of(2026, 6, 30), "AGREEMENT_EVALUATION", COMMITTEE, "Arviointi", SIGNED), actor),
                    new org.axonframework.eventhandling.GenericDomainEventMessage<>(
                            fi.agreementregistry.core.agreement.Agreement.AGGREGATE_TYPE, longAgreement.value(),
                            ++sequence, new fi.agreementregistry.core.review.ReviewCompleted(longAgreement, review,
                            REVIEW_DONE, ReviewOutcome.NO_CHANGES, "IVA § " + i), actor));
        }
        partiesOf.put(longAgreement, two);
        log("long agreement has " + (sequence + 1) + " events");
    }

    // ---- growth ----------------------------------------------------------------------------------------------

    Map<String, Object> preload(long target) throws Exception {
        long before = head();
        long t = System.nanoTime();
        if (before < target) {
            log("growing the store from " + before + " to " + target + " events through the command bus");
            AtomicLong next = new AtomicLong(before);
            runThreads(threads, worker -> {
                Random random = new Random(worker * 7919L + before);
                while (next.get() < target) {
                    next.addAndGet(lifecycle(random, null));
                }
                return null;
            });
        }
        long elapsed = System.nanoTime() - t;
        long added = head() - before;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("events", added);
        m.put("seconds", seconds(elapsed));
        m.put("eventsPerSecond", added == 0 ? 0 : rate(added, elapsed));
        return m;
    }

    // ---- section 1: append ----------------------------------------------------------------------------------

    private Map<String, Object> append() throws Exception {
        log("section 1: " + appendLifecycles + " lifecycles by " + threads + " threads");
        fi.agreementregistry.api.evidence.EvidenceLog evidence =
                context.getBean(fi.agreementregistry.api.evidence.EvidenceLog.class);
        long leavesBefore = evidence.size();
        long started = System.nanoTime();
        Map<String, Object> m = timedLifecycles(appendLifecycles);
        m.put("evidence", evidenceRate(evidence, leavesBefore, started, (double) m.get("eventsPerSecond")));
        Map<String, Object> raw = rawInserts(((Number) m.get("events")).intValue());
        m.put("raw", raw);
        m.put("ratio", round((double) m.get("eventsPerSecond") / (double) raw.get("docsPerSecond")));
        // Not a target: the same command path with the read models' processors stopped, to tell how much of the
        // append rate goes to the processors sharing the machine (they catch up before section 2).
        List<TrackingEventProcessor> processors = trackingProcessors();
        processors.forEach(TrackingEventProcessor::shutDown);
        try {
            log("section 1b: " + appendLifecycles + " lifecycles with the event processors stopped");
            m.put("processorsStopped", timedLifecycles(appendLifecycles));
        } finally {
            processors.forEach(TrackingEventProcessor::start);
        }
        return m;
    }

    /**
     * The evidence processor beside the append rate: the leaves it appended from the start of section 1 until it had
     * read every event in the store, per second of that time. It keeps up when that is (nearly) the append rate.
     */
    private Map<String, Object> evidenceRate(fi.agreementregistry.api.evidence.EvidenceLog evidence, long before,
                                             long started, double appendRate) throws InterruptedException {
        TrackingEventProcessor recorder = processing.eventProcessor(
                fi.agreementregistry.api.evidence.EvidenceRecorder.PROCESSING_GROUP, TrackingEventProcessor.class)
                .orElseThrow();
        long head = head();
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (position(recorder) < head && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        long elapsed = System.nanoTime() - started;
        long leaves = evidence.size() - before;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("leaves", leaves);
        m.put("secondsUntilCaughtUp", seconds(elapsed));
        m.put("leavesPerSecond", rate(leaves, elapsed));
        m.put("keptUp", rate(leaves, elapsed) >= 0.9 * appendRate);
        return m;
    }

    private Map<String, Object> timedLifecycles(int lifecycles) throws Exception {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger remaining = new AtomicInteger(lifecycles);
        AtomicLong events = new AtomicLong();
        long t = System.nanoTime();
        runThreads(threads, worker -> {
            Random random = new Random(worker * 31L + serial.get());
            while (remaining.getAndDecrement() > 0) {
                events.addAndGet(lifecycle(random, latencies));
            }
            return null;
        });
        long elapsed = System.nanoTime() - t;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("commands", latencies.size());
        m.put("events", events.get());
        m.put("seconds", seconds(elapsed));
        m.put("eventsPerSecond", rate(events.get(), elapsed));
        m.putAll(percentiles("command", latencies));
        return m;
    }

    /** The same server's limit: one insert per event document of the same size, same concurrency. */
    private Map<String, Object> rawInserts(int count) throws Exception {
        // A one-event commit written by section 1 (an approval), so the raw documents have the real size.
        Document sample = database.getCollection("domain_events")
                .find(new Document("_id", eventStore.createHeadToken().position().orElse(1) - 20)).first();
        if (sample == null || sample.getList("events", Document.class).size() != 1) {
            sample = database.getCollection("domain_events").find().first();
        }
        int size = new RawBsonDocument(sample, new DocumentCodec()).getByteBuffer().remaining();
        // A fresh scratch collection (the memory backend starts empty; it is dropped after use).
        MongoCollection<Document> raw = database.getCollection("benchmark_raw_inserts");
        Document template = sample;
        AtomicInteger ids = new AtomicInteger();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        long t = System.nanoTime();
        runThreads(threads, worker -> {
            int i;
            while ((i = ids.getAndIncrement()) < count) {
                Document d = new Document(template);
                d.put("_id", 10_000_000_000L + i);
                long s = System.nanoTime();
                raw.insertOne(d);
                latencies.add(System.nanoTime() - s);
            }
            return null;
        });
        long elapsed = System.nanoTime() - t;
        raw.drop();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("docs", count);
        m.put("docBytes", size);
        m.put("docsPerSecond", rate(count, elapsed));
        m.putAll(percentiles("insert", latencies));
        return m;
    }

    // ---- section 2: replay ----------------------------------------------------------------------------------

    private Map<String, Object> replay() throws Exception {
        // Every read model; not the notifier (@DisallowReplay), which refuses a reset as it would in production.
        List<TrackingEventProcessor> processors = trackingProcessors().stream()
                .filter(TrackingEventProcessor::supportsReset).toList();
        long events = head();
        log("section 2: replaying " + events + " events through " + processors.size() + " processors");
        long t = System.nanoTime();
        processors.forEach(TrackingEventProcessor::shutDown);
        processors.forEach(p -> p.resetTokens(source -> source.createTailToken()));
        processors.forEach(TrackingEventProcessor::start);
        awaitCaughtUp(Duration.ofHours(2));
        long elapsed = System.nanoTime() - t;
        long readModelDocs = readModelDocuments();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("processors", processors.size());
        m.put("events", events);
        m.put("readModelDocuments", readModelDocs);
        m.put("seconds", seconds(elapsed));
        m.put("eventsPerSecond", rate(events, elapsed));
        Map<String, Object> raw = rawRebuild(readModelDocs);
        m.put("raw", raw);
        m.put("ratio", round((double) m.get("eventsPerSecond") / (double) raw.get("eventsPerSecond")));
        // Blue/green, as administrators run it: every read model in one pass (POST .../processors/read-models/replay),
        // then one of them; both against the raw rebuild above.
        m.put("blueGreenAll", blueGreen(List.of(ReadModelProcessor.NAME), raw));
        m.put("blueGreenSingle", blueGreen(List.of("agreement-history"), raw));
        return m;
    }

    /** A blue/green replay through ProjectionReplays, from its start until it completed (reads switched, old dropped). */
    private Map<String, Object> blueGreen(List<String> names, Map<String, Object> raw) throws InterruptedException {
        ProjectionReplays replays = context.getBean(ProjectionReplays.class);
        log("section 2: blue/green replay of " + names);
        long t = System.nanoTime();
        ReplayStatus status = replays.start(names, "benchmark");
        while (!status.finished()) {
            Thread.sleep(50);
            status = replays.status(status.id()).orElseThrow();
        }
        long elapsed = System.nanoTime() - t;
        if (!"COMPLETED".equals(status.status())) {
            throw new IllegalStateException("replay of " + names + " " + status.status() + ": " + status.lastError());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("groups", status.groups().stream().map(ReplayStatus.Group::name).toList());
        m.put("events", status.eventsTotal());
        m.put("seconds", seconds(elapsed));
        m.put("eventsPerSecond", rate(status.eventsTotal(), elapsed));
        m.put("ratio", round((double) m.get("eventsPerSecond") / (double) raw.get("eventsPerSecond")));
        return m;
    }

    /** Documents in the read models' live collections (a blue/green replay moves them to a new generation). */
    private long readModelDocuments() {
        ReadModelCollections collections = context.getBean(ReadModelCollections.class);
        long documents = 0;
        for (ReplayableGroups.Group group : context.getBean(ReplayableGroups.class).all()) {
            for (String base : group.collections()) {
                documents += database.getCollection(collections.live(group.name()).of(base)).estimatedDocumentCount();
            }
        }
        return documents;
    }

    /** The store's limit for a rebuild: read every event, deserialize its payload, bulk-write as many documents. */
    private Map<String, Object> rawRebuild(long documents) throws Exception {
        ObjectMapper mapper = AxonConfiguration.axonObjectMapper();
        MongoCollection<Document> target = database.getCollection("benchmark_raw_rebuild");
        long events = 0;
        long written = 0;
        long expectedEvents = head();
        List<Document> batch = new ArrayList<>(1000);
        Map<String, Class<?>> classes = new java.util.HashMap<>();
        long t = System.nanoTime();
        for (Document commit : database.getCollection("domain_events").find().batchSize(1000)) {
            List<Document> list = commit.getList("events", Document.class);
            if (list == null) {
                continue;
            }
            for (Document e : list) {
                String type = e.getString("payloadType");
                Class<?> cls = classes.computeIfAbsent(type, RegistryBenchmark::load);
                Object payload = mapper.readValue(e.getString("payload"), cls);
                events++;
                // As many documents as the read models hold, spread evenly over the events.
                long due = expectedEvents == 0 ? 0 : Math.min(documents, documents * events / expectedEvents);
                while (written < due) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> fields = mapper.convertValue(payload, Map.class);
                    Document d = new Document(fields);
                    d.put("_id", written);
                    batch.add(d);
                    written++;
                    if (batch.size() == 1000) {
                        target.insertMany(batch, new InsertManyOptions().ordered(false));
                        batch = new ArrayList<>(1000);
                    }
                }
            }
        }
        if (!batch.isEmpty()) {
            target.insertMany(batch, new InsertManyOptions().ordered(false));
        }
        long elapsed = System.nanoTime() - t;
        target.drop();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("events", events);
        m.put("documentsWritten", written);
        m.put("seconds", seconds(elapsed));
        m.put("eventsPerSecond", rate(events, elapsed));
        return m;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- section 4: consistency check -----------------------------------------------------------------------

    /**
     * The whole consistency check (sequences and a fresh fold of every agreement), while one client drafts small
     * agreements: its time, the heap it peaks at (sampled every 10 ms, after a GC), and the longest command stall,
     * beside the longest command of the same kind in 3 s without the check.
     */
    private Map<String, Object> consistencyCheck() throws Exception {
        log("section 4: consistency check");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("baselineLongestCommandMs", millis(longestCommandWhile(() -> Thread.sleep(3000))));
        java.lang.management.MemoryMXBean memory = java.lang.management.ManagementFactory.getMemoryMXBean();
        System.gc();
        long heapBefore = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(heapBefore);
        java.util.concurrent.ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max),
                0, 10, java.util.concurrent.TimeUnit.MILLISECONDS);
        // "Used" includes garbage a large heap lets pile up; what the collector keeps after each collection is the
        // heap the check really holds (its live set plus what the in-memory store holds).
        AtomicLong peakAfterGc = new AtomicLong(heapBefore);
        javax.management.NotificationListener afterGc = (notification, handback) -> {
            if (com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION
                    .equals(notification.getType())) {
                long kept = com.sun.management.GarbageCollectionNotificationInfo
                        .from((javax.management.openmbean.CompositeData) notification.getUserData()).getGcInfo()
                        .getMemoryUsageAfterGc().values().stream().mapToLong(java.lang.management.MemoryUsage::getUsed)
                        .sum();
                peakAfterGc.accumulateAndGet(kept, Math::max);
            }
        };
        List<java.lang.management.GarbageCollectorMXBean> collectors =
                java.lang.management.ManagementFactory.getGarbageCollectorMXBeans();
        collectors.forEach(gc -> ((javax.management.NotificationEmitter) gc).addNotificationListener(afterGc, null,
                null));
        Object[] report = new Object[1];
        long t = System.nanoTime();
        long[] elapsed = new long[1];
        long longest;
        try {
            longest = longestCommandWhile(() -> {
                report[0] = context.getBean(fi.agreementregistry.projections.rebuild.ConsistencyCheck.class).check();
                elapsed[0] = System.nanoTime() - t;
            });
        } finally {
            sampler.shutdownNow();
            for (java.lang.management.GarbageCollectorMXBean gc : collectors) {
                ((javax.management.NotificationEmitter) gc).removeNotificationListener(afterGc);
            }
        }
        // What stays once the check is done and a full collection ran: equal to the heap before, nothing accumulated.
        System.gc();
        long heapAfter = memory.getHeapMemoryUsage().getUsed();
        fi.agreementregistry.projections.rebuild.ConsistencyCheck.Report checked =
                (fi.agreementregistry.projections.rebuild.ConsistencyCheck.Report) report[0];
        m.put("seconds", seconds(elapsed[0]));
        m.put("agreements", checked.agreements());
        m.put("consistent", checked.consistent());
        // The probe keeps drafting during the check: its newest drafts may show as missing (not projected yet).
        m.put("mismatches", checked.mismatches().size());
        Map<String, Long> kinds = new java.util.TreeMap<>();
        checked.mismatches().forEach(x -> kinds.merge(x.processor() + " " + x.state(), 1L, Long::sum));
        m.put("mismatchKinds", kinds);
        m.put("mismatchSample", checked.mismatches().stream().limit(5).map(Object::toString).toList());
        m.put("heapBeforeMb", round(heapBefore / 1048576.0));
        m.put("peakHeapMb", round(peak.get() / 1048576.0));
        m.put("peakAfterGcMb", round(peakAfterGc.get() / 1048576.0));
        m.put("heapAfterMb", round(heapAfter / 1048576.0));
        m.put("longestCommandMs", millis(longest));
        return m;
    }

    // ---- section 5: the access log -----------------------------------------------------------------------

    /**
     * Authenticated HTTP reads of agreements, each recorded in the access log: their latency, and what recording
     * cost each of them (the filter's own timer: building the entry and queueing it for the background writer).
     */
    private Map<String, Object> accessLog() throws Exception {
        log("section 5: access log, " + querySamples + " HTTP reads");
        String port = context.getEnvironment().getProperty("local.server.port");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String auth = "Basic " + java.util.Base64.getEncoder().encodeToString("bench:bench".getBytes());
        Random random = new Random(5);
        io.micrometer.core.instrument.Timer recording = context.getBean(io.micrometer.core.instrument.MeterRegistry.class)
                .get("registry.accesslog.record").timer();
        long before = recording.count();
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < querySamples; i++) {
            AgreementId id = agreements.get(random.nextInt(agreements.size()));
            java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://localhost:" + port + "/api/agreements/" + id.value()))
                    .header("Authorization", auth).build();
            long t = System.nanoTime();
            int status = http.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
            latencies.add(System.nanoTime() - t);
            if (status != 200) {
                throw new IllegalStateException("GET agreement answered " + status);
            }
        }
        Map<String, Object> m = new LinkedHashMap<>(percentiles("read", latencies));
        io.micrometer.core.instrument.distribution.HistogramSnapshot snapshot = recording.takeSnapshot();
        for (io.micrometer.core.instrument.distribution.ValueAtPercentile p : snapshot.percentileValues()) {
            m.put(p.percentile() == 0.5 ? "recordP50Ms" : "recordP99Ms", round(p.value(java.util.concurrent.TimeUnit.MILLISECONDS)));
        }
        m.put("recordMaxMs", round(snapshot.max(java.util.concurrent.TimeUnit.MILLISECONDS)));
        m.put("recorded", recording.count() - before);
        return m;
    }

    private interface Action {
        void run() throws Exception;
    }

    /** Runs the action while one client keeps drafting small agreements; the longest draft's time in nanoseconds. */
    private long longestCommandWhile(Action action) throws Exception {
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        AtomicLong longest = new AtomicLong();
        List<PartyId> two = partyPool.subList(0, 2);
        Thread client = new Thread(() -> {
            while (running.get()) {
                AgreementId id = AgreementId.of("bench-probe-" + serial.incrementAndGet());
                long t = System.nanoTime();
                commands.sendAndWait(new DraftAgreement(id, "Koetin", AgreementKind.COOPERATION_PROTOCOL,
                        "Kanta-Häme", new CouncilTerm(2025, 2029), two, List.of("Periaate."), List.of(), List.of(),
                        null, DRAFTED));
                long took = System.nanoTime() - t;
                longest.accumulateAndGet(took, Math::max);
                // Paced, one command every PROBE_INTERVAL as a busy office would send them: back to back, the probe
                // itself filled the in-memory store (at a million events, with hundreds of thousands of documents
                // during a check of several minutes) and so measured its own load, not the check's.
                java.util.concurrent.locks.LockSupport.parkNanos(PROBE_INTERVAL.toNanos() - took);
            }
        }, "stall-probe");
        client.start();
        try {
            action.run();
        } finally {
            running.set(false);
            client.join();
        }
        return longest.get();
    }

    // ---- section 0: one year of Finland ---------------------------------------------------------------------

    /** {@link FinlandYear} on the fresh store, then the everyday queries on what it made. */
    private Map<String, Object> finlandYear() throws Exception {
        log("section 0: one year of Finland through the command bus");
        FinlandYear year = new FinlandYear(commands, context.getBean(PartyDirectory.class), threads);
        Map<String, Object> m = new LinkedHashMap<>(year.load(this::head));
        awaitCaughtUp(Duration.ofMinutes(10));
        List<AgreementId> made = List.copyOf(year.agreements);
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("agreementState", sample(() -> {
            AgreementId id = made.get(ThreadLocalRandom.current().nextInt(made.size()));
            return () -> require(queries.query(new FindAgreement(id),
                    ResponseTypes.optionalInstanceOf(AgreementView.class)).get().orElse(null));
        }));
        q.put("reviewDeadlines", sample(() -> () -> require(queries.query(FindReviews.all(),
                ResponseTypes.instanceOf(ReviewDeadlines.class)).get())));
        FindReviews overdue = new FindReviews(ReviewStatus.OVERDUE, null, null, null, null, null);
        q.put("reviewDeadlinesOverdue", sample(() -> () -> require(queries.query(overdue,
                ResponseTypes.instanceOf(ReviewDeadlines.class)).get())));
        q.put("countyPortfolio", sample(() -> {
            PartyId county = year.counties.get(ThreadLocalRandom.current().nextInt(year.counties.size()));
            return () -> require(queries.query(new FindPartyPortfolio(county, null, 100, null),
                    ResponseTypes.instanceOf(PartyPortfolio.class)).get());
        }));
        q.put("historyPage", sample(() -> () -> require(queries.query(
                FindHistory.byCursor(null, null, null, null, 100, null), ResponseTypes.instanceOf(HistoryPage.class))
                .get())));
        m.put("queries", q);
        m.put("reviewsInForce", queries.query(FindReviews.all(), ResponseTypes.instanceOf(ReviewDeadlines.class))
                .get().total());
        log("one year of Finland: " + json.writeValueAsString(m));
        return m;
    }

    // ---- section 3: queries ---------------------------------------------------------------------------------

    private Map<String, Object> queries() throws Exception {
        log("section 3: " + querySamples + " samples per query");
        List<AgreementId> ids = List.copyOf(agreements);
        LocalDate asOf = LocalDate.of(2025, 10, 20);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("agreementState", sample(() -> {
            AgreementId id = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
            return () -> require(queries.query(new FindAgreement(id),
                    ResponseTypes.optionalInstanceOf(AgreementView.class)).get().orElse(null));
        }));
        m.put("agreementHistory1000", sample(() -> () -> {
            AgreementHistory h = require(queries.query(FindAgreementHistory.of(longAgreement),
                    ResponseTypes.instanceOf(AgreementHistory.class)).get());
            if (h.entries().size() < historyEvents) {
                throw new IllegalStateException("history has " + h.entries().size() + " entries");
            }
            return h;
        }));
        // The lists by their first page (limit 100) and a deep page (the 20th: its cursor found once, beforehand).
        m.put("reviewDeadlines", sample(() -> () -> require(queries.query(FindReviews.all(),
                ResponseTypes.instanceOf(ReviewDeadlines.class)).get())));
        FindReviews upcomingOfCommittee = new FindReviews(ReviewStatus.UPCOMING, null, null, COMMITTEE, null, null);
        m.put("reviewDeadlinesFiltered", sample(() -> () -> require(queries.query(upcomingOfCommittee,
                ResponseTypes.instanceOf(ReviewDeadlines.class)).get())));
        FindReviews overdue = new FindReviews(ReviewStatus.OVERDUE, null, null, null, null, null);
        m.put("reviewDeadlinesOverdue", sample(() -> () -> require(queries.query(overdue,
                ResponseTypes.instanceOf(ReviewDeadlines.class)).get())));
        m.put("reviewDeadlinesOfParty", sample(() -> {
            PartyId party = partiesOf.get(ids.get(ThreadLocalRandom.current().nextInt(ids.size()))).get(0);
            return () -> require(queries.query(new FindReviews(null, null, null, null, party, null),
                    ResponseTypes.instanceOf(ReviewDeadlines.class)).get());
        }));
        FindReviews deepReviews = deepPage(FindReviews.all(), 20,
                (query, cursor) -> query.from(cursor),
                query -> queries.query(query, ResponseTypes.instanceOf(ReviewDeadlines.class)).get().nextCursor());
        m.put("reviewDeadlinesPage20", sample(() -> () -> require(queries.query(deepReviews,
                ResponseTypes.instanceOf(ReviewDeadlines.class)).get())));
        m.put("partyPortfolio", sample(() -> {
            AgreementId id = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
            PartyId party = partiesOf.get(id).get(0);
            return () -> require(queries.query(new FindPartyPortfolio(party, null, 100, null),
                    ResponseTypes.instanceOf(PartyPortfolio.class)).get());
        }));
        PartyId busiest = partiesOf.get(ids.get(0)).get(0);
        FindPartyPortfolio deepPortfolio = deepPage(new FindPartyPortfolio(busiest, null, 100, null), 5,
                (query, cursor) -> new FindPartyPortfolio(query.party(), null, 100, cursor),
                query -> queries.query(query, ResponseTypes.instanceOf(PartyPortfolio.class)).get().nextCursor());
        m.put("partyPortfolioPage5", sample(() -> () -> require(queries.query(deepPortfolio,
                ResponseTypes.instanceOf(PartyPortfolio.class)).get())));
        FindHistory newest = FindHistory.byCursor(null, null, null, null, 100, null);
        m.put("historyPage", sample(() -> () -> require(queries.query(newest,
                ResponseTypes.instanceOf(HistoryPage.class)).get())));
        FindHistory approvals = FindHistory.byCursor(null, null, null, "ApprovalRecorded", 100, null);
        m.put("historyPageFiltered", sample(() -> () -> require(queries.query(approvals,
                ResponseTypes.instanceOf(HistoryPage.class)).get())));
        FindHistory deepHistory = deepPage(newest, 50,
                (query, cursor) -> FindHistory.byCursor(null, null, null, null, 100, cursor),
                query -> queries.query(query, ResponseTypes.instanceOf(HistoryPage.class)).get().nextCursor());
        m.put("historyPage50", sample(() -> () -> require(queries.query(deepHistory,
                ResponseTypes.instanceOf(HistoryPage.class)).get())));
        m.put("asOf", sample(() -> {
            AgreementId id = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
            return () -> require(queries.query(new FindAgreementAsOf(id, asOf, null),
                    ResponseTypes.instanceOf(AgreementView.class)).get());
        }));
        m.put("asOf1000", sample(() -> () -> require(queries.query(new FindAgreementAsOf(longAgreement, null, null),
                ResponseTypes.instanceOf(AgreementView.class)).get())));
        m.put("reviewDeadlineRows", countReviews());
        m.put("portfolioAgreementsMean", round(PARTIES_PER_AGREEMENT * (double) ids.size() / partyPool.size()));
        return m;
    }

    /** The query for page {@code n} (from 1) of a list, following the cursors from its first (or its last page). */
    private static <Q> Q deepPage(Q first, int n, java.util.function.BiFunction<Q, String, Q> from,
                                  ThrowingFunction<Q, String> nextCursor) throws Exception {
        Q query = first;
        for (int page = 1; page < n; page++) {
            String cursor = nextCursor.apply(query);
            if (cursor == null) {
                log("  the list has " + page + " pages; measuring the last");
                return query;
            }
            query = from.apply(query, cursor);
        }
        return query;
    }

    private interface ThrowingFunction<T, R> {
        R apply(T value) throws Exception;
    }

    private long countReviews() {
        return database.getCollection("review_deadlines").estimatedDocumentCount();
    }

    private Map<String, Object> sample(Supplier<Callable<Object>> next) throws Exception {
        int warmup = Math.max(10, querySamples / 10);
        List<Long> latencies = new ArrayList<>(querySamples);
        for (int i = 0; i < warmup + querySamples; i++) {
            Callable<Object> q = next.get();
            long t = System.nanoTime();
            q.call();
            if (i >= warmup) {
                latencies.add(System.nanoTime() - t);
            }
        }
        return percentiles("", latencies);
    }

    private static <T> T require(T value) {
        if (value == null) {
            throw new IllegalStateException("query answered null");
        }
        return value;
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private List<TrackingEventProcessor> trackingProcessors() {
        return processing.eventProcessors().values().stream()
                .filter(TrackingEventProcessor.class::isInstance).map(TrackingEventProcessor.class::cast).toList();
    }

    /**
     * The global number of the last stored event (global numbers start at 1; about the number of events in the
     * store); 0 when empty. The head token can stand on a tombstone (a number an append reserved and then gave up,
     * e.g. after a long pause), which no processor ever reaches, so the numbers below it are tried in turn.
     */
    private long head() {
        TrackingToken token = eventStore.createHeadToken();
        long number = token == null ? 0 : token.position().orElse(0);
        MongoCollection<Document> commits = database.getCollection("domain_events");
        for (; number > 0; number--) {
            Document commit = commits.find(com.mongodb.client.model.Filters.eq("globalIndexes", number)).first();
            if (commit != null && !Boolean.TRUE.equals(commit.getBoolean("tombstone"))) {
                return number;
            }
        }
        return 0;
    }

    /** The lowest position of a processor's segments (0 before it has one). */
    private static long position(TrackingEventProcessor processor) {
        return processor.processingStatus().values().stream()
                .mapToLong(status -> status.getCurrentPosition().orElse(0)).min().orElse(0);
    }

    void awaitCaughtUp(Duration max) throws InterruptedException {
        long head = head();
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (TrackingEventProcessor p : trackingProcessors()) {
                if (p.processingStatus().isEmpty() || position(p) < head) {
                    all = false;
                }
            }
            if (all) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("processors did not reach " + head + " within " + max);
    }

    private interface Worker {
        Object run(int worker) throws Exception;
    }

    private static void runThreads(int n, Worker worker) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int w = i;
                futures.add(pool.submit(() -> worker.run(w)));
            }
            for (Future<Object> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static Map<String, Object> percentiles(String prefix, List<Long> nanos) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        Map<String, Object> m = new LinkedHashMap<>();
        String p = prefix.isEmpty() ? "" : prefix;
        m.put(key(p, "P50Ms"), sorted.length == 0 ? 0.0 : millis(sorted[(int) Math.floor(0.50 * (sorted.length - 1))]));
        m.put(key(p, "P99Ms"), sorted.length == 0 ? 0.0 : millis(sorted[(int) Math.floor(0.99 * (sorted.length - 1))]));
        m.put(key(p, "Samples"), sorted.length);
        return m;
    }

    private static String key(String prefix, String name) {
        return prefix.isEmpty() ? Character.toLowerCase(name.charAt(0)) + name.substring(1) : prefix + name;
    }

    private static double millis(long nanos) {
        return round(nanos / 1_000_000.0);
    }

    private static double seconds(long nanos) {
        return round(nanos / 1e9);
    }

    private static double rate(long count, long nanos) {
        return Math.round(count / (nanos / 1e9));
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        m.put("maxHeapMb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        return m;
    }

    private void write(Map<String, Object> report) throws Exception {
        Files.createDirectories(out);
        json.writeValue(out.resolve("results.json").toFile(), report);
    }

    private static void log(String message) {
        System.out.println("[benchmark " + java.time.LocalTime.now().withNano(0) + "] " + message);
    }
}
