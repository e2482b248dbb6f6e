package fi.agreementregistry.projections.agreement;

import fi.agreementregistry.core.agreement.AgreementEnteredIntoForce;
import fi.agreementregistry.core.agreement.AgreementEvent;
import fi.agreementregistry.core.agreement.AgreementId;
import fi.agreementregistry.core.agreement.AgreementStatus;
import fi.agreementregistry.core.agreement.Principle;
import fi.agreementregistry.core.amendment.PrinciplesAmended;
import fi.agreementregistry.core.amendment.PrinciplesAmendmentProposed;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.MetaData;
import fi.agreementregistry.projections.support.Events;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static fi.agreementregistry.projections.support.Events.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The agreement as of a business date and as known at a recorded time, folded from its own events. */
class AgreementAsOfQueriesTest {

    private static final AgreementId ID = AgreementId.of("kanta-hame-2025");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T10:00:00Z"), ZoneOffset.UTC);
    private static final List<Principle> V1 = drafted(ID, LocalDate.of(2025, 1, 1), HAMEENLINNA).principles();
    private static final List<Principle> V2 = Principle.numbered(List.of("Evaluate every year."));

    private EmbeddedEventStore eventStore;
    private AgreementAsOfQueries queries;
    private long sequence;

    @BeforeEach
    void setUp() {
        eventStore = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        queries = new AgreementAsOfQueries(eventStore, CLOCK, 30);
        // Recorded in 2025: the draft, approvals, signatures and entry into force, and a later amendment.
        record("2025-09-03T08:00:00Z", drafted(ID, LocalDate.of(2025, 9, 3), HAMEENLINNA, WELFARE_AREA));
        record("2025-09-22T08:00:00Z", approved(ID, HAMEENLINNA, 1, LocalDate.of(2025, 9, 22)));
        record("2025-10-07T08:00:00Z", approved(ID, WELFARE_AREA, 1, LocalDate.of(2025, 10, 7)));
        record("2025-10-10T08:00:00Z", signed(ID, HAMEENLINNA, 1, LocalDate.of(2025, 10, 10)));
        record("2025-10-14T08:00:00Z", signed(ID, WELFARE_AREA, 1, LocalDate.of(2025, 10, 14)));
        record("2025-10-14T08:00:01Z", new AgreementEnteredIntoForce(ID, 1, LocalDate.of(2025, 10, 14)));
        record("2026-01-21T08:00:00Z", new PrinciplesAmendmentProposed(ID, 2, V1, V2, "yearly", LocalDate.of(2026, 1, 21)));
        record("2026-02-02T08:00:00Z", approved(ID, HAMEENLINNA, 2, LocalDate.of(2026, 2, 2)));
        // Recorded only in March 2026, but decided in February: history imported later.
        record("2026-03-01T08:00:00Z", approved(ID, WELFARE_AREA, 2, LocalDate.of(2026, 2, 9)));
        record("2026-03-01T08:00:01Z", new PrinciplesAmended(ID, 2, V1, V2, "yearly", LocalDate.of(2026, 2, 9)));
    }

    @AfterEach
    void tearDown() {
        eventStore.shutDown();
    }

    private void record(String recordedAt, AgreementEvent event) {
        eventStore.publish(new GenericDomainEventMessage<>("Agreement", ID.value(), sequence++, event,
                MetaData.emptyInstance(), UUID.randomUUID().toString(), Instant.parse(recordedAt)));
    }

    private AgreementView asOf(String date) {
        return queries.handle(new FindAgreementAsOf(ID, LocalDate.parse(date), null));
    }

    @Test
    void aLongAgreementAskedAgainShowsTheEventsRecordedSince() {
        for (int i = 0; i < AgreementAsOfQueries.KEPT_FROM_EVENTS; i++) {
            record("2026-03-02T08:00:00Z", Events.review(ID, "r" + i, LocalDate.of(2027, 1, 1), LocalDate.of(2026, 3, 2)));
        }
        assertThat(queries.handle(new FindAgreementAsOf(ID, null, null)).reviews())
                .hasSize(AgreementAsOfQueries.KEPT_FROM_EVENTS);

        record("2026-03-02T09:00:00Z", Events.review(ID, "later", LocalDate.of(2027, 2, 1), LocalDate.of(2026, 3, 2)));

        AgreementView now = queries.handle(new FindAgreementAsOf(ID, null, null));
        assertThat(now.reviews()).hasSize(AgreementAsOfQueries.KEPT_FROM_EVENTS + 1);
        assertThat(now.reviews()).extracting(ReviewView::reviewId).contains("later");
        assertThat(queries.handle(new FindAgreementAsOf(ID, null, Instant.parse("2026-03-02T08:30:00Z"))).reviews())
                .as("known at a time before it").extracting(ReviewView::reviewId).doesNotContain("later");
    }

    @Test
    void beforeItWasDraftedThereIsNoAgreement() {
        assertThat(asOf("2025-09-02")).isNull();
        assertThat(queries.handle(new FindAgreementAsOf(AgreementId.of("unknown"), null, null))).isNull();
        assertThat(queries.handle(new FindAgreementAsOf(ID, null, Instant.parse("2025-09-03T07:59:59Z")))).isNull();
    }

    @Test
    void betweenTheApprovalsOnlyTheFirstPartyHadApproved() {
        AgreementView view = asOf("2025-09-30");
        assertThat(view.status()).isEqualTo(AgreementStatus.DRAFT);
        assertThat(view.parties()).filteredOn(p -> p.approval() != null).extracting(PartyView::partyId)
                .containsExactly("municipality:109");
        assertThat(view.aggregateSequence()).isEqualTo(1);
    }

    @Test
    void afterEntryIntoForceVersionOneWasInForce() {
        AgreementView view = asOf("2025-12-31");
        assertThat(view.status()).isEqualTo(AgreementStatus.IN_FORCE);
        assertThat(view.enteredIntoForceOn()).isEqualTo(LocalDate.of(2025, 10, 14));
        assertThat(view.version()).isEqualTo(1);
        assertThat(view.parties()).allSatisfy(p -> assertThat(p.signature()).isNotNull());
    }

    @Test
    void afterTheAmendmentVersionTwoWasInForce() {
        AgreementView view = asOf("2026-02-28");
        assertThat(view.version()).isEqualTo(2);
        assertThat(view.principles()).isEqualTo(V2);
        assertThat(view.pendingAmendment()).isNull();

        AgreementView pending = asOf("2026-02-05");
        assertThat(pending.version()).isEqualTo(1);
        assertThat(pending.pendingAmendment().approvedBy()).containsExactly("municipality:109");
    }

    @Test
    void knownAtExcludesWhatWasRecordedLaterAndCombinesWithAsOf() {
        AgreementView known = queries.handle(new FindAgreementAsOf(ID, LocalDate.parse("2026-02-28"),
                Instant.parse("2026-02-15T00:00:00Z")));
        assertThat(known.version()).as("the amendment was recorded in March").isEqualTo(1);
        assertThat(known.pendingAmendment().approvedBy()).containsExactly("municipality:109");

        AgreementView knownOnly = queries.handle(new FindAgreementAsOf(ID, null, Instant.parse("2026-03-01T08:00:01Z")));
        assertThat(knownOnly.version()).isEqualTo(2);
    }
}
