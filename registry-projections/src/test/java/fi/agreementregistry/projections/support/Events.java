package fi.agreementregistry.projections.support;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import fi.agreementregistry.core.actor.Actor;
import fi.agreementregistry.core.agreement.KantaHame;
import fi.agreementregistry.core.agreement.AgreementDrafted;
import fi.agreementregistry.core.agreement.AgreementEvent;
import fi.agreementregistry.core.agreement.AgreementId;
import fi.agreementregistry.core.agreement.AgreementKind;
import fi.agreementregistry.core.agreement.CouncilTerm;
import fi.agreementregistry.core.agreement.Principle;
import fi.agreementregistry.core.approval.ApprovalRecorded;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.core.party.PartyRef;
import fi.agreementregistry.core.review.ReviewScheduled;
import fi.agreementregistry.core.review.ReviewId;
import fi.agreementregistry.core.signature.AgreementSigned;
import fi.agreementregistry.core.signature.Signatory;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Test support for the read models: an in-memory MongoDB server, and events delivered to a projection
 * through Axon's annotation adapter as a processor would, each with its sequence, timestamp and actor.
 */
public final class Events implements AutoCloseable {

    /** Parties of the Kanta-Häme agreement, the fixture every module shares ({@link KantaHame}). */
    public static final PartyRef HAMEENLINNA = KantaHame.ref(KantaHame.HAMEENLINNA);
    public static final PartyRef FORSSA = KantaHame.ref(KantaHame.FORSSA);
    public static final PartyRef WELFARE_AREA = KantaHame.ref(KantaHame.WELFARE_AREA);
    public static final Actor CLERK_OF_HAMEENLINNA = new Actor("liisa", "Liisa Lakimies", "CLERK", "municipality:109");
    public static final CouncilTerm TERM = KantaHame.TERM;

    private final MongoServer server;
    private final MongoClient client;
    private final MongoDatabase database;
    private final List<AnnotationEventHandlerAdapter> handlers = new ArrayList<>();
    private final Map<String, Long> sequences = new HashMap<>();
    private final List<GenericDomainEventMessage<?>> delivered = new ArrayList<>();
    private Instant clock = Instant.parse("2026-01-05T08:00:00Z");

    public Events() {
        server = new MongoServer(new MemoryBackend());
        InetSocketAddress address = server.bind();
        client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
        database = client.getDatabase("registry");
    }

    public MongoDatabase database() {
        return database;
    }

    public Events to(Object projection) {
        handlers.add(new AnnotationEventHandlerAdapter(projection));
        return this;
    }

    /** Delivers each event as the next of its agreement, recorded a minute after the previous one. */
    public void given(Actor actor, AgreementEvent... events) {
        for (AgreementEvent event : events) {
            String id = event.agreementId().value();
            long sequence = sequences.merge(id, 0L, (last, zero) -> last + 1);
            clock = clock.plusSeconds(60);
            MetaData metaData = actor == null ? MetaData.emptyInstance() : MetaData.from(actor.toMetaData());
            GenericDomainEventMessage<?> message = new GenericDomainEventMessage<>("Agreement", id, sequence, event,
                    metaData, UUID.randomUUID().toString(), clock);
            delivered.add(message);
            deliver(message);
        }
    }

    public void given(AgreementEvent... events) {
        given(null, events);
    }

    /** Delivers every event again, as after a crash before the token was stored. */
    public void redeliverEverything() {
        new ArrayList<>(delivered).forEach(this::deliver);
    }

    private void deliver(GenericDomainEventMessage<?> message) {
        for (AnnotationEventHandlerAdapter handler : handlers) {
            try {
                handler.handle(message);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public static AgreementDrafted drafted(AgreementId id, LocalDate on, PartyRef... parties) {
        return new AgreementDrafted(id, "Puitesopimus " + id.value(), AgreementKind.FRAMEWORK_AGREEMENT, "Kanta-Häme",
                TERM, List.of(parties), Principle.numbered(List.of("Plan welfare work together.",
                "Evaluate once per council term.")), List.of(), List.of(), 1, on);
    }

    public static ApprovalRecorded approved(AgreementId id, PartyRef party, int version, LocalDate meetingDate) {
        return new ApprovalRecorded(id, party, version, "Kaupunginhallitus", meetingDate, "§ 30", "56/15.00.18/2023",
                "Hyväksytään puitesopimus.");
    }

    public static AgreementSigned signed(AgreementId id, PartyRef party, int version, LocalDate signedOn) {
        return new AgreementSigned(id, party, version, new Signatory("Olli Ohjaaja", "kaupunginjohtaja"), signedOn);
    }

    public static ReviewScheduled review(AgreementId id, String reviewId, LocalDate dueBy, LocalDate scheduledOn) {
        return new ReviewScheduled(id, ReviewId.of(reviewId), dueBy, "AGREEMENT_EVALUATION", "Integraatiovaliokunta",
                "Arvioidaan toimivuus", scheduledOn);
    }

    @Override
    public void close() {
        client.close();
        server.shutdownNow();
    }
}
