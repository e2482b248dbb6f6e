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
 * durability hook, appends one event per aggregate until killed, and prints {@code ACK <aggregateId>} after each
 * acknowledged append. Argument: the data folder.
 */
public final class DurabilityChild {

    public record Noted(String id, LocalDate on) {
    }

    public static void main(String[] args) {
        EmbeddedMongoServer server = EmbeddedMongoServer.fileBacked(Path.of(args[0]));
        MongoClient client = MongoClients.create(server.connectionString());
        MongoEventStorageEngine engine = StoreTestSupport.engineBuilder(client)
                                                         .afterAppend(server.durabilityHook())
                                                         .build();
        System.out.println("READY");
        System.out.flush();
        for (int i = 0; ; i++) {
            String id = "agreement-" + i;
            engine.appendEvents(new GenericDomainEventMessage<>("Agreement", id, 0, new Noted(id, LocalDate.now())));
            System.out.println("ACK " + id);
            System.out.flush();
        }
    }
}
