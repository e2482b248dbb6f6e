package fi.agreementregistry.api.storage.embedded;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import fi.agreementregistry.api.storage.eventstore.MongoEventStorageEngine;
import fi.agreementregistry.api.storage.eventstore.StoreTestSupport;
import org.axonframework.eventhandling.GenericDomainEventMessage;

import java.nio.file.Path;
import java.time.LocalDate;

/**
 * Child JVM of {@link EmbeddedMongoServerDurabilityTest}: opens the H2-backed server and the engine with the
 * durability hook, appends one event per aggregate from each of N writer threads until killed, and prints
 * {@code ACK <aggregateId>} after each acknowledged append. Arguments: the data folder, and the number of writers
 * (default 1; more than one share commits, group commit).
 */
public final class DurabilityChild {

    public record Noted(String id, LocalDate on) {
    }

    public static void main(String[] args) {
        EmbeddedMongoServer server = EmbeddedMongoServer.fileBacked(Path.of(args[0]));
        int writers = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        MongoClient client = MongoClients.create(server.connectionString());
        MongoEventStorageEngine engine = StoreTestSupport.engineBuilder(client)
                                                         .afterAppend(server.durabilityHook())
                                                         .build();
        System.out.println("READY");
        System.out.flush();
        for (int w = 1; w < writers; w++) {
            String prefix = "agreement-w" + w + "-";
            Thread writer = new Thread(() -> append(engine, prefix), "writer-" + w);
            writer.start();
        }
        append(engine, writers > 1 ? "agreement-w0-" : "agreement-");
    }

    private static void append(MongoEventStorageEngine engine, String prefix) {
        for (int i = 0; ; i++) {
            String id = prefix + i;
            engine.appendEvents(new GenericDomainEventMessage<>("Agreement", id, 0, new Noted(id, LocalDate.now())));
            System.out.println("ACK " + id);   // println is synchronized: one whole line per append
            System.out.flush();
        }
    }
}
