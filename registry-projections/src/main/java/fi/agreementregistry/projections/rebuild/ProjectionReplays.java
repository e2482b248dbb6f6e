package fi.agreementregistry.projections.rebuild;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import fi.agreementregistry.projections.processors.EventProcessorStatus;
import fi.agreementregistry.projections.processors.InstanceOwner;
import fi.agreementregistry.projections.support.CollectionNames;
import fi.agreementregistry.projections.support.ReadModelCollections;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ListenerInvocationErrorHandler;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.GenericTokenEntry;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Blue/green rebuilds of read models: of one processing group, of several, or of every read model, in one pass. A
 * replay claims each of its processing groups with a document in {@code replay_locks} whose {@code _id} is the group
 * (unique: a second replay of any of them, from any instance, gets {@link ReplayAlreadyRunning}; a replay claims all
 * its groups or none), and runs one separate tracking processor ({@code group@gN} for one group, {@code
 * read-models@<replay id>} for several; its own token in the shared token store) hosting, for every group, a second
 * instance of the same handler class bound to that group's generation N's fresh collections (each group counts its
 * generations on its own), from the first event: each event is read and deserialized once for all of them, as the
 * live processor does ({@code processors.ReadModelProcessor}). The live processor keeps serving and writing the old
 * generations meanwhile. When the rebuild has reached the head of the store as it was at the start <em>and</em> its
 * token covers the live processor's (every event the live processor applied, including late ones it read while the
 * rebuild still listed them as missing), reads of every rebuilt group switch to their new generation (one document
 * update per group in {@link ReadModelCollections}, in one step); the rebuild then runs until its token covers the
 * head token taken at the switch, stops, and the old collections are dropped ({@link ReplayHandover}). Between
 * the switch and the finish both write generation N; the projections refuse an event that arrives ahead of the
 * document's next sequence, so the live processor retries such a batch until the rebuild has caught up, and they
 * never replace a document with an older one. Every event the rebuild handles counts as a replay (its reset point
 * is beyond any position), so {@code @DisallowReplay} handlers never run in it; a group with nothing to rebuild
 * (side effects only) is refused ({@link NothingToRebuild}).
 * <p>
 * Progress is written to the replay's document in {@code replays}, so any instance can answer the status URL.
 * An instance that restarts resumes every unfinished replay from its stored token.
 * <p>
 * Faults: a handler error in the rebuild ends the replay as {@code FAILED} (the error in {@code lastError}): the
 * half-built generation and the rebuild's token are dropped, reads stay where they were and the lock is released.
 * The lock records its {@code owner} and a {@code heartbeatAt} that every instance running the rebuild refreshes;
 * a lock whose heartbeat is older than {@code registry.replay.lock-timeout} belongs to a replay that died with its
 * instance, and the next request takes it over, marking that replay {@code FAILED} (abandoned).
 */
@Component
public class ProjectionReplays implements SmartLifecycle {

    public static final String REPLAYS = "replays";
    public static final String LOCKS = "replay_locks";
    private static final Logger log = LoggerFactory.getLogger(ProjectionReplays.class);
    /** Beyond any global position: the rebuild processor never leaves replay mode. */
    private static final GapAwareTrackingToken NEVER_REACHED = GapAwareTrackingToken.newInstance(Long.MAX_VALUE, List.of());
    /**
     * Axon's default for event handlers logs an error and goes on, which would let a rebuild "complete" without the
     * events it could not apply. Rethrown, the error puts the rebuild processor in error mode, and the monitor fails
     * the replay.
     */
    private static final ListenerInvocationErrorHandler STOP_AT_HANDLER_ERROR = (exception, event, handler) -> {
        String at = event instanceof DomainEventMessage<?> d
                ? d.getAggregateIdentifier() + " #" + d.getSequenceNumber() : event.getIdentifier();
        throw new IllegalStateException("handler error at event " + at + " (" + event.getPayloadType().getSimpleName()
                + ", position " + positionOf(event) + "): " + describe(exception), exception);
    };

    /** Thrown when the processing group already has a replay running; carries that replay's id. */
    public static class ReplayAlreadyRunning extends RuntimeException {
        private final String replayId;

        ReplayAlreadyRunning(String processor, String replayId) {
            super("A replay of " + processor + " is already running (" + replayId + ").");
            this.replayId = replayId;
        }

        public String replayId() {
            return replayId;
        }
    }

