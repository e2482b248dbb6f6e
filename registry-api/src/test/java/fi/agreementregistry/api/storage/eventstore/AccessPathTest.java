package fi.agreementregistry.api.storage.eventstore;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.event.CommandSucceededEvent;
import fi.agreementregistry.api.storage.embedded.EmbeddedMongoServer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static fi.agreementregistry.api.storage.eventstore.StoreTestSupport.event;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A driver command listener watches what the engine sends: every filter is an equality or {@code $in} on
 * {@code _id} or on one unique field, and a load of one aggregate among 50,000 events returns only its documents.
 */
class AccessPathTest {

    private static final Set<String> ALLOWED_COMMANDS = Set.of("find", "getMore", "findAndModify", "insert", "update",
                                                               "killCursors");
    private static final Set<String> INDEXED_FIELDS = Set.of("_id", "globalIndexes", "aggregateKeys");
    private static final int AGGREGATES = 5_000;
    private static final int EVENTS_PER_AGGREGATE = 10;

    private static EmbeddedMongoServer server;
    private static MongoClient client;
    private static MongoEventStorageEngine engine;
    private static final List<Sent> commands = new CopyOnWriteArrayList<>();
    private static final List<BsonDocument> returned = new CopyOnWriteArrayList<>();

    private static volatile boolean recording;

    /**
     * A copy of a started command's name and filters (the driver reuses the event's buffer once the command is sent;
     * payloads are left out to keep memory small).
     */
    record Sent(String name, List<BsonDocument> filters, String json) {
        static Sent of(CommandStartedEvent event) {
            BsonDocument command = event.getCommand();
            List<BsonDocument> filters = new ArrayList<>();
            switch (event.getCommandName()) {
                case "find" -> filters.add(command.getDocument("filter", new BsonDocument()).clone());
                case "findAndModify" -> filters.add(command.getDocument("query", new BsonDocument()).clone());
                case "update" -> command.getArray("updates", new BsonArray())
                                        .forEach(u -> filters.add(u.asDocument().getDocument("q").clone()));
                default -> { }
            }
            return new Sent(event.getCommandName(), filters, filters.toString());
        }
    }
    private static final AtomicLong documentsReturned = new AtomicLong();

    @BeforeAll
    static void fill() throws Exception {
        server = EmbeddedMongoServer.inMemory();
        CommandListener listener = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                if (recording) {
                    commands.add(Sent.of(event));
                }
            }

