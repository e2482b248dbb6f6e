package fi.agreementregistry.projections.negotiation;

import fi.agreementregistry.core.negotiation.LegalBasis;
import fi.agreementregistry.core.negotiation.Measure;
import fi.agreementregistry.core.negotiation.MeasureAdded;
import fi.agreementregistry.core.negotiation.MeasureId;
import fi.agreementregistry.core.negotiation.MeasureStatus;
import fi.agreementregistry.core.negotiation.MeasureStatusChanged;
import fi.agreementregistry.core.negotiation.MinutesReference;
import fi.agreementregistry.core.negotiation.NegotiationEvent;
import fi.agreementregistry.core.negotiation.NegotiationId;
import fi.agreementregistry.core.negotiation.NegotiationRecorded;
import fi.agreementregistry.projections.support.CollectionNames;
import fi.agreementregistry.projections.support.EventOutOfOrder;
import fi.agreementregistry.projections.support.Events;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NegotiationProjectionTest {

    private static final NegotiationId ID = NegotiationId.of("kanta-hame-2025");
    private static final MeasureId FIRST = MeasureId.of("m1");

    private final Events events = new Events();
    private final NegotiationProjection projection = new NegotiationProjection(events.database(), CollectionNames.BASE);
    private final AnnotationEventHandlerAdapter handler = new AnnotationEventHandlerAdapter(projection);
    private final NegotiationQueries queries = new NegotiationQueries(events.database(), CollectionNames.BASE);

    @AfterEach
    void close() {
        events.close();
    }

    private void deliver(long sequence, NegotiationEvent event) throws Exception {
        handler.handle(new GenericDomainEventMessage<>("Negotiation", event.negotiationId().value(), sequence, event,
                MetaData.emptyInstance(), UUID.randomUUID().toString(), Instant.parse("2026-01-05T08:00:00Z")));
    }

    private static NegotiationRecorded recorded() {
        return new NegotiationRecorded(ID, Events.WELFARE_AREA, List.of(Events.HAMEENLINNA),
                LocalDate.of(2025, 10, 15), List.of(LegalBasis.ACT_611_2021_S14),
                List.of("Yhteistyö ja työnjako"), new MinutesReference("Kuntaneuvottelu", LocalDate.of(2025, 10, 15),
                "3 §", null),
                List.of(new Measure(FIRST, "Seuranta", List.of(Events.HAMEENLINNA), LocalDate.of(2026, 1, 31), null)));
    }

    @Test
    void aNegotiationItsMeasuresAndTheirHistoriesAreKept() throws Exception {
        deliver(0, recorded());
        deliver(1, new MeasureAdded(ID, new Measure(MeasureId.of("m2"), "Kartoitus", List.of(Events.WELFARE_AREA),
                LocalDate.of(2026, 6, 30), "kanta-hame-puitesopimus"), LocalDate.of(2025, 11, 1)));
        deliver(2, new MeasureStatusChanged(ID, FIRST, MeasureStatus.PLANNED, MeasureStatus.IN_PROGRESS,
                LocalDate.of(2025, 12, 1), "Aloitettu"));

        NegotiationView view = queries.find(ID.value()).orElseThrow();
        assertThat(view.aggregateSequence()).isEqualTo(2);
        assertThat(view.legalBases()).containsExactly(LegalBasis.ACT_611_2021_S14);
        assertThat(view.minutesReference().section()).isEqualTo("3 §");
        MeasureView first = view.measures().get(0);
        assertThat(first.status()).isEqualTo(MeasureStatus.IN_PROGRESS);
        assertThat(first.statusOn()).isEqualTo(LocalDate.of(2025, 12, 1));
        assertThat(first.history()).extracting(MeasureView.StatusChange::status)
                .containsExactly(MeasureStatus.PLANNED, MeasureStatus.IN_PROGRESS);
        assertThat(first.statusAsOf(LocalDate.of(2025, 11, 30))).isEqualTo(MeasureStatus.PLANNED);
        assertThat(first.statusAsOf(LocalDate.of(2025, 10, 14))).isNull();
        assertThat(first.isOverdueOn(LocalDate.of(2026, 2, 1))).isTrue();
        assertThat(first.isOverdueOn(LocalDate.of(2026, 1, 31))).isFalse();
        assertThat(view.measures().get(1).agreedOn()).isEqualTo(LocalDate.of(2025, 11, 1));
        assertThat(view.measures().get(1).agreementId()).isEqualTo("kanta-hame-puitesopimus");
    }

    @Test
    void aRedeliveredEventChangesNothingAndOneAheadOfItsTurnFails() throws Exception {
        deliver(0, recorded());
        MeasureStatusChanged started = new MeasureStatusChanged(ID, FIRST, MeasureStatus.PLANNED,
                MeasureStatus.IN_PROGRESS, LocalDate.of(2025, 12, 1), "Aloitettu");
        deliver(1, started);
        deliver(1, started);
        deliver(0, recorded());
        assertThat(queries.find(ID.value()).orElseThrow().measures().get(0).history()).hasSize(2);

        assertThatThrownBy(() -> deliver(3, started)).isInstanceOf(EventOutOfOrder.class);
    }

    @Test
    void listsFilterByCountyPartyAndDates() throws Exception {
        deliver(0, recorded());
        assertThat(queries.list("welfare-area:07", "municipality:109", LocalDate.of(2025, 10, 15),
                LocalDate.of(2025, 10, 15))).hasSize(1);
        assertThat(queries.list("welfare-area:07", "municipality:061", null, null)).isEmpty();
        assertThat(queries.list("welfare-area:09", null, null, null)).isEmpty();
        assertThat(queries.list(null, null, LocalDate.of(2025, 10, 16), null)).isEmpty();
        assertThat(queries.measures("municipality:109", null, null, LocalDate.of(2026, 2, 1), n -> true))
                .singleElement().satisfies(entry -> assertThat(entry.overdue()).isTrue());
        assertThat(queries.measures("municipality:109", null, null, LocalDate.of(2026, 2, 1), n -> false)).isEmpty();
    }
}
