package fi.agreementregistry.api.storage.embedded;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import fi.agreementregistry.api.storage.eventstore.MongoEventStorageEngine;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.serialization.json.JacksonSerializer;

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
        JacksonSerializer serializer = JacksonSerializer.builder()
                .objectMapper(new ObjectMapper().registerModule(new JavaTimeModule())
                                                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS))
                .build();
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder()
                                                                .database(client.getDatabase("registry"))
                                                                .eventSerializer(serializer)
                                                                .snapshotSerializer(serializer)
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