            @Override
            public void commandSucceeded(CommandSucceededEvent event) {
                BsonDocument cursor = event.getResponse().getDocument("cursor", null);
                if (cursor != null) {
                    BsonArray batch = cursor.containsKey("firstBatch") ? cursor.getArray("firstBatch")
                                                                       : cursor.getArray("nextBatch", new BsonArray());
                    documentsReturned.addAndGet(batch.size());
                    if (recording) {
                        batch.forEach(doc -> returned.add(new BsonDocument("_id", doc.asDocument().get("_id"))
                                .append("aggregateKeys", doc.asDocument().getArray("aggregateKeys", new BsonArray()))));
                    }
                }
            }
        };
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.connectionString()))
                .addCommandListener(listener)
                .build());
        engine = StoreTestSupport.engineBuilder(client).build();

        ExecutorService pool = Executors.newFixedThreadPool(4);
        long started = System.nanoTime();
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            writers.add(CompletableFuture.runAsync(() -> {
                for (int a = writer; a < AGGREGATES; a += 4) {
                    String id = "agreement-" + a;
                    List<EventMessage<?>> events = new ArrayList<>();
                    for (int seq = 0; seq < EVENTS_PER_AGGREGATE; seq++) {
                        events.add(event(id, seq));
                    }
                    engine.appendEvents(events);
                }
            }, pool));
        }
        CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        pool.shutdown();
        double seconds = (System.nanoTime() - started) / 1e9;
        int total = AGGREGATES * EVENTS_PER_AGGREGATE;
        System.out.printf("[figures] bulk append: %d events (%d commits of %d, 4 writers) in %.2f s = %.0f events/s%n",
                          total, AGGREGATES, EVENTS_PER_AGGREGATE, seconds, total / seconds);
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @BeforeEach
    void reset() {
        commands.clear();
        returned.clear();
        recording = true;
        documentsReturned.set(0);
    }

    @Test
    void loadingOneAggregateAmongFiftyThousandEventsReturnsOnlyItsDocuments() {
        assertThat(engine.readEvents("agreement-4242").asStream())
                .extracting(m -> m.getSequenceNumber())
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        // one commit document holds the aggregate's 10 events; the embedded server returns a document once per
        // matching $in value (so up to 10 copies of it), MongoDB once: either way nothing of other aggregates
        assertThat(returned).isNotEmpty().allSatisfy(doc -> assertThat(doc.getArray("aggregateKeys"))
                .allSatisfy(key -> assertThat(key.asString().getValue()).startsWith("agreement-4242/")));
        assertThat(returned.stream().map(doc -> doc.get("_id")).distinct()).hasSize(1);
        assertThat(documentsReturned.get()).isLessThanOrEqualTo(EVENTS_PER_AGGREGATE);
        System.out.printf("[figures] load of one aggregate among %d events: %d document(s) returned, %d distinct%n",
                          AGGREGATES * EVENTS_PER_AGGREGATE, documentsReturned.get(),
                          returned.stream().map(doc -> doc.get("_id")).distinct().count());
        assertOnlyIndexLookups();

        int loads = 1_000;
        long started = System.nanoTime();
        long events = 0;
        for (int i = 0; i < loads; i++) {
            events += engine.readEvents("agreement-" + (i * 7 % AGGREGATES)).asStream().count();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("[figures] aggregate load among %d events: %d loads, %d events in %.2f s = %.0f loads/s, %.0f events/s%n",
                          AGGREGATES * EVENTS_PER_AGGREGATE, loads, events, seconds, loads / seconds, events / seconds);
    }

    @Test
    void appendsAggregateLoadsAndTrackingBatchesUseOnlyEqualityOrInOnUniqueFields() {
        engine.appendEvents(event("agreement-new", 0), event("agreement-new", 1));
        engine.appendEvents(event("agreement-new", 2));
        try {
            engine.appendEvents(event("agreement-new", 2));            // a conflict writes a tombstone
        } catch (RuntimeException expected) {
            // ConcurrencyException
        }
        engine.readEvents("agreement-new").asStream().count();
        engine.lastSequenceNumberFor("agreement-new");
        engine.storeSnapshot(event("agreement-new", 2));
        engine.readSnapshot("agreement-new");
        engine.createHeadToken();

        assertThat(commands).extracting(Sent::name)
                            .contains("findAndModify", "insert", "find", "update");
        assertOnlyIndexLookups();
    }

    @Test
    void aFullReplayIsBatchesOfInLookupsOnTheGlobalNumbers() {
        long started = System.nanoTime();
        long count;
        try (Stream<? extends TrackedEventMessage<?>> stream = engine.readEvents((TrackingToken) null, false)) {
            count = stream.count();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("[figures] replay (tracking, batch 100): %d events in %.2f s = %.0f events/s; %d documents returned%n",
                          count, seconds, count / seconds, documentsReturned.get());
        assertThat(count).isGreaterThanOrEqualTo(AGGREGATES * EVENTS_PER_AGGREGATE);
        assertOnlyIndexLookups();
        List<String> finds = commands.stream().filter(c -> c.name().equals("find"))
                                     .map(c -> c.filters().get(0).getFirstKey())
                                     .distinct().collect(Collectors.toList());
        assertThat(finds).containsExactlyInAnyOrder("globalIndexes", "_id");
    }

    private static void assertOnlyIndexLookups() {
        assertThat(commands).isNotEmpty();
        for (Sent sent : commands) {
            assertThat(ALLOWED_COMMANDS).as("command %s %s", sent.name(), sent.json()).contains(sent.name());
            sent.filters().forEach(filter -> assertIndexLookup(filter, sent.name() + " " + sent.json()));
        }
    }

    private static void assertIndexLookup(BsonDocument filter, String command) {
        assertThat(filter.keySet()).as("one field per filter: %s", command).hasSize(1);
        String field = filter.getFirstKey();
        assertThat(INDEXED_FIELDS).as("filter field of %s", command).contains(field);
        BsonValue value = filter.get(field);
        if (value.isDocument()) {
            assertThat(value.asDocument().keySet()).as("only $in: %s", command).containsExactly("$in");
        }
    }
}
