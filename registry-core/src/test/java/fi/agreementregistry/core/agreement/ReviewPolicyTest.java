package fi.agreementregistry.core.agreement;

import fi.agreementregistry.core.actor.Actor;
import fi.agreementregistry.core.review.CompleteReview;
import fi.agreementregistry.core.review.ReviewCompleted;
import fi.agreementregistry.core.review.ReviewId;
import fi.agreementregistry.core.review.ReviewOutcome;
import fi.agreementregistry.core.review.ReviewPolicy;
import fi.agreementregistry.core.review.ReviewScheduled;
import fi.agreementregistry.core.review.ScheduleReview;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static fi.agreementregistry.core.agreement.KantaHame.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The review cadence: the registry schedules the next review under the agreement's policy by itself. */
class ReviewPolicyTest {

    private static final ReviewPolicy YEARLY = ReviewPolicy.everyMonths(12, "hyte-foorumi");
    private static final ReviewPolicy PER_TERM = ReviewPolicy.oncePerCouncilTerm("integraatiovaliokunta");

    private final AggregateTestFixture<Agreement> fixture = agreementFixture();

    private static AgreementDrafted draftedWith(ReviewPolicy policy) {
        AgreementDrafted d = drafted();
        return new AgreementDrafted(d.agreementId(), d.title(), d.kind(), d.region(), d.councilTerm(), d.parties(),
                d.principles(), d.goals(), d.forums(), d.version(), d.draftedOn(), policy);
    }

    private static Object[] allButTheLastSignature(ReviewPolicy policy) {
        return new Object[] {draftedWith(policy),
                approved(WELFARE_AREA, 1, JAN_12),
                approved(HAMEEN_LIITTO, 1, JAN_19),
                approved(HAMEENLINNA, 1, JAN_26),
                signed(WELFARE_AREA, 1, FEB_2), signed(HAMEEN_LIITTO, 1, FEB_2)};
    }

    private static ReviewScheduled policyReview(ReviewPolicy policy, LocalDate dueBy, LocalDate scheduledOn) {
        String reason = policy.kind() == ReviewPolicy.Kind.EVERY_MONTHS
                ? "Review policy: every " + policy.months() + " months"
                : "Review policy: once per council term (611/2021 §14)";
        return new ReviewScheduled(AGREEMENT, ReviewId.of("policy-" + dueBy), dueBy, policy.reviewKind(),
                policy.responsibleBody(), reason, scheduledOn);
    }

    /** The last signature puts the agreement in force and schedules the policy's first review, due by {@code dueBy}. */
    private void expectFirstReviewOnEnteringIntoForce(ReviewPolicy policy, LocalDate dueBy) {
        fixture.given(allButTheLastSignature(policy))
                .when(sign(HAMEENLINNA, 1, FEB_9))
                .expectEvents(signed(HAMEENLINNA, 1, FEB_9), new AgreementEnteredIntoForce(AGREEMENT, 1, FEB_9),
                        policyReview(policy, dueBy, FEB_9));
    }

    @Test
    void aDraftCarriesItsReviewPolicy() {
        DraftAgreement d = draft(THREE_PARTIES);
        fixture.givenNoPriorActivity()
                .when(new DraftAgreement(d.agreementId(), d.title(), d.kind(), d.region(), d.councilTerm(), d.parties(),
                        d.principles(), d.goals(), d.forums(), YEARLY, null))
                .expectEvents(new AgreementDrafted(AGREEMENT, TITLE, AgreementKind.FRAMEWORK_AGREEMENT, "Kanta-Häme",
                        TERM, List.of(ref(WELFARE_AREA), ref(HAMEEN_LIITTO), ref(HAMEENLINNA)),
                        Principle.numbered(PRINCIPLES), GOALS, FORUMS, 1, TODAY, YEARLY));
    }