    /** Thrown for a processing group that keeps no read model: a rebuild would only re-run its side effects. */
    public static class NothingToRebuild extends RuntimeException {
        NothingToRebuild(String processor) {
            super("The processor " + processor + " keeps no read model: it has side effects only (it is "
                    + "@DisallowReplay), so a replay would rebuild nothing and must not repeat them.");
        }
    }

    public static class UnknownProcessor extends RuntimeException {
        public UnknownProcessor(String name) {
            super("There is no event processor named " + name + ".");
        }
    }

    private final MongoDatabase database;
    private final ReplayableGroups groups;
    private final ReadModelCollections collections;
    private final EventStore eventStore;
    private final TokenStore tokenStore;
    private final Serializer serializer;
    private final EventProcessorStatus processorStatus;
    private final Clock clock;
    private final Duration dropDelay;
    private final int batchSize;
    private final Duration lockTimeout;
    private final String owner;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    /** Test hook: while false, no replay of this instance switches reads (to pin a moment before the switch). */
    volatile BooleanSupplier switchAllowed = () -> true;
    /** Test hook: runs in a rebuild's thread before it handles each event (to hold a rebuild at one event). */
    volatile Consumer<EventMessage<?>> beforeRebuildHandles = event -> { };
    private ScheduledExecutorService monitor;
    private volatile boolean started;

    /** A rebuild processor this instance runs, and where its rate measurement started. */
    private static final class Running {
        final TrackingEventProcessor processor;
        Long firstPosition;
        Instant firstSeen;

        Running(TrackingEventProcessor processor) {
            this.processor = processor;
        }
    }

    public ProjectionReplays(MongoDatabase database, ReplayableGroups groups, ReadModelCollections collections,
                             EventStore eventStore, TokenStore tokenStore, Serializer serializer,
                             EventProcessorStatus processorStatus, Clock clock, ReplaySettings settings) {
        this.database = database;
        this.groups = groups;
        this.collections = collections;
        this.eventStore = eventStore;
        this.tokenStore = tokenStore;
        this.serializer = serializer;
        this.processorStatus = processorStatus;
        this.clock = clock;
        this.dropDelay = settings.dropDelay();
        this.batchSize = settings.batchSize();
        this.lockTimeout = settings.lockTimeout();
        this.owner = InstanceOwner.of(settings.instanceId());
    }

    /** Starts a blue/green rebuild of a processing group, or of every read model of a processor ({@code read-models}). */
    public ReplayStatus start(String name, String requestedBy) {
        return start(List.of(name), requestedBy);
    }

    /**
     * Starts one blue/green rebuild of the named processing groups (a processor's name stands for every read model it
     * serves), in one pass over the events.
     *
     * @throws UnknownProcessor     a name is neither a processing group nor a processor serving read models
     * @throws NothingToRebuild     a name is a group with side effects only
     * @throws ReplayAlreadyRunning a replay of one of the groups runs already; nothing was started
     */
    public ReplayStatus start(List<String> names, String requestedBy) {
        List<ReplayableGroups.Group> rebuilt = resolve(names);
        String id = UUID.randomUUID().toString();
        List<String> claimed = new ArrayList<>();
        try {
            for (ReplayableGroups.Group group : rebuilt) {
                claimLock(group.name(), id);
                claimed.add(group.name());
            }
        } catch (RuntimeException e) {
            // All or none: a replay that cannot have every group it names holds none of them.
            claimed.forEach(name -> locks().deleteOne(Filters.and(Filters.eq("_id", name),
                    Filters.eq("replayId", id))));
            throw e;
        }
        List<Document> generations = new ArrayList<>();
        for (ReplayableGroups.Group group : rebuilt) {
            long previous = collections.activeGeneration(group.name());
            long generation = previous + 1;
            for (String base : group.collections()) {
                ReadModelCollections.dropIfExists(database, ReadModelCollections.nameFor(base, generation));
            }
            generations.add(new Document("name", group.name()).append("generation", generation)
                    .append("previousGeneration", previous));
        }
        List<String> groupNames = rebuilt.stream().map(ReplayableGroups.Group::name).toList();
        Document first = generations.get(0);
        long head = lastEventPosition();
        Document replay = new Document("_id", id).append("processor", label(groupNames))
                .append("groups", generations).append("groupNames", groupNames)
                .append("status", "RUNNING").append("generation", first.get("generation"))
                .append("previousGeneration", first.get("previousGeneration"))
                .append("tokenName", generations.size() == 1 ? groupNames.get(0) + "@g" + first.get("generation")
                        : liveProcessor(groupNames.get(0)) + "@" + id)
                .append("headAtStart", head).append("eventsTotal", head + 1).append("eventsDone", 0L)
                .append("percent", head < 0 ? 100.0 : 0.0).append("eventsPerSecond", 0.0)
                .append("startedAt", clock.instant().toString()).append("requestedBy", requestedBy);
        replays().insertOne(replay);
        run(replay);
        return status(id).orElseThrow();
    }

