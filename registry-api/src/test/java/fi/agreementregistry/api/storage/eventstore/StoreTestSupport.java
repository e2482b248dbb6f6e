package fi.agreementregistry.api.storage.eventstore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.mongodb.client.MongoClient;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.serialization.json.JacksonSerializer;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** Shared fixtures: Jackson (Java time as ISO strings, never XStream), a test event, an engine builder. */
public final class StoreTestSupport {

    static final String DATABASE = "registry";

    private StoreTestSupport() {
    }

    /** A simple event with business and recorded times. */
    record AgreementNoted(String agreementId, String note, LocalDate effectiveOn, Instant recordedAt) {
    }

    public static JacksonSerializer jackson() {
        ObjectMapper mapper = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        return JacksonSerializer.builder().objectMapper(mapper).build();
    }

    /** An engine on the client's registry database with {@link #jackson()} for events and snapshots. */
    public static MongoEventStorageEngine.Builder engineBuilder(MongoClient client) {
        JacksonSerializer serializer = jackson();
        return MongoEventStorageEngine.builder()
                                      .database(client.getDatabase(DATABASE))
                                      .eventSerializer(serializer)
                                      .snapshotSerializer(serializer);
    }

    static DomainEventMessage<AgreementNoted> event(String aggregateId, long sequence) {
        return new GenericDomainEventMessage<>("Agreement", aggregateId, sequence,
                                               new AgreementNoted(aggregateId, "note " + sequence,
                                                                  LocalDate.of(2023, 3, 13),
                                                                  Instant.parse("2023-03-14T10:15:30Z")));
    }

    /** The same event, recorded at the given instant. */
    static DomainEventMessage<AgreementNoted> eventAt(String aggregateId, long sequence, Instant recordedAt) {
        DomainEventMessage<AgreementNoted> event = event(aggregateId, sequence);
        return new GenericDomainEventMessage<>(event.getType(), aggregateId, sequence, event.getPayload(),
                                               event.getMetaData(), event.getIdentifier(), recordedAt);
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }
}