    @Test
    void aDraftRecordedLaterKeepsItsOwnDateButNotOneInTheFuture() {
        DraftAgreement d = draft(THREE_PARTIES);
        LocalDate september = LocalDate.of(2025, 9, 3);
        fixture.givenNoPriorActivity()
                .when(new DraftAgreement(d.agreementId(), d.title(), d.kind(), d.region(), d.councilTerm(), d.parties(),
                        d.principles(), d.goals(), d.forums(), null, september))
                .expectEvents(drafted());
        agreementFixture().givenNoPriorActivity()
                .when(new DraftAgreement(d.agreementId(), d.title(), d.kind(), d.region(), d.councilTerm(), d.parties(),
                        d.principles(), d.goals(), d.forums(), null, TODAY.plusDays(1)))
                .expectException(fi.agreementregistry.core.BusinessRuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void theFirstReviewUnderThePolicyIsScheduledWhenTheAgreementEntersIntoForce() {
        expectFirstReviewOnEnteringIntoForce(YEARLY, LocalDate.of(2027, 2, 9));
    }

    @Test
    void aReviewScheduledByTheRegistryNamesTheSystemAsItsActor() {
        fixture.given(allButTheLastSignature(YEARLY))
                .when(sign(HAMEENLINNA, 1, FEB_9));
        List<EventMessage<?>> stored = new java.util.ArrayList<>();
        fixture.getEventStore().readEvents(AGREEMENT.value()).asStream().forEach(stored::add);
        EventMessage<?> scheduled = stored.get(stored.size() - 1);
        assertThat(scheduled.getPayload()).isInstanceOf(ReviewScheduled.class);
        assertThat(Actor.fromMetaData(scheduled.getMetaData())).contains(Actor.SYSTEM);
    }

    @Test
    void oncePerCouncilTermTheFirstReviewIsDueAtTheEndOfTheTermInForce() {
        expectFirstReviewOnEnteringIntoForce(PER_TERM, LocalDate.of(2029, 5, 31));
    }

    @Test
    void completingAReviewUnderThePolicySchedulesTheNextOne() {
        ReviewScheduled first = policyReview(YEARLY, LocalDate.of(2027, 2, 9), FEB_9);
        fixture.given(plus(allButTheLastSignature(YEARLY), signed(HAMEENLINNA, 1, FEB_9),
                        new AgreementEnteredIntoForce(AGREEMENT, 1, FEB_9), first))
                .when(new CompleteReview(AGREEMENT, first.reviewId(), TODAY, ReviewOutcome.NO_CHANGES, "§ 12", null))
                .expectEvents(new ReviewCompleted(AGREEMENT, first.reviewId(), TODAY, ReviewOutcome.NO_CHANGES, "§ 12"),
                        policyReview(YEARLY, TODAY.plusMonths(12), TODAY));
    }

    @Test
    void oncePerCouncilTermTheNextReviewIsDueAtTheEndOfTheNextTerm() {
        ReviewScheduled first = policyReview(PER_TERM, LocalDate.of(2029, 5, 31), FEB_9);
        fixture.given(plus(allButTheLastSignature(PER_TERM), signed(HAMEENLINNA, 1, FEB_9),
                        new AgreementEnteredIntoForce(AGREEMENT, 1, FEB_9), first))
                .when(new CompleteReview(AGREEMENT, first.reviewId(), TODAY, ReviewOutcome.NO_CHANGES, null, null))
                .expectEvents(new ReviewCompleted(AGREEMENT, first.reviewId(), TODAY, ReviewOutcome.NO_CHANGES, null),
                        policyReview(PER_TERM, LocalDate.of(2033, 5, 31), TODAY));
    }

    @Test
    void completingAReviewOfAnotherKindSchedulesNothing() {
        ReviewId adHoc = ReviewId.of("ad-hoc");
        fixture.given(plus(allButTheLastSignature(YEARLY), signed(HAMEENLINNA, 1, FEB_9),
                        new AgreementEnteredIntoForce(AGREEMENT, 1, FEB_9),
                        policyReview(YEARLY, LocalDate.of(2027, 2, 9), FEB_9),
                        new ReviewScheduled(AGREEMENT, adHoc, TODAY, "AGREEMENT_EVALUATION", "IVA", null, FEB_9)))
                .when(new CompleteReview(AGREEMENT, adHoc, TODAY, ReviewOutcome.NO_CHANGES, null, null))
                .expectEvents(new ReviewCompleted(AGREEMENT, adHoc, TODAY, ReviewOutcome.NO_CHANGES, null));
    }

    @Test
    void noReviewIsScheduledWhileOneUnderThePolicyIsStillOpen() {
        ReviewId manual = ReviewId.of("manual-periodic");
        ReviewId second = ReviewId.of("second-periodic");
        fixture.given(plus(allButTheLastSignature(YEARLY), signed(HAMEENLINNA, 1, FEB_9),
                        new AgreementEnteredIntoForce(AGREEMENT, 1, FEB_9),
                        new ReviewScheduled(AGREEMENT, manual, TODAY, YEARLY.reviewKind(), "IVA", null, FEB_9),
                        new ReviewScheduled(AGREEMENT, second, TODAY, YEARLY.reviewKind(), "IVA", null, FEB_9)))
                .when(new CompleteReview(AGREEMENT, manual, TODAY, ReviewOutcome.NO_CHANGES, null, null))
                .expectEvents(new ReviewCompleted(AGREEMENT, manual, TODAY, ReviewOutcome.NO_CHANGES, null));
    }

    @Test
    void anAgreementWithoutAPolicyGetsNoReviewByItself() {
        fixture.given(plus(new Object[] {drafted()}, approved(WELFARE_AREA, 1, JAN_12),
                        approved(HAMEEN_LIITTO, 1, JAN_19),
                        approved(HAMEENLINNA, 1, JAN_26),
                        signed(WELFARE_AREA, 1, FEB_2), signed(HAMEEN_LIITTO, 1, FEB_2)))
                .when(sign(HAMEENLINNA, 1, FEB_9))
                .expectEvents(signed(HAMEENLINNA, 1, FEB_9), new AgreementEnteredIntoForce(AGREEMENT, 1, FEB_9));
    }

    @Test
    void aPolicyNeedsAKindAPositiveNumberOfMonthsAndAResponsibleBody() {
        assertThatThrownBy(() -> new ReviewPolicy(null, 12, "IVA")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReviewPolicy.everyMonths(0, "IVA")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReviewPolicy.everyMonths(12, " ")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new ReviewPolicy(ReviewPolicy.Kind.ONCE_PER_COUNCIL_TERM, 12, "IVA").months()).isNull();
    }

    @Test
    void councilTermsRunFromJuneToMayAndRepeatBeforeAndAfterTheAgreementsTerm() {
        CouncilTerm term = CouncilTerm.parse("2025-2029");
        assertThat(PER_TERM.firstDue(LocalDate.of(2025, 6, 1), term)).isEqualTo(LocalDate.of(2029, 5, 31));
        assertThat(PER_TERM.firstDue(LocalDate.of(2029, 5, 31), term)).isEqualTo(LocalDate.of(2029, 5, 31));
        assertThat(PER_TERM.firstDue(LocalDate.of(2029, 6, 1), term)).isEqualTo(LocalDate.of(2033, 5, 31));
        assertThat(PER_TERM.firstDue(LocalDate.of(2025, 5, 31), term)).isEqualTo(LocalDate.of(2025, 5, 31));
        assertThat(PER_TERM.firstDue(LocalDate.of(2023, 1, 1), term)).isEqualTo(LocalDate.of(2025, 5, 31));
    }
}
