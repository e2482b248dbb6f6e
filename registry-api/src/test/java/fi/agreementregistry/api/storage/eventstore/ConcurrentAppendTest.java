package fi.agreementregistry.api.storage.eventstore;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import fi.agreementregistry.api.storage.embedded.InMemoryMongo;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static fi.agreementregistry.api.storage.eventstore.StoreTestSupport.event;
import static fi.agreementregistry.api.storage.eventstore.StoreTestSupport.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConcurrentAppendTest {

    @RegisterExtension
    final InMemoryMongo mongo = new InMemoryMongo();
    private MongoEventStorageEngine engine;
    private ExecutorService pool;

    @BeforeEach
    void start() {
        engine = StoreTestSupport.engineBuilder(mongo.client()).build();
        pool = Executors.newFixedThreadPool(4);
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void embeddedServerEnforcesUniquenessAcrossArrayElementsOfDifferentDocuments() {
        MongoCollection<Document> probe = mongo.client().getDatabase("probe").getCollection("multikey");
        probe.createIndex(Indexes.ascending("numbers"), new IndexOptions().unique(true));
        probe.insertOne(new Document("_id", 1).append("numbers", List.of(10L, 11L, 12L)));

        assertThatThrownBy(() -> probe.insertOne(new Document("_id", 2).append("numbers", List.of(13L, 12L))))
                .isInstanceOf(MongoWriteException.class)
                .hasMessageContaining("E11000");
        // an Integer and a Long of the same value are the same key
        assertThatThrownBy(() -> probe.insertOne(new Document("_id", 3).append("numbers", List.of(11))))
                .isInstanceOf(MongoWriteException.class);
        probe.insertOne(new Document("_id", 4).append("numbers", List.of(13L, 14L)));
        assertThat(probe.countDocuments()).isEqualTo(2);
    }

    @Test
    void twoAppendsOfTheSameAggregateSequenceRaceAndExactlyOneWins() throws Exception {
        int rounds = 30;
        CyclicBarrier bothAllocated = new CyclicBarrier(2);
        engine.afterAllocation = numbers -> await(bothAllocated);
        int concurrencyFailures = 0;
        for (int round = 0; round < rounds; round++) {
            String id = newId();
            engine.afterAllocation = numbers -> { };
            engine.appendEvents(event(id, 0));
            engine.afterAllocation = numbers -> await(bothAllocated);
            // one single-event append and one three-event append both claim sequence 1
            Future<Throwable> single = pool.submit(() -> attempt(List.of(event(id, 1))));
            Future<Throwable> multi = pool.submit(() -> attempt(List.of(event(id, 1), event(id, 2), event(id, 3))));
            Throwable singleOutcome = single.get(20, TimeUnit.SECONDS);
            Throwable multiOutcome = multi.get(20, TimeUnit.SECONDS);

            assertThat(singleOutcome == null ^ multiOutcome == null).as("exactly one append wins").isTrue();
            Throwable loser = singleOutcome != null ? singleOutcome : multiOutcome;
            assertThat(loser).isInstanceOf(ConcurrencyException.class);
            concurrencyFailures++;
            engine.afterAllocation = numbers -> { };
            long stored = engine.readEvents(id).asStream().count();
            // the multi-event loser stored none of its events; the winner all of its own
            assertThat(stored).isEqualTo(multiOutcome == null ? 4 : 2);
        }
        assertThat(concurrencyFailures).isEqualTo(rounds);
        assertGlobalNumbersUniqueAndAllClaimed();
    }

    @Test
    void twoAppendsCreatingTheSameAggregateRaceAndTheLoserGetsAggregateStreamCreationException() throws Exception {
        String id = newId();
        CyclicBarrier bothAllocated = new CyclicBarrier(2);
        engine.afterAllocation = numbers -> await(bothAllocated);
        Future<Throwable> first = pool.submit(() -> attempt(List.of(event(id, 0))));
        Future<Throwable> second = pool.submit(() -> attempt(List.of(event(id, 0), event(id, 1))));
        Throwable a = first.get(20, TimeUnit.SECONDS);
        Throwable b = second.get(20, TimeUnit.SECONDS);
        assertThat(a == null ^ b == null).isTrue();
        assertThat(a != null ? a : b).isInstanceOf(AggregateStreamCreationException.class);
        assertGlobalNumbersUniqueAndAllClaimed();
    }

    @Test
    void manyConcurrentWritersNeverShareAGlobalNumber() throws Exception {
        int writers = 4;
        int appendsEach = 150;
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        long started = System.nanoTime();
        for (int w = 0; w < writers; w++) {
            futures.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < appendsEach; i++) {
                    String id = newId();
                    engine.appendEvents(event(id, 0), event(id, 1));
                }
            }, pool));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("[figures] concurrent append: %d writers, %d events in %.2f s = %.0f events/s%n",
                          writers, writers * appendsEach * 2, seconds, writers * appendsEach * 2 / seconds);
        List<Long> numbers = assertGlobalNumbersUniqueAndAllClaimed();
        assertThat(numbers).hasSize(writers * appendsEach * 2);
        assertThat(engine.readEvents(null, false)).hasSize(writers * appendsEach * 2);
    }

    private List<Long> assertGlobalNumbersUniqueAndAllClaimed() {
        List<Long> numbers = new ArrayList<>();
        for (Document doc : mongo.client().getDatabase(StoreTestSupport.DATABASE).getCollection("domain_events").find()) {
            doc.getList("globalIndexes", Number.class).forEach(n -> numbers.add(n.longValue()));
        }
        assertThat(numbers).doesNotHaveDuplicates();
        // every allocated number is held by a commit or a tombstone: trackers never wait for a lost append
        long counter = ((Number) mongo.client().getDatabase(StoreTestSupport.DATABASE).getCollection("event_counters")
                                       .find().first().get("value")).longValue();
        assertThat(numbers).hasSize((int) counter);
        return numbers;
    }

    private Throwable attempt(List<EventMessage<?>> events) {
        try {
            engine.appendEvents(events);
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
