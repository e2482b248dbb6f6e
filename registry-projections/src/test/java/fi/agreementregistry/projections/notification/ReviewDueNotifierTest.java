package fi.agreementregistry.projections.notification;

import fi.agreementregistry.core.agreement.AgreementId;
import fi.agreementregistry.core.agreement.AgreementTerminated;
import fi.agreementregistry.core.review.ReviewCompleted;
import fi.agreementregistry.core.review.ReviewId;
import fi.agreementregistry.core.review.ReviewOutcome;
import fi.agreementregistry.projections.support.Events;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static fi.agreementregistry.projections.support.Events.HAMEENLINNA;
import static fi.agreementregistry.projections.support.Events.WELFARE_AREA;
import static fi.agreementregistry.projections.support.Events.drafted;
import static fi.agreementregistry.projections.support.Events.review;
import static org.assertj.core.api.Assertions.assertThat;

class ReviewDueNotifierTest {

    private static final AgreementId KANTA_HAME = AgreementId.of("kanta-hame-2025");
    private static final AgreementId OTHER = AgreementId.of("forssa-protocol");
    private static final LocalDate SCHEDULED = LocalDate.of(2025, 9, 3);

    private Events events;
    private ReminderReviews reviews;

    @BeforeEach
    void setUp() {
        events = new Events();
        events.to(new ReviewDueNotifier(events.database()));
        reviews = new ReminderReviews(events.database());
    }

    @AfterEach
    void tearDown() {
        events.close();
    }

    private List<String> open() {
        return reviews.open().stream().map(ReminderReviews.OpenReview::reviewId).sorted().toList();
    }

    @Test
    void aScheduledReviewIsOpenUntilItIsCompleted() {
        events.given(drafted(KANTA_HAME, SCHEDULED, HAMEENLINNA, WELFARE_AREA),
                review(KANTA_HAME, "mid-term", LocalDate.of(2027, 5, 31), SCHEDULED),
                review(KANTA_HAME, "annual", LocalDate.of(2026, 12, 31), SCHEDULED));
        assertThat(open()).containsExactly("annual", "mid-term");
        ReminderReviews.OpenReview annual = reviews.open().stream()
                .filter(r -> r.reviewId().equals("annual")).findFirst().orElseThrow();
        assertThat(annual.agreementId()).isEqualTo(KANTA_HAME.value());
        assertThat(annual.dueBy()).isEqualTo(LocalDate.of(2026, 12, 31));
        assertThat(annual.plannedOccurrence()).isNull();

        events.given(new ReviewCompleted(KANTA_HAME, ReviewId.of("annual"), LocalDate.of(2026, 1, 10),
                ReviewOutcome.NO_CHANGES, "§ 3"));
        assertThat(open()).containsExactly("mid-term");
        assertThat(reviews.closedReason("annual")).contains("review completed on 2026-01-10");
        assertThat(reviews.closedReason("mid-term")).isEmpty();
    }

    @Test
    void theEndOfAnAgreementClosesItsReviewsOnly() {
        events.given(drafted(KANTA_HAME, SCHEDULED, HAMEENLINNA, WELFARE_AREA),
                review(KANTA_HAME, "mid-term", LocalDate.of(2027, 5, 31), SCHEDULED));
        events.given(drafted(OTHER, SCHEDULED, HAMEENLINNA, WELFARE_AREA),
                review(OTHER, "other-review", LocalDate.of(2027, 5, 31), SCHEDULED));
        events.given(new AgreementTerminated(KANTA_HAME, LocalDate.of(2026, 2, 1), "Korvattu"));
        assertThat(open()).containsExactly("other-review");
        assertThat(reviews.closedReason("mid-term")).contains("agreement terminated on 2026-02-01");
    }

    @Test
    void aRedeliveredScheduleDoesNotReopenACompletedReview() {
        events.given(drafted(KANTA_HAME, SCHEDULED, HAMEENLINNA, WELFARE_AREA),
                review(KANTA_HAME, "annual", LocalDate.of(2026, 12, 31), SCHEDULED));
        reviews.markPlanned("annual", "before-60d", List.of("annual|before-60d|a@example.fi"));
        events.given(new ReviewCompleted(KANTA_HAME, ReviewId.of("annual"), LocalDate.of(2026, 1, 10),
                ReviewOutcome.NO_CHANGES, "§ 3"));
        events.redeliverEverything();
        assertThat(open()).isEmpty();
        assertThat(reviews.collection().find().first().getInteger("redeliveries")).isEqualTo(1);
    }

    @Test
    void aRedeliveredScheduleKeepsWhatWasPlanned() {
        events.given(drafted(KANTA_HAME, SCHEDULED, HAMEENLINNA, WELFARE_AREA),
                review(KANTA_HAME, "annual", LocalDate.of(2026, 12, 31), SCHEDULED));
        reviews.markPlanned("annual", "before-60d", List.of("annual|before-60d|a@example.fi"));
        events.redeliverEverything();
        assertThat(reviews.open()).singleElement().satisfies(r -> {
            assertThat(r.plannedOccurrence()).isEqualTo("before-60d");
            assertThat(r.plannedEntries()).containsExactly("annual|before-60d|a@example.fi");
        });
    }

    @Test
    void aReviewTakenOverFromTheReadModelBecomesItsEventsWithoutCountingARedelivery() {
        reviews.seed("annual", KANTA_HAME.value(), LocalDate.of(2026, 12, 31), "AGREEMENT_EVALUATION", "Hyte-foorumi");
        assertThat(reviews.seeded()).isFalse();
        reviews.markSeeded();
        assertThat(reviews.seeded()).isTrue();
        assertThat(open()).containsExactly("annual");

        events.given(drafted(KANTA_HAME, SCHEDULED, HAMEENLINNA, WELFARE_AREA),
                review(KANTA_HAME, "annual", LocalDate.of(2026, 12, 31), SCHEDULED));
        org.bson.Document annual = reviews.collection().find(com.mongodb.client.model.Filters.eq("_id", "annual")).first();
        assertThat(annual.get("redeliveries")).isNull();
        assertThat(annual.get("seeded")).isNull();
        events.given(new ReviewCompleted(KANTA_HAME, ReviewId.of("annual"), LocalDate.of(2026, 1, 10),
                ReviewOutcome.NO_CHANGES, "§ 3"));
        assertThat(open()).isEmpty();
        reviews.seed("annual", KANTA_HAME.value(), LocalDate.of(2026, 12, 31), "AGREEMENT_EVALUATION", "Hyte-foorumi");
        assertThat(open()).as("a closed review is not opened again by a late seed").isEmpty();
    }
}
