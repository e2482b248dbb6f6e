package fi.agreementregistry.core.agreement;

import fi.agreementregistry.core.BusinessRuleViolation;
import fi.agreementregistry.core.actor.Actor;
import fi.agreementregistry.core.amendment.AmendPrinciples;
import fi.agreementregistry.core.amendment.PrinciplesAmended;
import fi.agreementregistry.core.amendment.PrinciplesAmendmentProposed;
import fi.agreementregistry.core.approval.RecordApproval;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.core.party.UnknownPartyException;
import fi.agreementregistry.core.review.CompleteReview;
import fi.agreementregistry.core.review.ReviewCompleted;
import fi.agreementregistry.core.review.ReviewId;
import fi.agreementregistry.core.review.ReviewOutcome;
import fi.agreementregistry.core.review.ReviewScheduled;
import fi.agreementregistry.core.review.ScheduleReview;
import fi.agreementregistry.core.signature.SignAgreement;
import fi.agreementregistry.core.signature.Signatory;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import static fi.agreementregistry.core.agreement.KantaHame.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/**
 * One test per {@link AgreementRule}, named after the rule in camelCase (e.g. {@code notYetApproved} for
 * not-yet-approved, with an optional qualifier), plus tests of the lifecycle transitions named as sentences.
 */
class AgreementTest {

    private static final LocalDate JAN_12 = LocalDate.of(2026, 1, 12);
    private static final LocalDate JAN_19 = LocalDate.of(2026, 1, 19);
    private static final LocalDate JAN_26 = LocalDate.of(2026, 1, 26);
    private static final LocalDate FEB_2 = LocalDate.of(2026, 2, 2);
    private static final LocalDate FEB_9 = LocalDate.of(2026, 2, 9);
    private static final ReviewId SPRING_REVIEW = ReviewId.of("evaluation-spring-2027");
    private static final List<String> AMENDED = List.of(
            "The parties are strategic partners and equal legal actors.",
            "Cooperation with organisations is part of the shared welfare work.");

    private AggregateTestFixture<Agreement> fixture;

    @BeforeEach
    void setUp() {
        fixture = newFixture();
    }

    private static AggregateTestFixture<Agreement> newFixture() {
        AggregateTestFixture<Agreement> fixture = new AggregateTestFixture<>(Agreement.class);
        fixture.registerInjectableResource(CLOCK);
        fixture.registerInjectableResource(DIRECTORY);
        return fixture;
    }

