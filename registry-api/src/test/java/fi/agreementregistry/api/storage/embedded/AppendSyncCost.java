package fi.agreementregistry.api.storage.embedded;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import fi.agreementregistry.api.storage.eventstore.MongoEventStorageEngine;
import fi.agreementregistry.api.storage.eventstore.StoreTestSupport;
import org.axonframework.eventhandling.GenericDomainEventMessage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The measurement behind docs/performance.md's "Durability on the embedded server": appends per second on the file
 * backend, over its socket, with the event store's after-append hook doing a commit only (written to the operating
 * system) and a commit plus {@code fsync} (the registry's hook), for 1 and 4 writers. Not a test; run by hand:
 * <pre>
 * ./mvnw -B -o -q -pl registry-api dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp registry-api/target/test-classes:registry-api/target/classes:$(cat registry-api/target/cp.txt) \
 *      fi.agreementregistry.api.storage.embedded.AppendSyncCost [seconds per run, default 10]
 * </pre>
 */
public final class AppendSyncCost {

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        for (int writers : new int[] {1, 4}) {
            for (boolean sync : new boolean[] {false, true}) {
                Path dir = Files.createTempDirectory("append-sync-cost");
                double rate = run(dir, writers, sync, seconds);
                System.out.printf("[figures] %d writer(s), after each append: %-15s %7.0f appends/s%n", writers,
                        sync ? "commit + fsync" : "commit only", rate);
            }
        }
    }

    private static double run(Path dir, int writers, boolean sync, int seconds) throws Exception {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.fileBacked(dir);
             MongoClient client = MongoClients.create(server.connectionString())) {
            ConsistentH2Backend backend = server.h2Backend();
            Runnable hook = sync ? backend::commitAndSync : backend::commit;
            MongoEventStorageEngine engine = StoreTestSupport.engineBuilder(client).afterAppend(hook).build();
            // warm-up
            for (int i = 0; i < 50; i++) {
                engine.appendEvents(event("warm-" + i));
            }
            AtomicInteger done = new AtomicInteger();
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            long start = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                futures.add(pool.submit(() -> {
                    for (int i = 0; System.nanoTime() < end; i++) {
                        engine.appendEvents(event("w" + writer + "-" + i));
                        done.incrementAndGet();
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            return done.get() / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static GenericDomainEventMessage<DurabilityChild.Noted> event(String id) {
        return new GenericDomainEventMessage<>("Agreement", id, 0, new DurabilityChild.Noted(id, LocalDate.now()));
    }
}