    /** The groups the names stand for, each once, in the order {@link ReplayableGroups} lists them. */
    private List<ReplayableGroups.Group> resolve(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a replay names at least one processing group");
        }
        Set<String> wanted = new HashSet<>();
        for (String name : names) {
            Optional<ReplayableGroups.Group> group = groups.find(name);
            if (group.isPresent()) {
                if (group.get().collections().isEmpty()) {
                    throw new NothingToRebuild(name);
                }
                wanted.add(name);
            } else {
                List<String> served = readModelsOf(name);
                if (served.isEmpty()) {
                    throw new UnknownProcessor(name);
                }
                wanted.addAll(served);
            }
        }
        return groups.all().stream().filter(group -> wanted.contains(group.name())).toList();
    }

    /** The read models (groups with collections) that the processor of this name serves; empty for anything else. */
    public List<String> readModelsOf(String processor) {
        return groups.all().stream().filter(group -> !group.collections().isEmpty())
                .map(ReplayableGroups.Group::name)
                .filter(group -> processor.equals(processorStatus.processorOf(group).orElse(null)))
                .toList();
    }

    /** What a replay accepts: each read model's processing group, then the processors serving them. */
    public List<String> replayableNames() {
        List<String> names = new ArrayList<>();
        Set<String> processors = new java.util.LinkedHashSet<>();
        for (ReplayableGroups.Group group : groups.all()) {
            if (!group.collections().isEmpty()) {
                names.add(group.name());
                processorStatus.processorOf(group.name()).filter(p -> groups.find(p).isEmpty()).ifPresent(processors::add);
            }
        }
        names.addAll(processors);
        return names;
    }

    /** How a replay is named: the one name asked for, or the processor when the groups are all it serves. */
    private String label(List<String> groupNames) {
        if (groupNames.size() == 1) {
            return groupNames.get(0);
        }
        String processor = liveProcessor(groupNames.get(0));
        return readModelsOf(processor).equals(groupNames) ? processor : String.join(",", groupNames);
    }

    private String liveProcessor(String group) {
        return processorStatus.processorOf(group).orElse(group);
    }

    /** A replay's groups with their generations; a replay written by an older version names one in its fields. */
    private static List<Document> generations(Document replay) {
        List<Document> listed = replay.getList("groups", Document.class);
        if (listed != null && !listed.isEmpty()) {
            return listed;
        }
        return List.of(new Document("name", replay.getString("processor"))
                .append("generation", replay.get("generation")).append("previousGeneration",
                        replay.get("previousGeneration")));
    }

    private static List<String> groupNames(Document replay) {
        return generations(replay).stream().map(g -> g.getString("name")).toList();
    }

    private static long number(Document d, String field, long otherwise) {
        return d.get(field) instanceof Number n ? n.longValue() : otherwise;
    }

    /** Inserts the group's lock, or takes over a lock whose replay stopped sending heartbeats. */
    private void claimLock(String processor, String id) {
        Instant now = clock.instant();
        Document lock = new Document("_id", processor).append("replayId", id).append("since", now.toString())
                .append("owner", owner).append("heartbeatAt", now.toString());
        try {
            locks().insertOne(lock);
            return;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
        Document held = locks().find(Filters.eq("_id", processor)).first();
        if (held == null || !stale(held, now)) {
            throw new ReplayAlreadyRunning(processor, held == null ? "?" : held.getString("replayId"));
        }
        // Replace exactly the lock judged stale: of two instances taking it over, one wins.
        Bson same = Filters.and(Filters.eq("_id", processor), Filters.eq("replayId", held.getString("replayId")),
                Filters.eq("heartbeatAt", held.getString("heartbeatAt")));
        if (locks().replaceOne(same, lock).getModifiedCount() != 1) {
            Document winner = locks().find(Filters.eq("_id", processor)).first();
            throw new ReplayAlreadyRunning(processor, winner == null ? "?" : winner.getString("replayId"));
        }
        String reason = "abandoned: no heartbeat from " + held.getString("owner") + " since " + heartbeat(held)
                + " (registry.replay.lock-timeout " + lockTimeout + "); lock taken over by replay " + id;
        log.warn("Replay {} of {} {}", held.getString("replayId"), processor, reason);
        Document abandoned = replays().find(Filters.eq("_id", held.getString("replayId"))).first();
        if (abandoned != null) {
            fail(abandoned, reason);
            // Its instance may have died between its last status and finishedAt: its lock is gone now.
            markFinished(abandoned.getString("_id"));
        }
    }

    /** A lock without any time was not written by a replay (by hand, say): it is never judged stale. */
    private boolean stale(Document lock, Instant now) {
        String heartbeat = heartbeat(lock);
        return heartbeat != null && Instant.parse(heartbeat).plus(lockTimeout).isBefore(now);
    }

    private static String heartbeat(Document lock) {
        String heartbeat = lock.getString("heartbeatAt");
        return heartbeat != null ? heartbeat : lock.getString("since");
    }

    public Optional<ReplayStatus> status(String id) {
        return Optional.ofNullable(replays().find(Filters.eq("_id", id)).first()).map(ProjectionReplays::toStatus);
    }

    /** The latest replay of a processing group, or of any read model of a processor. */
    public Optional<ReplayStatus> latest(String name) {
        List<String> names = new ArrayList<>(readModelsOf(name));
        names.add(name);
        return Optional.ofNullable(replays().find(Filters.or(Filters.in("processor", names),
                        Filters.in("groupNames", names)))
                .sort(Sorts.descending("startedAt")).first()).map(ProjectionReplays::toStatus);
    }

    /** The replay running for a processing group, or for any read model of a processor. */
    public Optional<String> runningReplayId(String name) {
        List<String> names = new ArrayList<>(readModelsOf(name));
        names.add(name);
        return Optional.ofNullable(locks().find(Filters.in("_id", names)).first())
                .map(lock -> lock.getString("replayId"));
    }

    private void run(Document replay) {
        String id = replay.getString("_id");
        try {
            start(replay);
        } catch (RuntimeException e) {
            log.warn("Replay {}: the rebuild could not start", id, e);
            Running started = running.remove(id);
            if (started != null) {
                started.processor.shutDown();
            }
            fail(replay, "the rebuild could not start: " + describe(e));
        }
    }

    private void start(Document replay) {
        String id = replay.getString("_id");
        // One handler instance per group, on the generation it fills: one read of each event feeds them all.
        List<Object> handlers = new ArrayList<>();
        for (Document rebuilt : generations(replay)) {
            ReplayableGroups.Group group = groups.find(rebuilt.getString("name")).orElseThrow();
            handlers.add(group.handlerFor().apply(CollectionNames.generation(number(rebuilt, "generation", 0))));
        }
        TrackingEventProcessor processor = TrackingEventProcessor.builder()
                .name(replay.getString("tokenName"))
                .eventHandlerInvoker(SimpleEventHandlerInvoker.builder().eventHandlers(handlers)
                        .listenerInvocationErrorHandler(STOP_AT_HANDLER_ERROR).build())
                .messageSource(eventStore)
                .tokenStore(tokenStore)
                .transactionManager(NoTransactionManager.INSTANCE)
                .trackingEventProcessorConfiguration(TrackingEventProcessorConfiguration
                        .forSingleThreadedProcessing()
                        .andBatchSize(batchSize)
                        .andInitialTrackingToken(source ->
                                ReplayToken.createReplayToken(NEVER_REACHED, source.createTailToken())))
                .build();
        processor.registerHandlerInterceptor((unitOfWork, chain) -> {
            beforeRebuildHandles.accept(unitOfWork.getMessage());
            return chain.proceed();
        });
        running.put(id, new Running(processor));
        processor.start();
        heartbeat(replay, clock.instant());
        log.info("Replay {} of {} started: {}", id, replay.getString("processor"), describeGenerations(replay));
    }

    /** Samples progress, switches generations and finishes; runs every 250 ms on each instance. */
    void monitorAll() {
        for (Map.Entry<String, Running> entry : running.entrySet()) {
            try {
                monitor(entry.getKey(), entry.getValue());
            } catch (RuntimeException e) {
                log.warn("Replay {}: monitoring failed", entry.getKey(), e);
            }
        }
    }

    private void monitor(String id, Running run) {
        Document replay = replays().find(Filters.eq("_id", id)).first();
        if (replay == null || ReplayStatus.finished(replay.getString("status"))) {
            stop(id, run);  // finished, failed or abandoned, perhaps by another instance
            return;
        }
        Instant now = clock.instant();
        heartbeat(replay, now);
        EventTrackerStatus segment = run.processor.processingStatus().get(0);
        if (segment == null) {
            return; // another instance holds the rebuild's token: it reports
        }
        if (segment.isErrorState()) {
            stop(id, run);
            fail(replay, describe(segment.getError()));
            return;
        }
        long position = segment.getCurrentPosition().orElse(-1);
        if (run.firstPosition == null) {
            run.firstPosition = position;
            run.firstSeen = now;
        }
        long total = replay.get("eventsTotal", Number.class).longValue();
        long done = Math.min(total, position + 1);
        double seconds = Duration.between(run.firstSeen, now).toMillis() / 1000.0;
        double rate = seconds <= 0 ? 0 : (position - run.firstPosition) / seconds;
        String eta = rate > 0 && done < total
                ? now.plusMillis((long) ((total - done) / rate * 1000)).toString() : null;
        replays().updateOne(Filters.eq("_id", id), Updates.combine(Updates.set("eventsDone", done),
                Updates.set("percent", total <= 0 ? 100.0 : Math.round(1000.0 * done / total) / 10.0),
                Updates.set("eventsPerSecond", Math.round(rate * 10) / 10.0), Updates.set("estimatedFinish", eta),
                Updates.set("updatedAt", now.toString())));

        TrackingToken rebuilt = segment.getTrackingToken();
        if ("RUNNING".equals(replay.getString("status"))
                && position >= replay.get("headAtStart", Number.class).longValue() && switchAllowed.getAsBoolean()
                && ReplayHandover.maySwitch(rebuilt, liveTokens(groupNames(replay)), this::tombstoned)) {
            // Everything the live processor wrote into the old generations is in the new ones: switch reads (and the
            // live processor's next batches) of every rebuilt group to them. One instance wins the status change.
            Bson running = Filters.and(Filters.eq("_id", id), Filters.eq("status", "RUNNING"));
            if (replays().updateOne(running, Updates.set("status", "SWITCHING")).getModifiedCount() == 1) {
                for (Document group : generations(replay)) {
                    collections.activate(group.getString("name"), number(group, "generation", 0));
                }
                // Taken after the switch: whatever the live processor applied to the old generation since the check
                // was stored before this head, so the rebuild takes it; anything later goes to the new one.
                GapAwareTrackingToken head = headToken();
                replays().updateOne(Filters.eq("_id", id), Updates.combine(
                        Updates.set("headAtSwitch", ReplayHandover.toDocument(head)),
                        Updates.set("switchedAt", now.toString())));
                log.info("Replay {}: reads switched to {}", id, describeGenerations(replay));
            }
        } else if ("SWITCHING".equals(replay.getString("status")) && replay.containsKey("headAtSwitch")
                && ReplayHandover.mayFinish(rebuilt, headAtSwitch(replay), this::tombstoned)) {
            finish(id, run, replay);
        }
    }

    /** The stored token of each segment of the live processors of the groups, read without claiming them. */
    private List<TrackingToken> liveTokens(List<String> groupNames) {
        List<TrackingToken> tokens = new ArrayList<>();
        Set<String> processors = new java.util.LinkedHashSet<>();
        groupNames.forEach(group -> processors.add(liveProcessor(group)));
        for (Document entry : database.getCollection("trackingtokens")
                .find(Filters.in("processorName", processors))) {
            String processor = entry.getString("processorName");
            Object token = entry.get("token");
            byte[] data = token instanceof Binary binary ? binary.getData() : null;
            tokens.add(new GenericTokenEntry<>(data, entry.getString("tokenType"),
                    java.time.Instant.ofEpochMilli(entry.get("timestamp", Number.class).longValue()).toString(),
                    entry.getString("owner"), processor, entry.get("segment", Number.class).intValue(), byte[].class)
                    .getToken(serializer));
        }
        return tokens;
    }

    private GapAwareTrackingToken headToken() {
        TrackingToken head = eventStore.createHeadToken();
        return head == null ? null : ReplayHandover.gapAware(head);
    }

    /** A replay switched by an older version stored the head's position only: every number up to it counts. */
    private static GapAwareTrackingToken headAtSwitch(Document replay) {
        Object head = replay.get("headAtSwitch");
        if (head instanceof Number position) {
            return position.longValue() < 0 ? null : GapAwareTrackingToken.newInstance(position.longValue(), List.of());
        }
        return ReplayHandover.fromDocument((Document) head);
    }

    /** Which of the numbers are claimed by tombstones (abandoned appends, never events). */
    private Set<Long> tombstoned(Set<Long> numbers) {
        Set<Long> found = new HashSet<>();
        for (Document doc : database.getCollection("domain_events")
                .find(Filters.and(Filters.in("globalIndexes", numbers), Filters.eq("tombstone", true)))
                .projection(new Document("globalIndexes", 1))) {
            for (Object n : doc.getList("globalIndexes", Object.class)) {
                found.add(((Number) n).longValue());
            }
        }
        return found;
    }

    private void finish(String id, Running run, Document replay) {
        String processor = replay.getString("processor");
        stop(id, run);
        database.getCollection("trackingtokens").deleteMany(Filters.eq("processorName", replay.getString("tokenName")));
        List<String> old = new ArrayList<>();
        for (Document group : generations(replay)) {
            long previous = number(group, "previousGeneration", 0);
            groups.find(group.getString("name")).orElseThrow().collections()
                    .forEach(base -> old.add(ReadModelCollections.nameFor(base, previous)));
        }
        // A query that resolved the old names just before the switch may still be reading them.
        monitor.schedule(() -> old.forEach(name -> ReadModelCollections.dropIfExists(database, name)),
                dropDelay.toMillis(), TimeUnit.MILLISECONDS);
        long total = replay.get("eventsTotal", Number.class).longValue();
        replays().updateOne(Filters.eq("_id", id), Updates.combine(Updates.set("status", "COMPLETED"),
                Updates.set("eventsDone", total), Updates.set("percent", 100.0),
                Updates.set("estimatedFinish", null)));
        releaseLocks(replay);
        markFinished(id);
        log.info("Replay {} of {} completed; the old generations ({}) dropped", id, processor, old);
    }

    /**
     * The global position of the last stored event. Not the counter: a tracking token only moves with events, so a
     * rebuild never reaches numbers at the head that hold tombstones (failed appends) and would wait there for ever.
     */
    private long lastEventPosition() {
        long high = processorStatus.headIndex();
        while (high >= 0) {
            List<Long> window = new java.util.ArrayList<>();
            for (long n = Math.max(0, high - 99); n <= high; n++) {
                window.add(n);
            }
            long found = -1;
            for (Document commit : database.getCollection("domain_events").find(Filters.in("globalIndexes", window))
                    .projection(new Document("globalIndexes", 1).append("tombstone", 1))) {
                if (!Boolean.TRUE.equals(commit.getBoolean("tombstone"))) {
                    for (Object n : commit.getList("globalIndexes", Object.class)) {
                        long number = ((Number) n).longValue();
                        if (number <= high) {
                            found = Math.max(found, number);
                        }
                    }
                }
            }
            if (found >= 0) {
                return found;
            }
            high -= 100;
        }
        return -1;
    }

    /** Keeps the groups' locks alive while this instance runs the replay (only the locks of this very replay). */
    private void heartbeat(Document replay, Instant now) {
        locks().updateMany(Filters.and(Filters.in("_id", groupNames(replay)),
                        Filters.eq("replayId", replay.getString("_id"))),
                Updates.combine(Updates.set("heartbeatAt", now.toString()), Updates.set("owner", owner)));
    }

    private void releaseLocks(Document replay) {
        locks().deleteMany(Filters.and(Filters.in("_id", groupNames(replay)),
                Filters.eq("replayId", replay.getString("_id"))));
    }

    private static String describeGenerations(Document replay) {
        return generations(replay).stream().map(g -> g.getString("name") + " generation " + g.get("generation"))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /**
     * Ends a replay as FAILED: drops what it built unless reads already use it, forgets its token, releases its lock.
     * Only a running or switching replay fails (one instance wins the status change).
     */
    private void fail(Document replay, String error) {
        String id = replay.getString("_id");
        String processor = replay.getString("processor");
        Document before = replays().findOneAndUpdate(
                Filters.and(Filters.eq("_id", id), Filters.in("status", "RUNNING", "SWITCHING")),
                Updates.combine(Updates.set("status", "FAILED"), Updates.set("lastError", error),
                        Updates.set("estimatedFinish", null)));
        if (before == null) {
            return;
        }
        database.getCollection("trackingtokens").deleteMany(Filters.eq("processorName", replay.getString("tokenName")));
        for (Document group : generations(replay)) {
            String name = group.getString("name");
            long generation = number(group, "generation", 0);
            long previous = number(group, "previousGeneration", 0);
            List<String> bases = groups.find(name).map(ReplayableGroups.Group::collections).orElse(List.of());
            long active = collections.activeGeneration(name);
            // Whichever generation reads do not use: the half-built one, or (failed after the switch, so the live
            // processor writes the new one) the old one.
            long unused = active != generation ? generation : previous;
            if (unused != active) {
                bases.forEach(base -> ReadModelCollections.dropIfExists(database,
                        ReadModelCollections.nameFor(base, unused)));
            }
        }
        releaseLocks(replay);
        markFinished(id);
        log.warn("Replay {} of {} FAILED: {}", id, processor, error);
    }

    /**
     * The last step of a completed or failed replay, once its locks are released: {@code finishedAt}, which is what
     * {@link ReplayStatus#finished()} waits for, so whoever sees a replay finished may start the next one at once.
     */
    private void markFinished(String id) {
        replays().updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("finishedAt", null)),
                Updates.set("finishedAt", clock.instant().toString()));
    }

    static String describe(Throwable error) {
        if (error == null) {
            return "unknown error";
        }
        StringBuilder message = new StringBuilder(String.valueOf(error.getMessage()));
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != error && root.getMessage() != null && !message.toString().contains(root.getMessage())) {
            message.append(" (").append(root.getClass().getSimpleName()).append(": ").append(root.getMessage())
                    .append(')');
        }
        return message.toString();
    }

    private static String positionOf(org.axonframework.eventhandling.EventMessage<?> event) {
        return event instanceof org.axonframework.eventhandling.TrackedEventMessage<?> tracked
                ? tracked.trackingToken().position().stream().mapToObj(Long::toString).findFirst().orElse("?") : "?";
    }

    private void stop(String id, Running run) {
        running.remove(id);
        run.processor.shutDown();
    }

    @Override
    public void start() {
        monitor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "replay-monitor");
            thread.setDaemon(true);
            return thread;
        });
        monitor.scheduleWithFixedDelay(this::monitorAll, 250, 250, TimeUnit.MILLISECONDS);
        // Resume what a previous run of this (or another) instance left unfinished: the token store holds
        // each rebuild's position, and its claim keeps two instances from working on the same one.
        for (Document replay : replays().find(Filters.in("status", "RUNNING", "SWITCHING"))) {
            if (!running.containsKey(replay.getString("_id"))) {
                run(replay);
            }
        }
        started = true;
    }

    @Override
    public void stop() {
        started = false;
        running.forEach((id, run) -> run.processor.shutDown());
        running.clear();
        if (monitor != null) {
            monitor.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return started;
    }

    /** After Axon's own processors (which start in phase Integer.MAX_VALUE / 2 and lower). */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE / 2 + 1;
    }

    static ReplayStatus toStatus(Document d) {
        return new ReplayStatus(d.getString("_id"), d.getString("processor"), d.getString("status"),
                number(d, "generation"), number(d, "previousGeneration"), number(d, "eventsDone"),
                number(d, "eventsTotal"), d.get("percent", Number.class).doubleValue(),
                d.get("eventsPerSecond", Number.class).doubleValue(), d.getString("startedAt"),
                d.getString("estimatedFinish"), d.getString("finishedAt"), d.getString("requestedBy"),
                d.getString("lastError"), generations(d).stream().map(g -> new ReplayStatus.Group(
                        g.getString("name"), number(g, "generation"), number(g, "previousGeneration"))).toList());
    }

    private static long number(Document d, String field) {
        Object value = d.get(field);
        return value instanceof Number n ? n.longValue() : 0;
    }

    private MongoCollection<Document> replays() {
        return database.getCollection(REPLAYS);
    }

    private MongoCollection<Document> locks() {
        return database.getCollection(LOCKS);
    }
}
