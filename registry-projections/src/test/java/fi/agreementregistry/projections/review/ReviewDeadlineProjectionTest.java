package fi.agreementregistry.projections.review;

import fi.agreementregistry.core.agreement.AgreementId;
import fi.agreementregistry.core.agreement.AgreementStatus;
import fi.agreementregistry.core.agreement.AgreementTerminated;
import fi.agreementregistry.core.agreement.PartyAdded;
import fi.agreementregistry.core.review.ReviewCompleted;
import fi.agreementregistry.core.review.ReviewId;
import fi.agreementregistry.core.review.ReviewOutcome;
import fi.agreementregistry.projections.agreement.ReviewStatus;
import fi.agreementregistry.projections.support.CollectionNames;
import fi.agreementregistry.projections.support.Events;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static fi.agreementregistry.projections.support.Events.*;
import static org.assertj.core.api.Assertions.assertThat;

class ReviewDeadlineProjectionTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 3, 2);
    private static final Clock CLOCK = Clock.fixed(TODAY.atTime(10, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
    private static final AgreementId KANTA_HAME = AgreementId.of("kanta-hame-2025");
    private static final AgreementId OTHER = AgreementId.of("forssa-protocol");

    private Events events;
    private ReviewDeadlineQueries queries;

    @BeforeEach
    void setUp() {
        events = new Events();
        events.to(new ReviewDeadlineProjection(events.database(), CollectionNames.BASE));
        queries = new ReviewDeadlineQueries(events.database(), CollectionNames.BASE, CLOCK, 30);
        events.given(drafted(KANTA_HAME, LocalDate.of(2025, 9, 3), HAMEENLINNA, WELFARE_AREA),
                review(KANTA_HAME, "due-today", TODAY, LocalDate.of(2025, 9, 3)),
                review(KANTA_HAME, "due-in-30-days", TODAY.plusDays(30), LocalDate.of(2025, 9, 3)),
                review(KANTA_HAME, "due-in-31-days", TODAY.plusDays(31), LocalDate.of(2025, 9, 3)),
                review(KANTA_HAME, "one-day-late", TODAY.minusDays(1), LocalDate.of(2025, 9, 3)),
                review(KANTA_HAME, "done-on-time", TODAY.minusDays(10), LocalDate.of(2025, 9, 3)),
                new ReviewCompleted(KANTA_HAME, ReviewId.of("done-on-time"), TODAY.minusDays(10),
                        ReviewOutcome.NO_CHANGES, "§ 3"),
                review(KANTA_HAME, "done-late", TODAY.minusDays(20), LocalDate.of(2025, 9, 3)),
                new ReviewCompleted(KANTA_HAME, ReviewId.of("done-late"), TODAY.minusDays(19),
                        ReviewOutcome.AMEND, "§ 4"));
        events.given(drafted(OTHER, LocalDate.of(2025, 1, 10), FORSSA, WELFARE_AREA),
                new ReviewScheduledBuilder(OTHER).build());
    }

    @AfterEach
    void tearDown() {
        events.close();
    }

    /** A review of the other agreement by another body, due next year. */
    private record ReviewScheduledBuilder(AgreementId id) {
        fi.agreementregistry.core.review.ReviewScheduled build() {
            return new fi.agreementregistry.core.review.ReviewScheduled(id, ReviewId.of("annual"),
                    LocalDate.of(2027, 1, 31), "ANNUAL_WELFARE_NEGOTIATION", "Hyte-foorumi", null,
                    LocalDate.of(2025, 1, 10));
        }
    }

    private ReviewStatus statusOf(ReviewDeadlines deadlines, String reviewId) {
        return deadlines.reviews().stream().filter(r -> r.review().reviewId().equals(reviewId)).findFirst().orElseThrow()
                .review().status();
    }

    @Test
    void everyEventOfTheAgreementMovesItsSequenceSoAnEventAheadOfItsTurnIsRefused() {
        AgreementId id = AgreementId.of("sequence-check");
        events.given(drafted(id, LocalDate.of(2025, 9, 3), HAMEENLINNA, WELFARE_AREA),
                Events.approved(id, HAMEENLINNA, 1, LocalDate.of(2025, 10, 1)));
        assertThat(events.database().getCollection("review_agreements")
                .find(new org.bson.Document("_id", id.value())).first().get("aggregateSequence", Number.class)
                .longValue()).as("an approval, which the review list does not show, still counts").isEqualTo(1);

        org.axonframework.eventhandling.GenericDomainEventMessage<?> ahead =
                new org.axonframework.eventhandling.GenericDomainEventMessage<>("Agreement", id.value(), 3,
                        Events.approved(id, WELFARE_AREA, 1, LocalDate.of(2025, 10, 2)));
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        new org.axonframework.eventhandling.AnnotationEventHandlerAdapter(
                                new ReviewDeadlineProjection(events.database(), CollectionNames.BASE)).handle(ahead))
                .isInstanceOf(fi.agreementregistry.projections.support.EventOutOfOrder.class);
    }

    @Test
    void statusesAroundTheBoundariesAgainstTheClock() {
        ReviewDeadlines all = queries.handle(FindReviews.all());

        assertThat(all.asOf()).isEqualTo(TODAY);
        assertThat(statusOf(all, "due-today")).isEqualTo(ReviewStatus.DUE_SOON);
        assertThat(statusOf(all, "due-in-30-days")).isEqualTo(ReviewStatus.DUE_SOON);
        assertThat(statusOf(all, "due-in-31-days")).isEqualTo(ReviewStatus.UPCOMING);
        assertThat(statusOf(all, "one-day-late")).isEqualTo(ReviewStatus.OVERDUE);
        assertThat(statusOf(all, "done-on-time")).isEqualTo(ReviewStatus.COMPLETED_ON_TIME);
        assertThat(statusOf(all, "done-late")).isEqualTo(ReviewStatus.COMPLETED_LATE);
        assertThat(all.reviews()).extracting(r -> r.review().dueBy()).isSorted();
        ReviewDeadline first = all.reviews().get(0);
        assertThat(first.agreementTitle()).isEqualTo("Puitesopimus kanta-hame-2025");
        assertThat(first.parties()).containsExactly(HAMEENLINNA, WELFARE_AREA);
    }

    @Test
    void asOfADateTheStatusesHoldForThatDayAndLaterCompletionsAreStillOpen() {
        ReviewDeadlines earlier = queries.handle(new FindReviews(null, null, null, null, null, TODAY.minusDays(15)));

        assertThat(statusOf(earlier, "done-late")).as("completed four days later").isEqualTo(ReviewStatus.COMPLETED_LATE);
        assertThat(statusOf(earlier, "done-on-time")).as("completed five days later").isEqualTo(ReviewStatus.DUE_SOON);
        assertThat(statusOf(earlier, "due-in-31-days")).isEqualTo(ReviewStatus.UPCOMING);

        ReviewDeadlines overdue = queries.handle(new FindReviews(ReviewStatus.OVERDUE, null, null, null, null,
                TODAY.plusDays(1)));
        assertThat(overdue.reviews()).extracting(r -> r.review().reviewId()).containsExactly("one-day-late", "due-today");
    }

    @Test
    void filtersByDueDateResponsibleBodyAndParty() {
        assertThat(queries.handle(new FindReviews(null, TODAY.plusDays(30), TODAY, null, null, null)).reviews())
                .extracting(r -> r.review().reviewId()).containsExactly("due-today", "due-in-30-days");
        assertThat(queries.handle(new FindReviews(null, null, null, "hyte-foorumi", null, null)).reviews())
                .extracting(r -> r.review().reviewId()).containsExactly("annual");
        assertThat(queries.handle(new FindReviews(null, null, null, null, FORSSA.id(), null)).reviews())
                .extracting(ReviewDeadline::agreementId).containsOnly(OTHER.value());
        assertThat(queries.handle(new FindReviews(null, null, null, null, WELFARE_AREA.id(), null)).reviews())
                .hasSize(7);
    }

    @Test
    void partiesAndTheAgreementsStatusFollowTheirEvents() {
        events.given(new PartyAdded(OTHER, HAMEENLINNA, LocalDate.of(2025, 2, 1)),
                new AgreementTerminated(OTHER, LocalDate.of(2026, 1, 1), "Replaced"));

        ReviewDeadline annual = queries.handle(new FindReviews(null, null, null, null, HAMEENLINNA.id(), null))
                .reviews().stream().filter(r -> r.agreementId().equals(OTHER.value())).findFirst().orElseThrow();
        assertThat(annual.parties()).contains(HAMEENLINNA);
        assertThat(annual.agreementStatus()).isEqualTo(AgreementStatus.TERMINATED);
    }

    @Test
    void anEventDeliveredTwiceLeavesTheSameDocuments() {
        List<Document> reviews = events.database().getCollection("review_deadlines").find()
                .sort(new Document("_id", 1)).into(new ArrayList<>());
        List<Document> agreements = events.database().getCollection("review_agreements").find()
                .sort(new Document("_id", 1)).into(new ArrayList<>());

        events.redeliverEverything();

        assertThat(events.database().getCollection("review_deadlines").find().sort(new Document("_id", 1))
                .into(new ArrayList<>())).isEqualTo(reviews);
        assertThat(events.database().getCollection("review_agreements").find().sort(new Document("_id", 1))
                .into(new ArrayList<>())).isEqualTo(agreements);
    }
}