    private static Matcher<BusinessRuleViolation> violates(AgreementRule rule) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(BusinessRuleViolation violation) {
                return rule.ruleName().equals(violation.rule());
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a violation of rule " + rule.ruleName());
            }
        };
    }

    // ---- drafting ------------------------------------------------------------------------------

    @Test
    void aDraftStartsAtVersionOneWithNumberedPrinciplesAndThePartiesNamesOfToday() {
        fixture.givenNoPriorActivity()
                .when(draft(THREE_PARTIES))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new AgreementDrafted(AGREEMENT, TITLE, AgreementKind.FRAMEWORK_AGREEMENT, "Kanta-Häme",
                        TERM, List.of(ref(WELFARE_AREA), ref(HAMEEN_LIITTO), ref(HAMEENLINNA)),
                        List.of(new Principle(1, PRINCIPLES.get(0)), new Principle(2, PRINCIPLES.get(1)),
                                new Principle(3, PRINCIPLES.get(2))),
                        GOALS, FORUMS, 1, TODAY))
                .expectState(agreement -> {
                    assertThat(agreement.status()).isEqualTo(AgreementStatus.DRAFT);
                    assertThat(agreement.lastSequence()).isZero();
                });
        assertThat(ref(HAMEENLINNA).name()).isEqualTo("Hämeenlinna");
    }

    @Test
    void invalidDraft() {
        fixture.givenNoPriorActivity()
                .when(new DraftAgreement(AGREEMENT, " ", AgreementKind.FRAMEWORK_AGREEMENT, null, TERM,
                        THREE_PARTIES, PRINCIPLES, GOALS, FORUMS))
                .expectException(violates(AgreementRule.INVALID_DRAFT))
                .expectNoEvents();
        newFixture().givenNoPriorActivity()
                .when(new DraftAgreement(AGREEMENT, TITLE, null, null, TERM, THREE_PARTIES, PRINCIPLES, null, null))
                .expectException(violates(AgreementRule.INVALID_DRAFT));
        newFixture().givenNoPriorActivity()
                .when(new DraftAgreement(AGREEMENT, TITLE, AgreementKind.FRAMEWORK_AGREEMENT, null, null,
                        THREE_PARTIES, PRINCIPLES, null, null))
                .expectException(violates(AgreementRule.INVALID_DRAFT));
        newFixture().givenNoPriorActivity()
                .when(new DraftAgreement(AGREEMENT, TITLE, AgreementKind.FRAMEWORK_AGREEMENT, null, TERM,
                        THREE_PARTIES, List.of("first", " "), null, null))
                .expectException(violates(AgreementRule.INVALID_DRAFT));
    }

    @Test
    void atLeastTwoParties() {
        fixture.givenNoPriorActivity()
                .when(draft(List.of(WELFARE_AREA)))
                .expectException(violates(AgreementRule.AT_LEAST_TWO_PARTIES))
                .expectNoEvents();
    }

    @Test
    void partyListedTwice() {
        fixture.givenNoPriorActivity()
                .when(draft(List.of(WELFARE_AREA, HAMEENLINNA, WELFARE_AREA)))
                .expectException(violates(AgreementRule.PARTY_LISTED_TWICE))
                .expectExceptionMessage(containsString("welfare-area:07"))
                .expectNoEvents();
    }

    @Test
    void everyPartyMustBeKnownToTheDirectory() {
        fixture.givenNoPriorActivity()
                .when(draft(List.of(WELFARE_AREA, PERTUNMAA)))
                .expectException(UnknownPartyException.class)
                .expectExceptionMessage(containsString("municipality:588"))
                .expectNoEvents();
    }

    // ---- parties -------------------------------------------------------------------------------

    @Test
    void aPartyIsAddedToADraftWithItsNameFromTheDirectory() {
        fixture.given(drafted())
                .when(new AddParty(AGREEMENT, FORSSA, null))
                .expectEvents(new PartyAdded(AGREEMENT, ref(FORSSA), TODAY))
                .expectResultMessagePayload(new AgreementCommandResult(1, 1));
        newFixture().given(drafted())
                .when(new AddParty(AGREEMENT, PERTUNMAA, null))
                .expectException(UnknownPartyException.class);
    }

    @Test
    void partiesChangeOnlyInDraft() {
        fixture.given(inForce())
                .when(new AddParty(AGREEMENT, FORSSA, null))
                .expectException(violates(AgreementRule.PARTIES_CHANGE_ONLY_IN_DRAFT));
        newFixture().given(inForce())
                .when(new RemoveParty(AGREEMENT, HAMEENLINNA, null))
                .expectException(violates(AgreementRule.PARTIES_CHANGE_ONLY_IN_DRAFT));
    }

    @Test
    void partyRequired() {
        fixture.given(drafted())
                .when(new AddParty(AGREEMENT, null, null))
                .expectException(violates(AgreementRule.PARTY_REQUIRED));
    }

    @Test
    void alreadyAParty() {
        fixture.given(drafted())
                .when(new AddParty(AGREEMENT, HAMEENLINNA, null))
                .expectException(violates(AgreementRule.ALREADY_A_PARTY))
                .expectExceptionMessage(containsString("Hämeenlinna"));
    }

    @Test
    void notAParty() {
        fixture.given(drafted())
                .when(new RemoveParty(AGREEMENT, HELSINKI, null))
                .expectException(violates(AgreementRule.NOT_A_PARTY));
        newFixture().given(drafted())
                .when(approve(HELSINKI, 1, JAN_12))
                .expectException(violates(AgreementRule.NOT_A_PARTY));
        newFixture().given(drafted())
                .when(sign(HELSINKI, 1, JAN_12))
                .expectException(violates(AgreementRule.NOT_A_PARTY));
    }

    @Test
    void atLeastTwoPartiesRemainAfterARemoval() {
        fixture.given(drafted(List.of(WELFARE_AREA, HAMEENLINNA)))
                .when(new RemoveParty(AGREEMENT, HAMEENLINNA, null))
                .expectException(violates(AgreementRule.AT_LEAST_TWO_PARTIES));
    }

    @Test
    void aPartyIsRemovedFromADraft() {
        fixture.given(drafted())
                .when(new RemoveParty(AGREEMENT, HAMEENLINNA, null))
                .expectEvents(new PartyRemoved(AGREEMENT, ref(HAMEENLINNA), TODAY))
                .expectState(agreement -> assertThat(agreement.parties()).extracting(p -> p.id())
                        .containsExactly(WELFARE_AREA, HAMEEN_LIITTO));
    }

    @Test
    void removingTheOnlyPartyStillMissingPutsTheAgreementIntoForce() {
        fixture.given(drafted(),
                        approved(WELFARE_AREA, 1, JAN_12), approved(HAMEEN_LIITTO, 1, JAN_19),
                        signed(WELFARE_AREA, 1, FEB_2), signed(HAMEEN_LIITTO, 1, FEB_9))
                .when(new RemoveParty(AGREEMENT, HAMEENLINNA, null))
                .expectEvents(new PartyRemoved(AGREEMENT, ref(HAMEENLINNA), TODAY),
                        new AgreementEnteredIntoForce(AGREEMENT, 1, FEB_9))
                .expectResultMessagePayload(new AgreementCommandResult(1, 6));
    }

    @Test
    void aRemovedPartysApprovalNoLongerCountsWhenItIsAddedAgain() {
        fixture.given(drafted(),
                        approved(HAMEENLINNA, 1, JAN_12),
                        new PartyRemoved(AGREEMENT, ref(HAMEENLINNA), JAN_19),
                        new PartyAdded(AGREEMENT, ref(HAMEENLINNA), JAN_26))
                .when(sign(HAMEENLINNA, 1, FEB_2))
                .expectException(violates(AgreementRule.NOT_YET_APPROVED));
    }

    @Test
    void aCommandNamingAStaleAggregateSequenceIsRefusedAsAConflict() {
        // The API passes If-Match as expectedSequence; Axon refuses it when events were appended since.
        fixture.given(drafted(), approved(WELFARE_AREA, 1, JAN_12))
                .when(new RecordApproval(AGREEMENT, HAMEENLINNA, 1, "kaupunginhallitus", JAN_26, SECTION, DIARY_NUMBER,
                        null, 0L))
                .expectException(ConflictingAggregateVersionException.class)
                .expectNoEvents();
        newFixture().given(drafted(), approved(WELFARE_AREA, 1, JAN_12))
                .when(new RecordApproval(AGREEMENT, HAMEENLINNA, 1, "kaupunginhallitus", JAN_26, SECTION, DIARY_NUMBER,
                        null, 1L))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload(new AgreementCommandResult(1, 2));
    }

    @Test
    void actorNotAParty() {
        // Helsinki's clerk acts on the Kanta-Häme agreement, which Helsinki is not in.
        fixture.given(drafted())
                .when(new AddParty(AGREEMENT, FORSSA, null),
                        new Actor("clerk-091", "Helsingin kirjaaja", Actor.CLERK_ROLE, HELSINKI.value()).toMetaData())
                .expectException(violates(AgreementRule.ACTOR_NOT_A_PARTY))
                .expectNoEvents();
    }

    // ---- approvals -----------------------------------------------------------------------------

    @Test
    void anApprovalIsRecordedWithThePartysNameAndTheCommandResultCarriesTheAggregateSequence() {
        fixture.given(drafted())
                .when(approve(HAMEENLINNA, 1, JAN_26))
                .expectEvents(approved(HAMEENLINNA, 1, JAN_26))
                .expectResultMessagePayload(new AgreementCommandResult(1, 1))
                .expectState(agreement -> assertThat(agreement.status()).isEqualTo(AgreementStatus.DRAFT));
    }

    @Test
    void versionNotOpen() {
        fixture.given(drafted())
                .when(approve(HAMEENLINNA, 2, JAN_26))
                .expectException(violates(AgreementRule.VERSION_NOT_OPEN));
        newFixture().given(inForce())
                .when(approve(HAMEENLINNA, 2, JAN_26))
                .expectException(violates(AgreementRule.VERSION_NOT_OPEN))
                .expectExceptionMessage(containsString("no amendment is pending"));
    }

    @Test
    void alreadyApproved() {
        fixture.given(drafted(), approved(HAMEENLINNA, 1, JAN_26))
                .when(approve(HAMEENLINNA, 1, FEB_2))
                .expectException(violates(AgreementRule.ALREADY_APPROVED));
        newFixture().given(inForce())
                .when(approve(HAMEENLINNA, 1, FEB_2))
                .expectException(violates(AgreementRule.ALREADY_APPROVED));
    }

    @Test
    void approvalDetailsRequired() {
        fixture.given(drafted())
                .when(new RecordApproval(AGREEMENT, HAMEENLINNA, 1, " ", JAN_26, SECTION, DIARY_NUMBER, null, null))
                .expectException(violates(AgreementRule.APPROVAL_DETAILS_REQUIRED));
        newFixture().given(drafted())
                .when(new RecordApproval(AGREEMENT, HAMEENLINNA, 1, "kaupunginhallitus", null, SECTION, null, null, null))
                .expectException(violates(AgreementRule.APPROVAL_DETAILS_REQUIRED));
        newFixture().given(drafted())
                .when(new RecordApproval(AGREEMENT, HAMEENLINNA, 1, "kaupunginhallitus", JAN_26, "", null, null, null))
                .expectException(violates(AgreementRule.APPROVAL_DETAILS_REQUIRED));
    }

    @Test
    void dateInTheFutureForAMeeting() {
        fixture.given(drafted())
                .when(approve(HAMEENLINNA, 1, TODAY.plusDays(1)))
                .expectException(violates(AgreementRule.DATE_IN_THE_FUTURE));
        newFixture().given(drafted())
                .when(approve(HAMEENLINNA, 1, TODAY))
                .expectSuccessfulHandlerExecution();
    }

    // ---- signatures and entry into force ---------------------------------------------------------

    /** A party cannot sign before it has approved. */
    @Test
    void notYetApproved() {
        fixture.given(drafted(), approved(WELFARE_AREA, 1, JAN_12))
                .when(sign(HAMEENLINNA, 1, FEB_2))
                .expectException(violates(AgreementRule.NOT_YET_APPROVED))
                .expectNoEvents();
    }

    @Test
    void alreadySigned() {
        fixture.given(drafted(), approved(HAMEENLINNA, 1, JAN_26), signed(HAMEENLINNA, 1, FEB_2))
                .when(sign(HAMEENLINNA, 1, FEB_9))
                .expectException(violates(AgreementRule.ALREADY_SIGNED));
        newFixture().given(inForce())
                .when(sign(HAMEENLINNA, 1, FEB_9))
                .expectException(violates(AgreementRule.ALREADY_SIGNED));
    }

    @Test
    void signatureDetailsRequired() {
        fixture.given(drafted(), approved(HAMEENLINNA, 1, JAN_26))
                .when(new SignAgreement(AGREEMENT, HAMEENLINNA, 1, new Signatory(" ", "kaupunginjohtaja"), FEB_2, null))
                .expectException(violates(AgreementRule.SIGNATURE_DETAILS_REQUIRED));
        newFixture().given(drafted(), approved(HAMEENLINNA, 1, JAN_26))
                .when(new SignAgreement(AGREEMENT, HAMEENLINNA, 1, signatory(HAMEENLINNA), null, null))
                .expectException(violates(AgreementRule.SIGNATURE_DETAILS_REQUIRED));
    }

    @Test
    void dateInTheFutureForASignature() {
        fixture.given(drafted(), approved(HAMEENLINNA, 1, JAN_26))
                .when(sign(HAMEENLINNA, 1, TODAY.plusDays(1)))
                .expectException(violates(AgreementRule.DATE_IN_THE_FUTURE));
    }

    @Test
    void anAgreementEntersIntoForceWhenEveryPartyHasApprovedAndSigned() {
        // The last signature recorded is not the latest date: entry into force takes the latest of all.
        fixture.given(drafted(),
                        approved(WELFARE_AREA, 1, JAN_12), approved(HAMEEN_LIITTO, 1, JAN_19),
                        approved(HAMEENLINNA, 1, JAN_26),
                        signed(WELFARE_AREA, 1, FEB_9), signed(HAMEEN_LIITTO, 1, FEB_2))
                .when(sign(HAMEENLINNA, 1, FEB_2))
                .expectEvents(signed(HAMEENLINNA, 1, FEB_2), new AgreementEnteredIntoForce(AGREEMENT, 1, FEB_9))
                .expectResultMessagePayload(new AgreementCommandResult(1, 7))
                .expectState(agreement -> assertThat(agreement.status()).isEqualTo(AgreementStatus.IN_FORCE));
    }

    @Test
    void anAgreementIsNotInForceWhileOnePartyHasNotSigned() {
        fixture.given(drafted(),
                        approved(WELFARE_AREA, 1, JAN_12), approved(HAMEEN_LIITTO, 1, JAN_19),
                        approved(HAMEENLINNA, 1, JAN_26), signed(WELFARE_AREA, 1, FEB_2))
                .when(sign(HAMEEN_LIITTO, 1, FEB_2))
                .expectEvents(signed(HAMEEN_LIITTO, 1, FEB_2));
    }

    @Test
    void theKantaHameFrameworkAgreementEntersIntoForceWhenAllThirteenPartiesHaveApprovedAndSigned() {
        List<PartyId> parties = allThirteenParties();
        assertThat(parties).hasSize(13);
        List<Object> history = new ArrayList<>();
        history.add(drafted(parties));
        parties.forEach(party -> history.add(approved(party, 1, JAN_26)));
        PartyId last = parties.get(parties.size() - 1);
        parties.stream().filter(party -> !party.equals(last)).forEach(party -> history.add(signed(party, 1, FEB_2)));
        fixture.given(history)
                .when(sign(last, 1, FEB_9))
                .expectEvents(signed(last, 1, FEB_9), new AgreementEnteredIntoForce(AGREEMENT, 1, FEB_9))
                .expectResultMessagePayload(new AgreementCommandResult(1, 27));
    }

    // ---- amendments ----------------------------------------------------------------------------

    @Test
    void anAmendmentOfADraftAppliesAtOnceAsTheNextVersion() {
        fixture.given(drafted())
                .when(new AmendPrinciples(AGREEMENT, AMENDED, "Feedback from the Hyte municipal round", null))
                .expectEvents(new PrinciplesAmended(AGREEMENT, 2, Principle.numbered(PRINCIPLES),
                        Principle.numbered(AMENDED), "Feedback from the Hyte municipal round", TODAY))
                .expectResultMessagePayload(new AgreementCommandResult(2, 1));
    }

    @Test
    void approvalsOfAnOlderDraftVersionNoLongerCount() {
        fixture.given(drafted(),
                        approved(WELFARE_AREA, 1, JAN_12), approved(HAMEEN_LIITTO, 1, JAN_19),
                        approved(HAMEENLINNA, 1, JAN_26),
                        signed(WELFARE_AREA, 1, FEB_2), signed(HAMEEN_LIITTO, 1, FEB_2),
                        new PrinciplesAmended(AGREEMENT, 2, Principle.numbered(PRINCIPLES), Principle.numbered(AMENDED),
                                "Feedback", FEB_9))
                .when(sign(HAMEENLINNA, 1, FEB_9))
                .expectException(violates(AgreementRule.VERSION_NOT_OPEN));
        newFixture().given(drafted(), approved(HAMEENLINNA, 1, JAN_26),
                        new PrinciplesAmended(AGREEMENT, 2, Principle.numbered(PRINCIPLES), Principle.numbered(AMENDED),
                                "Feedback", FEB_2))
                .when(sign(HAMEENLINNA, 2, FEB_9))
                .expectException(violates(AgreementRule.NOT_YET_APPROVED));
    }

    @Test
    void principlesRequired() {
        fixture.given(drafted())
                .when(new AmendPrinciples(AGREEMENT, List.of(), "empty", null))
                .expectException(violates(AgreementRule.PRINCIPLES_REQUIRED));
        newFixture().given(drafted())
                .when(new AmendPrinciples(AGREEMENT, List.of("one", ""), "blank", null))
                .expectException(violates(AgreementRule.PRINCIPLES_REQUIRED));
    }

    @Test
    void anAmendmentInForceIsProposedAndTheVersionInForceStays() {
        fixture.given(inForce())
                .when(new AmendPrinciples(AGREEMENT, AMENDED, "Review 2027", null))
                .expectEvents(new PrinciplesAmendmentProposed(AGREEMENT, 2, Principle.numbered(PRINCIPLES),
                        Principle.numbered(AMENDED), "Review 2027", TODAY))
                .expectResultMessagePayload(new AgreementCommandResult(1, 8))
                .expectState(agreement -> {
                    assertThat(agreement.version()).isEqualTo(1);
                    assertThat(agreement.principles()).isEqualTo(Principle.numbered(PRINCIPLES));
                });
    }

    @Test
    void aNewerProposalReplacesThePendingOne() {
        List<String> newer = List.of("Only this.");
        fixture.given(plus(inForce(),
                        new PrinciplesAmendmentProposed(AGREEMENT, 2, Principle.numbered(PRINCIPLES),
                                Principle.numbered(AMENDED), "first", FEB_9),
                        approved(WELFARE_AREA, 2, FEB_9)))
                .when(new AmendPrinciples(AGREEMENT, newer, "second", null))
                .expectEvents(new PrinciplesAmendmentProposed(AGREEMENT, 3, Principle.numbered(PRINCIPLES),
                        Principle.numbered(newer), "second", TODAY));
        newFixture().given(plus(inForce(),
                        new PrinciplesAmendmentProposed(AGREEMENT, 2, Principle.numbered(PRINCIPLES),
                                Principle.numbered(AMENDED), "first", FEB_9),
                        new PrinciplesAmendmentProposed(AGREEMENT, 3, Principle.numbered(PRINCIPLES),
                                Principle.numbered(newer), "second", FEB_9)))
                .when(approve(WELFARE_AREA, 2, TODAY))
                .expectException(violates(AgreementRule.VERSION_NOT_OPEN));
    }

    @Test
    void anAmendmentInForceTakesEffectWhenEveryPartyApprovedTheNewVersion() {
        PrinciplesAmendmentProposed proposal = new PrinciplesAmendmentProposed(AGREEMENT, 2,
                Principle.numbered(PRINCIPLES), Principle.numbered(AMENDED), "Review 2027", FEB_9);
        LocalDate mar1 = LocalDate.of(2026, 3, 1);
        fixture.given(plus(inForce(), proposal,
                        approved(WELFARE_AREA, 2, mar1), approved(HAMEEN_LIITTO, 2, FEB_9)))
                .when(approve(HAMEENLINNA, 2, LocalDate.of(2026, 2, 23)))
                .expectEvents(approved(HAMEENLINNA, 2, LocalDate.of(2026, 2, 23)),
                        new PrinciplesAmended(AGREEMENT, 2, Principle.numbered(PRINCIPLES), Principle.numbered(AMENDED),
                                "Review 2027", mar1))
                .expectResultMessagePayload(new AgreementCommandResult(2, 12))
                .expectState(agreement -> {
                    assertThat(agreement.status()).isEqualTo(AgreementStatus.IN_FORCE);
                    assertThat(agreement.principles()).isEqualTo(Principle.numbered(AMENDED));
                });
    }

    @Test
    void anAmendmentInForceWaitsForEveryParty() {
        fixture.given(plus(inForce(), new PrinciplesAmendmentProposed(AGREEMENT, 2, Principle.numbered(PRINCIPLES),
                        Principle.numbered(AMENDED), "Review 2027", FEB_9)))
                .when(approve(HAMEENLINNA, 2, TODAY))
                .expectEvents(approved(HAMEENLINNA, 2, TODAY))
                .expectResultMessagePayload(new AgreementCommandResult(1, 9));
    }

    // ---- reviews -------------------------------------------------------------------------------

    private static ScheduleReview scheduleSpringReview(String kind) {
        return new ScheduleReview(AGREEMENT, SPRING_REVIEW, LocalDate.of(2027, 5, 31), kind, "integraatiovaliokunta",
                "Evaluate how the agreement works, at the latest in spring 2027", null);
    }

    private static ReviewScheduled springReviewScheduled() {
        return new ReviewScheduled(AGREEMENT, SPRING_REVIEW, LocalDate.of(2027, 5, 31), "AGREEMENT_EVALUATION",
                "integraatiovaliokunta", "Evaluate how the agreement works, at the latest in spring 2027", TODAY);
    }

    @Test
    void aReviewIsScheduledTodayAndIsAnAgreementEvaluationUnlessSaidOtherwise() {
        fixture.given(drafted())
                .when(scheduleSpringReview(null))
                .expectEvents(springReviewScheduled())
                .expectResultMessagePayload(new AgreementCommandResult(1, 1));
        newFixture().given(inForce())
                .when(scheduleSpringReview("COUNCIL_TERM_NEGOTIATION"))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void reviewIdTaken() {
        fixture.given(drafted(), springReviewScheduled())
                .when(scheduleSpringReview(null))
                .expectException(violates(AgreementRule.REVIEW_ID_TAKEN));
    }

    @Test
    void reviewDetailsRequired() {
        fixture.given(drafted())
                .when(new ScheduleReview(AGREEMENT, SPRING_REVIEW, null, null, "integraatiovaliokunta", null, null))
                .expectException(violates(AgreementRule.REVIEW_DETAILS_REQUIRED));
        newFixture().given(drafted())
                .when(new ScheduleReview(AGREEMENT, SPRING_REVIEW, LocalDate.of(2027, 5, 31), null, " ", null, null))
                .expectException(violates(AgreementRule.REVIEW_DETAILS_REQUIRED));
    }

    @Test
    void aReviewIsCompletedWithItsOutcome() {
        fixture.given(drafted(), springReviewScheduled())
                .when(new CompleteReview(AGREEMENT, SPRING_REVIEW, TODAY, ReviewOutcome.AMEND, "IVA 3.9.2025 § 35", null))
                .expectEvents(new ReviewCompleted(AGREEMENT, SPRING_REVIEW, TODAY, ReviewOutcome.AMEND,
                        "IVA 3.9.2025 § 35"));
    }

    @Test
    void unknownReview() {
        fixture.given(drafted())
                .when(new CompleteReview(AGREEMENT, SPRING_REVIEW, TODAY, ReviewOutcome.NO_CHANGES, null, null))
                .expectException(violates(AgreementRule.UNKNOWN_REVIEW));
    }

    @Test
    void reviewAlreadyCompleted() {
        fixture.given(drafted(), springReviewScheduled(),
                        new ReviewCompleted(AGREEMENT, SPRING_REVIEW, FEB_2, ReviewOutcome.NO_CHANGES, null))
                .when(new CompleteReview(AGREEMENT, SPRING_REVIEW, TODAY, ReviewOutcome.AMEND, null, null))
                .expectException(violates(AgreementRule.REVIEW_ALREADY_COMPLETED));
    }

    @Test
    void reviewCompletionDetailsRequired() {
        fixture.given(drafted(), springReviewScheduled())
                .when(new CompleteReview(AGREEMENT, SPRING_REVIEW, TODAY, null, null, null))
                .expectException(violates(AgreementRule.REVIEW_COMPLETION_DETAILS_REQUIRED));
        newFixture().given(drafted(), springReviewScheduled())
                .when(new CompleteReview(AGREEMENT, SPRING_REVIEW, null, ReviewOutcome.AMEND, null, null))
                .expectException(violates(AgreementRule.REVIEW_COMPLETION_DETAILS_REQUIRED));
    }

    @Test
    void dateInTheFutureForAReviewCompletion() {
        fixture.given(drafted(), springReviewScheduled())
                .when(new CompleteReview(AGREEMENT, SPRING_REVIEW, TODAY.plusDays(1), ReviewOutcome.AMEND, null, null))
                .expectException(violates(AgreementRule.DATE_IN_THE_FUTURE));
    }

    // ---- the end -------------------------------------------------------------------------------

    @Test
    void anAgreementIsSupersededByTheAgreementOfTheNextCouncilTerm() {
        fixture.given(inForce())
                .when(new SupersedeAgreement(AGREEMENT, PREVIOUS_AGREEMENT, TODAY, null))
                .expectEvents(new AgreementSuperseded(AGREEMENT, PREVIOUS_AGREEMENT, TODAY))
                .expectResultMessagePayload(new AgreementCommandResult(1, 8));
    }

    @Test
    void cannotSupersedeItself() {
        fixture.given(inForce())
                .when(new SupersedeAgreement(AGREEMENT, AGREEMENT, TODAY, null))
                .expectException(violates(AgreementRule.CANNOT_SUPERSEDE_ITSELF));
    }

    @Test
    void supersessionDetailsRequired() {
        fixture.given(inForce())
                .when(new SupersedeAgreement(AGREEMENT, PREVIOUS_AGREEMENT, null, null))
                .expectException(violates(AgreementRule.SUPERSESSION_DETAILS_REQUIRED));
    }

    @Test
    void anAgreementIsTerminatedWithAReason() {
        fixture.given(inForce())
                .when(new TerminateAgreement(AGREEMENT, TODAY, "The parties agreed to end it", null))
                .expectEvents(new AgreementTerminated(AGREEMENT, TODAY, "The parties agreed to end it"));
    }

    @Test
    void terminationDetailsRequired() {
        fixture.given(inForce())
                .when(new TerminateAgreement(AGREEMENT, TODAY, " ", null))
                .expectException(violates(AgreementRule.TERMINATION_DETAILS_REQUIRED));
        newFixture().given(inForce())
                .when(new TerminateAgreement(AGREEMENT, null, "reason", null))
                .expectException(violates(AgreementRule.TERMINATION_DETAILS_REQUIRED));
    }

    @Test
    void agreementHasEnded() {
        List<Object> everyCommand = List.of(
                new AddParty(AGREEMENT, FORSSA, null),
                new RemoveParty(AGREEMENT, HAMEENLINNA, null),
                new AmendPrinciples(AGREEMENT, AMENDED, "too late", null),
                approve(HAMEENLINNA, 2, TODAY),
                sign(HAMEENLINNA, 1, TODAY),
                scheduleSpringReview(null),
                new CompleteReview(AGREEMENT, SPRING_REVIEW, TODAY, ReviewOutcome.NO_CHANGES, null, null),
                new SupersedeAgreement(AGREEMENT, PREVIOUS_AGREEMENT, TODAY, null),
                new TerminateAgreement(AGREEMENT, TODAY, "again", null));
        for (Object ending : List.of(new AgreementSuperseded(AGREEMENT, PREVIOUS_AGREEMENT, FEB_9),
                new AgreementTerminated(AGREEMENT, FEB_9, "ended"))) {
            for (Object command : everyCommand) {
                newFixture().given(plus(inForce(), springReviewScheduled(), ending))
                        .when(command)
                        .expectException(violates(AgreementRule.AGREEMENT_HAS_ENDED))
                        .expectNoEvents();
            }
        }
    }

    // ---- business dates that must make sense together ------------------------------------------

    @Test
    void approvedBeforeProposed() {
        // Drafted on 3.9.2025: a meeting on 1.8.2025 cannot have approved it.
        fixture.given(drafted())
                .when(approve(HAMEENLINNA, 1, LocalDate.of(2025, 8, 1)))
                .expectException(violates(AgreementRule.APPROVED_BEFORE_PROPOSED))
                .expectNoEvents();
        newFixture().given(drafted())
                .when(approve(HAMEENLINNA, 1, LocalDate.of(2025, 9, 3)))
                .expectSuccessfulHandlerExecution();
        // A later version dates from its amendment: version 2 proposed on 9.2.2026.
        newFixture().given(plus(inForce(), new PrinciplesAmendmentProposed(AGREEMENT, 2, Principle.numbered(PRINCIPLES),
                        Principle.numbered(AMENDED), "Review 2027", FEB_9)))
                .when(approve(HAMEENLINNA, 2, FEB_2))
                .expectException(violates(AgreementRule.APPROVED_BEFORE_PROPOSED));
    }

    @Test
    void signedBeforeApproved() {
        fixture.given(drafted(), approved(HAMEENLINNA, 1, JAN_26))
                .when(sign(HAMEENLINNA, 1, JAN_19))
                .expectException(violates(AgreementRule.SIGNED_BEFORE_APPROVED))
                .expectNoEvents();
        newFixture().given(drafted(), approved(HAMEENLINNA, 1, JAN_26))
                .when(sign(HAMEENLINNA, 1, JAN_26))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void completedBeforeScheduled() {
        ReviewScheduled scheduledFeb9 = new ReviewScheduled(AGREEMENT, SPRING_REVIEW, LocalDate.of(2027, 5, 31),
                "AGREEMENT_EVALUATION", "integraatiovaliokunta", null, FEB_9);
        fixture.given(plus(inForce(), scheduledFeb9))
                .when(new CompleteReview(AGREEMENT, SPRING_REVIEW, FEB_2, ReviewOutcome.NO_CHANGES, null, null))
                .expectException(violates(AgreementRule.COMPLETED_BEFORE_SCHEDULED))
                .expectNoEvents();
    }

    @Test
    void datedBeforeDraft() {
        LocalDate beforeTheDraft = LocalDate.of(2025, 9, 2);
        for (Object command : List.of(
                new ScheduleReview(AGREEMENT, SPRING_REVIEW, LocalDate.of(2027, 5, 31), null, "integraatiovaliokunta",
                        null, beforeTheDraft, null),
                new AmendPrinciples(AGREEMENT, AMENDED, "earlier", beforeTheDraft, null),
                new SupersedeAgreement(AGREEMENT, PREVIOUS_AGREEMENT, beforeTheDraft, null),
                new TerminateAgreement(AGREEMENT, beforeTheDraft, "never began", null))) {
            newFixture().given(drafted())
                    .when(command)
                    .expectException(violates(AgreementRule.DATED_BEFORE_DRAFT))
                    .expectNoEvents();
        }
    }

    @Test
    void endedBeforeForce() {
        // In force since 2.2.2026.
        for (Object command : List.of(new SupersedeAgreement(AGREEMENT, PREVIOUS_AGREEMENT, JAN_26, null),
                new TerminateAgreement(AGREEMENT, JAN_26, "before it began", null))) {
            newFixture().given(inForce())
                    .when(command)
                    .expectException(violates(AgreementRule.ENDED_BEFORE_FORCE))
                    .expectNoEvents();
        }
    }

    @Test
    void aClerkEnteringA2023AgreementTodayEntersItsWholePastWithItsOwnDates() {
        LocalDate proposed = LocalDate.of(2025, 11, 3);
        LocalDate scheduled = LocalDate.of(2025, 12, 1);
        fixture.given(drafted())
                .when(new AmendPrinciples(AGREEMENT, AMENDED, "Board's changes", proposed, null))
                .expectEvents(new PrinciplesAmended(AGREEMENT, 2, Principle.numbered(PRINCIPLES),
                        Principle.numbered(AMENDED), "Board's changes", proposed));
        newFixture().given(drafted())
                .when(new ScheduleReview(AGREEMENT, SPRING_REVIEW, LocalDate.of(2027, 5, 31), null,
                        "integraatiovaliokunta", null, scheduled, null))
                .expectEvents(new ReviewScheduled(AGREEMENT, SPRING_REVIEW, LocalDate.of(2027, 5, 31),
                        "AGREEMENT_EVALUATION", "integraatiovaliokunta", null, scheduled));
        newFixture().given(drafted())
                .when(new ScheduleReview(AGREEMENT, SPRING_REVIEW, LocalDate.of(2027, 5, 31), null,
                        "integraatiovaliokunta", null, TODAY.plusDays(1), null))
                .expectException(violates(AgreementRule.DATE_IN_THE_FUTURE));
    }

    @Test
    void everyRuleHasATestNamedAfterIt() {
        List<String> tests = Arrays.stream(AgreementTest.class.getDeclaredMethods())
                .filter(method -> method.isAnnotationPresent(Test.class)).map(Method::getName).toList();
        assertThat(AgreementRule.values()).allSatisfy(rule -> {
            String camel = camelCase(rule.ruleName());
            assertThat(tests).as("a test named after " + rule.ruleName())
                    .anyMatch(test -> test.equals(camel) || test.matches(Pattern.quote(camel) + "[A-Z].*"));
        });
    }

    private static String camelCase(String kebab) {
        StringBuilder camel = new StringBuilder();
        for (String word : kebab.split("-")) {
            camel.append(camel.length() == 0 ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
        }
        return camel.toString();
    }

    @Test
    void everyRuleHasAStableKebabCaseName() {
        assertThat(AgreementRule.values())
                .allSatisfy(rule -> assertThat(rule.ruleName()).matches("[a-z]+(-[a-z]+)*"))
                .extracting(AgreementRule::ruleName).doesNotHaveDuplicates();
        assertThat(AgreementRule.byName("not-yet-approved")).isEqualTo(AgreementRule.NOT_YET_APPROVED);
    }
}
