package fi.agreementregistry.projections.agreement;

import fi.agreementregistry.projections.support.Events;

import com.mongodb.client.MongoDatabase;
import fi.agreementregistry.core.agreement.AgreementDrafted;
import fi.agreementregistry.core.agreement.AgreementEvent;
import fi.agreementregistry.core.agreement.AgreementId;
import fi.agreementregistry.core.agreement.AgreementKind;
import fi.agreementregistry.core.agreement.AgreementStatus;
import fi.agreementregistry.core.agreement.AgreementSuperseded;
import fi.agreementregistry.core.agreement.CouncilTerm;
import fi.agreementregistry.core.agreement.Principle;
import fi.agreementregistry.core.approval.ApprovalRecorded;
import fi.agreementregistry.core.party.PartyRef;
import fi.agreementregistry.projections.support.CollectionNames;
import fi.agreementregistry.projections.support.MemoryMongo;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The projection behind a real tracking processor named after its processing group, against the embedded MongoDB. */
class AgreementSummaryProcessorTest {

    private static final AgreementId PREDECESSOR = AgreementId.of("kanta-hame-2021-2025");
    private static final AgreementId SUCCESSOR = AgreementId.of("kanta-hame-2025-2029");
    private static final PartyRef HAMEENLINNA = Events.HAMEENLINNA;
    private static final PartyRef WELFARE_AREA = Events.WELFARE_AREA;

    @RegisterExtension
    final MemoryMongo mongo = new MemoryMongo();
    private MongoDatabase database;
    private Configuration axon;

    @BeforeEach
    void start() {
        database = mongo.client().getDatabase("registry");
        axon = DefaultConfigurer.defaultConfiguration()
                .configureSerializer(c -> JacksonSerializer.defaultSerializer())
                .configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine())
                .eventProcessing(processing -> processing
                        .registerTrackingEventProcessor(AgreementSummaryProjection.PROCESSING_GROUP)
                        .registerEventHandler(c -> new AgreementSummaryProjection(database, CollectionNames.BASE)))
                .registerQueryHandler(c -> new AgreementSummaryQueries(database, CollectionNames.BASE,
                        Clock.systemUTC(), 30))
                .buildConfiguration();
        axon.start();
    }

    @AfterEach
    void stop() {
        axon.shutdown();
    }

    @Test
    void theProcessorFillsTheReadModelAndAReplayReproducesTheSameDocuments() {
        // The supersession is published before the successor is drafted.
        publish(PREDECESSOR, 0, drafted(PREDECESSOR, "2021-2025"));
        publish(PREDECESSOR, 1, new AgreementSuperseded(PREDECESSOR, SUCCESSOR, LocalDate.of(2025, 9, 1)));
        publish(SUCCESSOR, 0, drafted(SUCCESSOR, "2025-2029"));
        publish(SUCCESSOR, 1, new ApprovalRecorded(SUCCESSOR, HAMEENLINNA, 1, "Kaupunginhallitus",
                LocalDate.of(2025, 8, 25), "§ 30", "56/15.00.18/2025", "Approved."));

        await().atMost(Duration.ofSeconds(10)).until(() -> find(SUCCESSOR)
                .map(v -> v.aggregateSequence() == 1 && v.supersedes() != null).orElse(false));
        assertThat(find(PREDECESSOR)).map(AgreementView::status).contains(AgreementStatus.SUPERSEDED);
        List<Document> before = rawDocuments();

        TrackingEventProcessor processor = axon.eventProcessingConfiguration()
                .eventProcessor(AgreementSummaryProjection.PROCESSING_GROUP, TrackingEventProcessor.class)
                .orElseThrow();
        processor.shutDown();
        processor.resetTokens();
        assertThat(rawDocuments()).as("the reset handler dropped the read model").isEmpty();
        processor.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> rawDocuments().equals(before));
        assertThat(find(SUCCESSOR).orElseThrow().supersedes()).isEqualTo(PREDECESSOR.value());
    }

    private void publish(AgreementId id, long sequence, AgreementEvent event) {
        axon.eventStore().publish(new GenericDomainEventMessage<>("Agreement", id.value(), sequence, event));
    }

    private Optional<AgreementView> find(AgreementId id) {
        return axon.queryGateway()
                .query(new FindAgreement(id), ResponseTypes.optionalInstanceOf(AgreementView.class)).join();
    }

    private List<Document> rawDocuments() {
        return database.getCollection("agreement_summaries").find().sort(new Document("_id", 1))
                .into(new ArrayList<>());
    }

    private static AgreementDrafted drafted(AgreementId id, String term) {
        return new AgreementDrafted(id, "Puitesopimus " + term, AgreementKind.FRAMEWORK_AGREEMENT, "Kanta-Häme",
                CouncilTerm.parse(term), List.of(HAMEENLINNA, WELFARE_AREA),
                Principle.numbered(List.of("Plan welfare work together.")), List.of(), List.of(), 1,
                LocalDate.of(2025, 1, 10));
    }
}
