package fi.agreementregistry.api.benchmark;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import fi.agreementregistry.api.storage.AxonConfiguration;
import fi.agreementregistry.api.storage.embedded.EmbeddedMongoServer;
import fi.agreementregistry.api.storage.eventstore.MongoEventStorageEngine;
import fi.agreementregistry.core.actor.Actor;
import fi.agreementregistry.core.agreement.Agreement;
import fi.agreementregistry.core.agreement.AgreementId;
import fi.agreementregistry.core.approval.ApprovalRecorded;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.core.party.PartyRef;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.Document;
import org.springframework.util.FileSystemUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The H2 file backend with its real commit policy (issue 16): each write is acknowledged only after a commit with
 * {@code fsync} that holds it, concurrent writers sharing commits (group commit, {@code ConsistentH2Backend}).
 * For 1 and 4 clients, each run on a fresh store in a temporary folder, served on its socket as in the registry:
 * <ul>
 *     <li>append: {@link MongoEventStorageEngine#appendEvents} of one approval event per append, the engine built
 *     as the application builds it (the application's Jackson mapping, the durability hook after each append);</li>
 *     <li>raw insert: the driver inserting copies of such a stored commit document one by one into the same kind of
 *     store, running the same durability hook after each insert.</li>
 * </ul>
 * Each run lasts {@code benchmark.fileBackend.seconds} (default 8) after a warm-up, and reports how many writes
 * shared each commit. Called by
 * {@link RegistryBenchmark} (results.json key {@code fileBackend}, unless {@code -Dbenchmark.skip=fileBackend}); or
 * alone through its {@link #main}.
 */
final class FileBackendBenchmark {

    private static final int WARM_UP_APPENDS = 100;
    private static final List<Integer> CLIENTS = List.of(1, 4);

    private final long runNanos = Long.getLong("benchmark.fileBackend.seconds", 8) * 1_000_000_000L;

    public static void main(String[] args) throws Exception {
        Map<String, Object> figures = new FileBackendBenchmark().measure();
        System.out.println(render(figures));
    }

    /** Runs append and raw insert with 1 and 4 clients; the figures as they go into results.json. */
    Map<String, Object> measure() throws Exception {
        Map<String, Object> append = new LinkedHashMap<>();
        Map<String, Object> raw = new LinkedHashMap<>();
        for (int clients : CLIENTS) {
            append.put(key(clients), run(clients, false));
            raw.put(key(clients), run(clients, true));
        }
        append.put("ratio4to1", ratio(append, key(4), key(1)));
        raw.put("ratio4to1", ratio(raw, key(4), key(1)));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backend", "H2 file (MVStore), commit + fsync holding each write before it is acknowledged, "
                + "concurrent writes sharing commits (group commit)");
        m.put("secondsPerRun", runNanos / 1e9);
        m.put("append", append);
        m.put("raw", raw);
        Map<String, Object> toRaw = new LinkedHashMap<>();
        for (int clients : CLIENTS) {
            toRaw.put(key(clients), RegistryBenchmark.round(rate(append, key(clients)) / rate(raw, key(clients))));
        }
        m.put("appendToRaw", toRaw);
        return m;
    }

    /** One run on a fresh store: appends through the engine, or raw inserts each followed by the hook. */
    private Map<String, Object> run(int clients, boolean rawInsert) throws Exception {
        Path folder = Files.createTempDirectory("registry-file-bench");
        try (EmbeddedMongoServer server = EmbeddedMongoServer.fileBacked(folder);
             MongoClient client = MongoClients.create(server.connectionString())) {
            Runnable durabilityHook = server.durabilityHook();
            JacksonSerializer serializer = JacksonSerializer.builder()
                    .objectMapper(AxonConfiguration.axonObjectMapper()).build();
            MongoEventStorageEngine engine = MongoEventStorageEngine.builder()
                    .database(client.getDatabase("registry"))
                    .eventSerializer(serializer)
                    .snapshotSerializer(serializer)
                    .afterAppend(durabilityHook)
                    .build();
            for (int i = 0; i < WARM_UP_APPENDS; i++) {
                engine.appendEvents(approval("warm-up", i));
            }
            Document template = client.getDatabase("registry").getCollection("domain_events").find().first();
            MongoCollection<Document> rawInserts = client.getDatabase("registry").getCollection("raw_inserts");
            AtomicLong ids = new AtomicLong(10_000_000_000L);
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            long commitsBefore = server.syncedCommits();
            long end = System.nanoTime() + runNanos;
            long started = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    String aggregate = "client-" + c;
                    done.add(pool.submit(() -> {
                        for (long sequence = 0; System.nanoTime() < end; sequence++) {
                            long t = System.nanoTime();
                            if (rawInsert) {
                                Document copy = new Document(template);
                                copy.put("_id", ids.getAndIncrement());
                                rawInserts.insertOne(copy);
                                durabilityHook.run();
                            } else {
                                engine.appendEvents(approval(aggregate, sequence));
                            }
                            latencies.add(System.nanoTime() - t);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            long elapsed = System.nanoTime() - started;
            long commits = server.syncedCommits() - commitsBefore;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("clients", clients);
            m.put(rawInsert ? "docs" : "events", latencies.size());
            m.put("seconds", RegistryBenchmark.round(elapsed / 1e9));
            m.put(rawInsert ? "docsPerSecond" : "eventsPerSecond",
                    (double) Math.round(latencies.size() / (elapsed / 1e9)));
            m.putAll(RegistryBenchmark.percentiles(rawInsert ? "insert" : "append", latencies));
            m.put("commitsWithFsync", commits);
            m.put("writesPerCommit", commits == 0 ? 0.0 : RegistryBenchmark.round((double) latencies.size() / commits));
            return m;
        } finally {
            FileSystemUtils.deleteRecursively(folder);
        }
    }

    /** One approval of a 13-party agreement, as a clerk's command appends it. */
    private static GenericDomainEventMessage<ApprovalRecorded> approval(String aggregate, long sequence) {
        AgreementId id = AgreementId.of("file-bench-" + aggregate);
        ApprovalRecorded event = new ApprovalRecorded(id,
                new PartyRef(PartyId.of("municipality:" + (100 + sequence % 800)), "Hämeenlinnan kaupunki"), 1,
                "Kunnanhallitus", LocalDate.of(2025, 10, 6), "§ " + (100 + sequence % 200), "56/15.00.18/2025",
                "Hyväksytään yhteistyösopimus.");
        return new GenericDomainEventMessage<>(Agreement.AGGREGATE_TYPE, id.value(), sequence, event,
                MetaData.from(Actor.SYSTEM.toMetaData()));
    }

    /** The figures as a small table. */
    @SuppressWarnings("unchecked")
    static String render(Map<String, Object> m) {
        Map<String, Object> append = (Map<String, Object>) m.get("append");
        Map<String, Object> raw = (Map<String, Object>) m.get("raw");
        Map<String, Object> toRaw = (Map<String, Object>) m.get("appendToRaw");
        StringBuilder sb = new StringBuilder("\nFile backend (H2 file, group commit + fsync before each ")
                .append("acknowledgement), ").append(m.get("secondsPerRun")).append(" s per run\n");
        sb.append(String.format("%-24s%20s%20s%10s%n", "", "1 client", "4 clients", "4 : 1"));
        sb.append(String.format("%-24s%20s%20s%10s%n", "append events/s", rate(append, key(1)), rate(append, key(4)),
                append.get("ratio4to1")));
        sb.append(String.format("%-24s%20s%20s%n", "  append p50 / p99 ms", latency(append, key(1), "append"),
                latency(append, key(4), "append")));
        sb.append(String.format("%-24s%20s%20s%n", "  appends per commit", perCommit(append, key(1)),
                perCommit(append, key(4))));
        sb.append(String.format("%-24s%20s%20s%10s%n", "raw insert docs/s", rate(raw, key(1)), rate(raw, key(4)),
                raw.get("ratio4to1")));
        sb.append(String.format("%-24s%20s%20s%n", "  insert p50 / p99 ms", latency(raw, key(1), "insert"),
                latency(raw, key(4), "insert")));
        sb.append(String.format("%-24s%20s%20s%n", "  inserts per commit", perCommit(raw, key(1)),
                perCommit(raw, key(4))));
        sb.append(String.format("%-24s%20s%20s%n", "append / raw", toRaw.get(key(1)), toRaw.get(key(4))));
        return sb.toString();
    }

    private static String key(int clients) {
        return "clients" + clients;
    }

    @SuppressWarnings("unchecked")
    private static double rate(Map<String, Object> section, String key) {
        Map<String, Object> run = (Map<String, Object>) section.get(key);
        Object rate = run.containsKey("eventsPerSecond") ? run.get("eventsPerSecond") : run.get("docsPerSecond");
        return ((Number) rate).doubleValue();
    }

    @SuppressWarnings("unchecked")
    private static String latency(Map<String, Object> section, String key, String prefix) {
        Map<String, Object> run = (Map<String, Object>) section.get(key);
        return run.get(prefix + "P50Ms") + " / " + run.get(prefix + "P99Ms");
    }

    @SuppressWarnings("unchecked")
    private static Object perCommit(Map<String, Object> section, String key) {
        return ((Map<String, Object>) section.get(key)).get("writesPerCommit");
    }

    private static double ratio(Map<String, Object> section, String numerator, String denominator) {
        return RegistryBenchmark.round(rate(section, numerator) / rate(section, denominator));
    }
}
