package fi.agreementregistry.api.storage.eventstore;

import fi.agreementregistry.api.storage.embedded.InMemoryMongo;
import fi.agreementregistry.api.storage.eventstore.StoreTestSupport.AgreementNoted;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;

import static fi.agreementregistry.api.storage.eventstore.StoreTestSupport.event;
import static fi.agreementregistry.api.storage.eventstore.StoreTestSupport.newId;
import static org.assertj.core.api.Assertions.assertThat;

class MongoEventStorageEngineRoundTripTest {

    @RegisterExtension
    final InMemoryMongo mongo = new InMemoryMongo();
    private MongoEventStorageEngine engine;
    private EmbeddedEventStore eventStore;

    @BeforeEach
    void start() {
        engine = StoreTestSupport.engineBuilder(mongo.client()).batchSize(3).build();
        eventStore = EmbeddedEventStore.builder().storageEngine(engine).build();
    }

    @AfterEach
    void stop() {
        eventStore.shutDown();
    }

    @Test
    void eventsAppendedThroughTheEventStoreLoadBackAsTheSameAggregateStream() {
        String id = newId();
        // 7 events over 3 appends, batch size 3: the load needs several contiguous batches
        eventStore.publish(event(id, 0), event(id, 1));
        eventStore.publish(event(id, 2));
        eventStore.publish(List.of(event(id, 3), event(id, 4), event(id, 5),
                                   event(id, 6).andMetaData(MetaData.with("actor", "clerk@hameenlinna"))));
        eventStore.publish(event(newId(), 0));

        List<DomainEventMessage<?>> loaded = eventStore.readEvents(id).asStream().collect(Collectors.toList());

        assertThat(loaded).extracting(DomainEventMessage::getSequenceNumber).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
        AgreementNoted payload = (AgreementNoted) loaded.get(6).getPayload();
        assertThat(payload.effectiveOn()).isEqualTo(LocalDate.of(2023, 3, 13));
        assertThat(payload.recordedAt()).isEqualTo(Instant.parse("2023-03-14T10:15:30Z"));
        assertThat(loaded.get(6).getMetaData()).containsEntry("actor", "clerk@hameenlinna");
        assertThat(loaded.get(0).getIdentifier()).isNotBlank();
        assertThat(eventStore.readEvents(id, 5).asStream()).hasSize(2);
        assertThat(eventStore.lastSequenceNumberFor(id)).contains(6L);
        assertThat(eventStore.lastSequenceNumberFor(newId())).isEmpty();
    }

    @Test
    void lastSequenceNumberIsFoundByProbingForLongStreams() {
        String id = newId();
        for (int commit = 0; commit < 25; commit++) {
            List<EventMessage<?>> batch = new java.util.ArrayList<>();
            for (int i = 0; i < 7; i++) {
                batch.add(event(id, commit * 7L + i));
            }
            engine.appendEvents(batch);
        }
        assertThat(engine.lastSequenceNumberFor(id)).contains(174L);
        assertThat(eventStore.readEvents(id).asStream()).hasSize(175);
    }

    @Test
    void trackingStreamDeliversEveryEventInGlobalOrderWithPositions() {
        String a = newId();
        String b = newId();
        eventStore.publish(event(a, 0), event(a, 1));
        eventStore.publish(GenericEventMessage.asEventMessage("not from an aggregate"));
        eventStore.publish(event(b, 0));

        List<? extends TrackedEventMessage<?>> tracked = engine.readEvents(null, false).collect(Collectors.toList());

        assertThat(tracked).extracting(m -> m.trackingToken().position().getAsLong()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(tracked.get(2).getPayload()).isEqualTo("not from an aggregate");
        assertThat(tracked.get(2)).isNotInstanceOf(DomainEventMessage.class);
        assertThat(tracked.get(3)).isInstanceOf(DomainEventMessage.class);
        assertThat(((DomainEventMessage<?>) tracked.get(3)).getAggregateIdentifier()).isEqualTo(b);
        assertThat(tracked.get(3).trackingToken()).isEqualTo(GapAwareTrackingToken.newInstance(4, List.of()));
        assertThat(engine.readEvents(tracked.get(1).trackingToken(), false)).hasSize(2);
        assertThat(engine.createHeadToken()).isEqualTo(GapAwareTrackingToken.newInstance(4, List.of()));
        assertThat(engine.createTailToken()).isNull();
    }

    @Test
    void createTokenAtPointsJustBeforeTheFirstEventAtOrAfterTheInstant() {
        String id = newId();
        Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
        engine.appendEvents(at(event(id, 0), t0), at(event(id, 1), t0.plusSeconds(10)));
        engine.appendEvents(at(event(id, 2), t0.plusSeconds(20)));

        assertThat(engine.createTokenAt(t0.minusSeconds(1))).isNull();
        assertThat(engine.createTokenAt(t0.plusSeconds(5))).isEqualTo(GapAwareTrackingToken.newInstance(1, List.of()));
        assertThat(engine.createTokenAt(t0.plusSeconds(20))).isEqualTo(GapAwareTrackingToken.newInstance(2, List.of()));
        assertThat(engine.createTokenAt(t0.plusSeconds(30))).isEqualTo(GapAwareTrackingToken.newInstance(3, List.of()));
    }

    @Test
    void snapshotIsStoredPerAggregateAndReplacedByANewerOne() {
        String id = newId();
        engine.storeSnapshot(event(id, 4));
        engine.storeSnapshot(event(id, 9));
        assertThat(engine.readSnapshot(id)).get().extracting(DomainEventMessage::getSequenceNumber).isEqualTo(9L);
        assertThat(engine.readSnapshot(newId())).isEmpty();
    }

    @Test
    void olderRevisionsAreUpcastWhenRead() {
        // store revision "0" with field "text"; the upcaster renames it to "note" and marks revision "1"
        String id = newId();
        engine.appendEvents(new GenericDomainEventMessage<>("Agreement", id, 0,
                                                            new OldNote(id, "legacy text")));
        MongoEventStorageEngine upcasting = StoreTestSupport.engineBuilder(mongo.client())
                                                            .upcasterChain(new OldNoteUpcaster())
                                                            .build();
        DomainEventMessage<?> loaded = upcasting.readEvents(id).next();
        assertThat(loaded.getPayload()).isEqualTo(new AgreementNoted(id, "legacy text", null, null));
    }

    record OldNote(String agreementId, String text) {
    }

    static class OldNoteUpcaster extends SingleEventUpcaster {
        @Override
        protected boolean canUpcast(IntermediateEventRepresentation representation) {
            return representation.getType().getName().equals(OldNote.class.getName());
        }

        @Override
        protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
            return representation.upcastPayload(
                    new SimpleSerializedType(AgreementNoted.class.getName(), null), JsonNode.class, node -> {
                        ObjectNode object = (ObjectNode) node;
                        object.set("note", object.remove("text"));
                        return object;
                    });
        }
    }

    private static DomainEventMessage<?> at(DomainEventMessage<?> message, Instant timestamp) {
        return new GenericDomainEventMessage<>(message.getType(), message.getAggregateIdentifier(),
                                               message.getSequenceNumber(), message.getPayload(),
                                               message.getMetaData(), message.getIdentifier(), timestamp);
    }
}
