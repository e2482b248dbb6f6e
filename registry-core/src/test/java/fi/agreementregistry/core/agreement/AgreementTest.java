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
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.Method;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static fi.agreementregistry.core.agreement.KantaHame.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/**
 * The Agreement's rules, grouped by the command they concern, one scenario per test. Every {@link AgreementRule} has
 * a test named after it in camelCase (e.g. {@code notYetApproved} for not-yet-approved), with an optional qualifier
 * ({@code notYetApprovedAfterTheDraftWasAmended}); the lifecycle's transitions are named as sentences. The data is the
 * Kanta-Häme framework agreement of source document 001 ({@link KantaHame}).
 */
class AgreementTest {

    private static final Map<String, Object> COMMITTEE =
            new Actor("iva", "Integraatiovaliokunta", "COMMITTEE", null).toMetaData();
    private static final Object SUPERSEDED = new AgreementSuperseded(AGREEMENT, PREVIOUS_AGREEMENT, FEB_9);
    private static final Object TERMINATED = new AgreementTerminated(AGREEMENT, FEB_9, "ended");

    private final AggregateTestFixture<Agreement> fixture = agreementFixture();

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

    /** The metadata the API puts on a command sent by the clerk of {@code party}. */
    private static Map<String, Object> clerkOf(PartyId party) {
        return new Actor("clerk-" + party.value(), "Clerk of " + ref(party).name(), Actor.CLERK_ROLE, party.value())
                .toMetaData();
    }

    /** One of each command on an existing agreement, naming {@code expectedSequence}. */
    private static List<Object> everyCommand(Long expectedSequence) {
        return List.of(
                new AddParty(AGREEMENT, FORSSA, expectedSequence),
                new RemoveParty(AGREEMENT, HAMEENLINNA, expectedSequence),
                new AmendPrinciples(AGREEMENT, AMENDED, "too late", expectedSequence),
                new RecordApproval(AGREEMENT, HAMEENLINNA, 2, decisionBody(HAMEENLINNA), TODAY, SECTION, DIARY_NUMBER,
                        null, expectedSequence),
                new SignAgreement(AGREEMENT, HAMEENLINNA, 1, signatory(HAMEENLINNA), TODAY, expectedSequence),
                new ScheduleReview(AGREEMENT, SPRING_REVIEW, LocalDate.of(2027, 5, 31), null, "integraatiovaliokunta",
                        null, expectedSequence),
                new CompleteReview(AGREEMENT, SPRING_REVIEW, TODAY, ReviewOutcome.NO_CHANGES, null, expectedSequence),
                new SupersedeAgreement(AGREEMENT, PREVIOUS_AGREEMENT, TODAY, expectedSequence),
                new TerminateAgreement(AGREEMENT, TODAY, "again", expectedSequence));
    }

    static Stream<Object> everyCommand() {
        return everyCommand(null).stream();
    }

    /** Every command, expecting sequence 3 of an agreement that has gone further. */
    static Stream<Object> everyCommandExpectingAnOldSequence() {
        return everyCommand(3L).stream();
    }

    /** In force, with the spring review scheduled, then superseded or terminated (sequences 0 to 9). */
    private static Object[] ended(Object ending) {
        return plus(inForce(), springReviewScheduled(), ending);
    }

    /** Commands on an agreement: who acts, and on which state. Checked before every other rule, in this order. */
    @Nested
    class WhoActsAndOnWhichState {

        @Test
        void actorNotAParty() {
            // Helsinki's clerk acts on the Kanta-Häme agreement, which Helsinki is not in.
            fixture.given(drafted())
                    .when(new AddParty(AGREEMENT, FORSSA, null), clerkOf(HELSINKI))
                    .expectException(violates(AgreementRule.ACTOR_NOT_A_PARTY))
                    .expectNoEvents();
        }

        @Test
        void actorNotAPartyOnceTheirPartyWasRemoved() {
            fixture.given(drafted(), new PartyRemoved(AGREEMENT, ref(HAMEENLINNA), JAN_19))
                    .when(approve(WELFARE_AREA, 1, JAN_26), clerkOf(HAMEENLINNA))
                    .expectException(violates(AgreementRule.ACTOR_NOT_A_PARTY))
                    .expectNoEvents();
        }

        /** Neither a stale expected sequence nor the agreement's end tells a clerk outside it anything. */
        @ParameterizedTest
        @MethodSource("fi.agreementregistry.core.agreement.AgreementTest#everyCommandExpectingAnOldSequence")
        void actorNotAPartyComesBeforeTheExpectedSequenceAndEveryOtherRule(Object command) {
            fixture.given(ended(TERMINATED))
                    .when(command, clerkOf(HELSINKI))
                    .expectException(violates(AgreementRule.ACTOR_NOT_A_PARTY))
                    .expectNoEvents();
        }

        @Test
        void aClerkOfOneOfThePartiesActsOnTheAgreement() {
            fixture.given(drafted())
                    .when(approve(HAMEENLINNA, 1, JAN_26), clerkOf(HAMEENLINNA))
                    .expectEvents(approved(HAMEENLINNA, 1, JAN_26));
        }

        @Test
        void aPartyAddedAMomentAgoCountsAtOnce() {
            fixture.given(drafted(), new PartyAdded(AGREEMENT, ref(FORSSA), FEB_2))
                    .when(approve(FORSSA, 1, FEB_9), clerkOf(FORSSA))
                    .expectEvents(approved(FORSSA, 1, FEB_9));
        }

        @Test
        void theCommitteeIsNotBoundToAParty() {
            fixture.given(inForce())
                    .when(scheduleSpringReview(null), COMMITTEE)
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void aCommandNamingAStaleAggregateSequenceIsRefusedAsAConflict() {
            // The API passes If-Match as expectedSequence.
            fixture.given(drafted(), approved(WELFARE_AREA, 1, JAN_12))
                    .when(new RecordApproval(AGREEMENT, HAMEENLINNA, 1, "kaupunginhallitus", JAN_26, SECTION,
                            DIARY_NUMBER, null, 0L))
                    .expectException(ConflictingAggregateVersionException.class)
                    .expectNoEvents();
        }

        @Test
        void aCommandNamingTheCurrentAggregateSequenceRuns() {
            fixture.given(drafted(), approved(WELFARE_AREA, 1, JAN_12))
                    .when(new RecordApproval(AGREEMENT, HAMEENLINNA, 1, "kaupunginhallitus", JAN_26, SECTION,
                            DIARY_NUMBER, null, 1L))
                    .expectSuccessfulHandlerExecution()
                    .expectResultMessagePayload(new AgreementCommandResult(1, 2));
        }

        @Test
        void aCommandNamingASequenceTheAgreementHasNotReachedIsRefusedAsAConflict() {
            fixture.given(drafted())
                    .when(new RecordApproval(AGREEMENT, HAMEENLINNA, 1, "kaupunginhallitus", JAN_26, SECTION,
                            DIARY_NUMBER, null, 7L))
                    .expectException(ConflictingAggregateVersionException.class)
                    .expectNoEvents();
        }

        /** A client that decided on an older state hears that first, not a rule its decision may have missed. */
        @ParameterizedTest
        @MethodSource("fi.agreementregistry.core.agreement.AgreementTest#everyCommandExpectingAnOldSequence")
        void aStaleSequenceIsRefusedBeforeAnyRule(Object command) {
            fixture.given(ended(TERMINATED))
                    .when(command, clerkOf(HAMEENLINNA))
                    .expectException(ConflictingAggregateVersionException.class)
                    .expectNoEvents();
        }

        @Test
        void theStateRemembersItsLastSequenceForSnapshots() {
            fixture.given(inForce())
                    .when(scheduleSpringReview(null))
                    .expectResultMessagePayload(new AgreementCommandResult(1, 8))
                    .expectState(agreement -> assertThat(agreement.lastSequence()).isEqualTo(8));
        }
    }

    /** DraftAgreement. */
    @Nested
    class Drafting {

        @Test
        void aDraftStartsAtVersionOneWithNumberedPrinciplesAndThePartiesNamesOfToday() {
            fixture.givenNoPriorActivity()
                    .when(draft(THREE_PARTIES))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new AgreementDrafted(AGREEMENT, TITLE, AgreementKind.FRAMEWORK_AGREEMENT,
                            "Kanta-Häme", TERM, List.of(ref(WELFARE_AREA), ref(HAMEEN_LIITTO), ref(HAMEENLINNA)),
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
        void invalidDraftWithABlankTitle() {
            fixture.givenNoPriorActivity()
                    .when(new DraftAgreement(AGREEMENT, " ", AgreementKind.FRAMEWORK_AGREEMENT, null, TERM,
                            THREE_PARTIES, PRINCIPLES, GOALS, FORUMS))
                    .expectException(violates(AgreementRule.INVALID_DRAFT))
                    .expectNoEvents();
        }

        @Test
        void invalidDraftWithoutAKind() {
            fixture.givenNoPriorActivity()
                    .when(new DraftAgreement(AGREEMENT, TITLE, null, null, TERM, THREE_PARTIES, PRINCIPLES, null,
                            null))
                    .expectException(violates(AgreementRule.INVALID_DRAFT));
        }

        @Test
        void invalidDraftWithoutACouncilTerm() {
            fixture.givenNoPriorActivity()
                    .when(new DraftAgreement(AGREEMENT, TITLE, AgreementKind.FRAMEWORK_AGREEMENT, null, null,
                            THREE_PARTIES, PRINCIPLES, null, null))
                    .expectException(violates(AgreementRule.INVALID_DRAFT));
        }

        @Test
        void invalidDraftWithABlankPrinciple() {
            fixture.givenNoPriorActivity()
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
    }

    /** AddParty and RemoveParty. */
    @Nested
    class AddingAndRemovingParties {

        @Test
        void aPartyIsAddedToADraftWithItsNameFromTheDirectory() {
            fixture.given(drafted())
                    .when(new AddParty(AGREEMENT, FORSSA, null))
                    .expectEvents(new PartyAdded(AGREEMENT, ref(FORSSA), TODAY))
                    .expectResultMessagePayload(new AgreementCommandResult(1, 1));
        }

        @Test
        void aPartyTheDirectoryDoesNotKnowIsNotAdded() {
            fixture.given(drafted())
                    .when(new AddParty(AGREEMENT, PERTUNMAA, null))
                    .expectException(UnknownPartyException.class);
        }

        @Test
        void partiesChangeOnlyInDraftNoneIsAddedInForce() {
            fixture.given(inForce())
                    .when(new AddParty(AGREEMENT, FORSSA, null))
                    .expectException(violates(AgreementRule.PARTIES_CHANGE_ONLY_IN_DRAFT));
        }

        @Test
        void partiesChangeOnlyInDraftNoneIsRemovedInForce() {
            fixture.given(inForce())
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
        void notAPartyIsNotRemoved() {
            fixture.given(drafted())
                    .when(new RemoveParty(AGREEMENT, HELSINKI, null))
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
    }

    /** AmendPrinciples: at once in a draft, as a proposal while in force. */
    @Nested
    class AmendingPrinciples {

        @Test
        void anAmendmentOfADraftAppliesAtOnceAsTheNextVersion() {
            fixture.given(drafted())
                    .when(new AmendPrinciples(AGREEMENT, AMENDED, "Feedback from the Hyte municipal round", null))
                    .expectEvents(new PrinciplesAmended(AGREEMENT, 2, Principle.numbered(PRINCIPLES),
                            Principle.numbered(AMENDED), "Feedback from the Hyte municipal round", TODAY))
                    .expectResultMessagePayload(new AgreementCommandResult(2, 1));
        }

        @Test
        void versionNotOpenForASignatureOfTheDraftVersionBeforeTheAmendment() {
            fixture.given(drafted(),
                            approved(WELFARE_AREA, 1, JAN_12), approved(HAMEEN_LIITTO, 1, JAN_19),
                            approved(HAMEENLINNA, 1, JAN_26),
                            signed(WELFARE_AREA, 1, FEB_2), signed(HAMEEN_LIITTO, 1, FEB_2),
                            new PrinciplesAmended(AGREEMENT, 2, Principle.numbered(PRINCIPLES),
                                    Principle.numbered(AMENDED), "Feedback", FEB_9))
                    .when(sign(HAMEENLINNA, 1, FEB_9))
                    .expectException(violates(AgreementRule.VERSION_NOT_OPEN));
        }

        @Test
        void notYetApprovedTheAmendedDraftVersionThoughTheOlderOne() {
            fixture.given(drafted(), approved(HAMEENLINNA, 1, JAN_26),
                            new PrinciplesAmended(AGREEMENT, 2, Principle.numbered(PRINCIPLES),
                                    Principle.numbered(AMENDED), "Feedback", FEB_2))
                    .when(sign(HAMEENLINNA, 2, FEB_9))
                    .expectException(violates(AgreementRule.NOT_YET_APPROVED));
        }

        @Test
        void principlesRequiredAtLeastOne() {
            fixture.given(drafted())
                    .when(new AmendPrinciples(AGREEMENT, List.of(), "empty", null))
                    .expectException(violates(AgreementRule.PRINCIPLES_REQUIRED));
        }

        @Test
        void principlesRequiredNoneBlank() {
            fixture.given(drafted())
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
        }

        @Test
        void versionNotOpenOnceANewerProposalReplacedIt() {
            fixture.given(plus(inForce(),
                            new PrinciplesAmendmentProposed(AGREEMENT, 2, Principle.numbered(PRINCIPLES),
                                    Principle.numbered(AMENDED), "first", FEB_9),
                            new PrinciplesAmendmentProposed(AGREEMENT, 3, Principle.numbered(PRINCIPLES),
                                    Principle.numbered(List.of("Only this.")), "second", FEB_9)))
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
                            new PrinciplesAmended(AGREEMENT, 2, Principle.numbered(PRINCIPLES),
                                    Principle.numbered(AMENDED), "Review 2027", mar1))
                    .expectResultMessagePayload(new AgreementCommandResult(2, 12))
                    .expectState(agreement -> {
                        assertThat(agreement.status()).isEqualTo(AgreementStatus.IN_FORCE);
                        assertThat(agreement.principles()).isEqualTo(Principle.numbered(AMENDED));
                    });
        }

        @Test
        void anAmendmentInForceWaitsForEveryParty() {
            fixture.given(plus(inForce(), new PrinciplesAmendmentProposed(AGREEMENT, 2,
                            Principle.numbered(PRINCIPLES), Principle.numbered(AMENDED), "Review 2027", FEB_9)))
                    .when(approve(HAMEENLINNA, 2, TODAY))
                    .expectEvents(approved(HAMEENLINNA, 2, TODAY))
                    .expectResultMessagePayload(new AgreementCommandResult(1, 9));
        }
    }

    /** RecordApproval. */
    @Nested
    class RecordingApprovals {

        @Test
        void anApprovalIsRecordedWithThePartysNameAndTheCommandResultCarriesTheAggregateSequence() {
            fixture.given(drafted())
                    .when(approve(HAMEENLINNA, 1, JAN_26))
                    .expectEvents(approved(HAMEENLINNA, 1, JAN_26))
                    .expectResultMessagePayload(new AgreementCommandResult(1, 1))
                    .expectState(agreement -> assertThat(agreement.status()).isEqualTo(AgreementStatus.DRAFT));
        }

        @Test
        void notAPartyDoesNotApprove() {
            fixture.given(drafted())
                    .when(approve(HELSINKI, 1, JAN_12))
                    .expectException(violates(AgreementRule.NOT_A_PARTY));
        }

        @Test
        void versionNotOpenInADraft() {
            fixture.given(drafted())
                    .when(approve(HAMEENLINNA, 2, JAN_26))
                    .expectException(violates(AgreementRule.VERSION_NOT_OPEN));
        }

        @Test
        void versionNotOpenInForceWithoutAPendingAmendment() {
            fixture.given(inForce())
                    .when(approve(HAMEENLINNA, 2, JAN_26))
                    .expectException(violates(AgreementRule.VERSION_NOT_OPEN))
                    .expectExceptionMessage(containsString("no amendment is pending"));
        }

        @Test
        void alreadyApprovedInADraft() {
            fixture.given(drafted(), approved(HAMEENLINNA, 1, JAN_26))
                    .when(approve(HAMEENLINNA, 1, FEB_2))
                    .expectException(violates(AgreementRule.ALREADY_APPROVED));
        }

        @Test
        void alreadyApprovedTheVersionInForce() {
            fixture.given(inForce())
                    .when(approve(HAMEENLINNA, 1, FEB_2))
                    .expectException(violates(AgreementRule.ALREADY_APPROVED));
        }

        @Test
        void approvalDetailsRequiredTheDecisionBody() {
            fixture.given(drafted())
                    .when(new RecordApproval(AGREEMENT, HAMEENLINNA, 1, " ", JAN_26, SECTION, DIARY_NUMBER, null,
                            null))
                    .expectException(violates(AgreementRule.APPROVAL_DETAILS_REQUIRED));
        }

        @Test
        void approvalDetailsRequiredTheMeetingDate() {
            fixture.given(drafted())
                    .when(new RecordApproval(AGREEMENT, HAMEENLINNA, 1, "kaupunginhallitus", null, SECTION, null,
                            null, null))
                    .expectException(violates(AgreementRule.APPROVAL_DETAILS_REQUIRED));
        }

        @Test
        void approvalDetailsRequiredTheSection() {
            fixture.given(drafted())
                    .when(new RecordApproval(AGREEMENT, HAMEENLINNA, 1, "kaupunginhallitus", JAN_26, "", null, null,
                            null))
                    .expectException(violates(AgreementRule.APPROVAL_DETAILS_REQUIRED));
        }

        @Test
        void dateInTheFutureForAMeeting() {
            fixture.given(drafted())
                    .when(approve(HAMEENLINNA, 1, TODAY.plusDays(1)))
                    .expectException(violates(AgreementRule.DATE_IN_THE_FUTURE));
        }

        @Test
        void aMeetingTodayIsNotInTheFuture() {
            fixture.given(drafted())
                    .when(approve(HAMEENLINNA, 1, TODAY))
                    .expectSuccessfulHandlerExecution();
        }
    }

    /** SignAgreement, and the entry into force that follows the last signature. */
    @Nested
    class Signing {

        /** A party cannot sign before it has approved. */
        @Test
        void notYetApproved() {
            fixture.given(drafted(), approved(WELFARE_AREA, 1, JAN_12))
                    .when(sign(HAMEENLINNA, 1, FEB_2))
                    .expectException(violates(AgreementRule.NOT_YET_APPROVED))
                    .expectNoEvents();
        }

        @Test
        void notAPartyDoesNotSign() {
            fixture.given(drafted())
                    .when(sign(HELSINKI, 1, JAN_12))
                    .expectException(violates(AgreementRule.NOT_A_PARTY));
        }

        @Test
        void alreadySignedInADraft() {
            fixture.given(drafted(), approved(HAMEENLINNA, 1, JAN_26), signed(HAMEENLINNA, 1, FEB_2))
                    .when(sign(HAMEENLINNA, 1, FEB_9))
                    .expectException(violates(AgreementRule.ALREADY_SIGNED));
        }

        @Test
        void alreadySignedTheVersionInForce() {
            fixture.given(inForce())
                    .when(sign(HAMEENLINNA, 1, FEB_9))
                    .expectException(violates(AgreementRule.ALREADY_SIGNED));
        }

        @Test
        void signatureDetailsRequiredTheSignatorysName() {
            fixture.given(drafted(), approved(HAMEENLINNA, 1, JAN_26))
                    .when(new SignAgreement(AGREEMENT, HAMEENLINNA, 1, new Signatory(" ", "kaupunginjohtaja"), FEB_2,
                            null))
                    .expectException(violates(AgreementRule.SIGNATURE_DETAILS_REQUIRED));
        }

        @Test
        void signatureDetailsRequiredTheDate() {
            fixture.given(drafted(), approved(HAMEENLINNA, 1, JAN_26))
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
            parties.stream().filter(party -> !party.equals(last))
                    .forEach(party -> history.add(signed(party, 1, FEB_2)));
            fixture.given(history)
                    .when(sign(last, 1, FEB_9))
                    .expectEvents(signed(last, 1, FEB_9), new AgreementEnteredIntoForce(AGREEMENT, 1, FEB_9))
                    .expectResultMessagePayload(new AgreementCommandResult(1, 27));
        }
    }

    /** ScheduleReview and CompleteReview. */
    @Nested
    class SchedulingAndCompletingReviews {

        @Test
        void aReviewIsScheduledTodayAndIsAnAgreementEvaluationUnlessSaidOtherwise() {
            fixture.given(drafted())
                    .when(scheduleSpringReview(null))
                    .expectEvents(springReviewScheduled())
                    .expectResultMessagePayload(new AgreementCommandResult(1, 1));
        }

        @Test
        void aReviewOfAnotherKindIsScheduledInForce() {
            fixture.given(inForce())
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
        void reviewDetailsRequiredADueDate() {
            fixture.given(drafted())
                    .when(new ScheduleReview(AGREEMENT, SPRING_REVIEW, null, null, "integraatiovaliokunta", null,
                            null))
                    .expectException(violates(AgreementRule.REVIEW_DETAILS_REQUIRED));
        }

        @Test
        void reviewDetailsRequiredAResponsibleBody() {
            fixture.given(drafted())
                    .when(new ScheduleReview(AGREEMENT, SPRING_REVIEW, LocalDate.of(2027, 5, 31), null, " ", null,
                            null))
                    .expectException(violates(AgreementRule.REVIEW_DETAILS_REQUIRED));
        }

        @Test
        void aReviewIsCompletedWithItsOutcome() {
            fixture.given(drafted(), springReviewScheduled())
                    .when(new CompleteReview(AGREEMENT, SPRING_REVIEW, TODAY, ReviewOutcome.AMEND, "IVA 3.9.2025 § 35",
                            null))
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
        void reviewCompletionDetailsRequiredAnOutcome() {
            fixture.given(drafted(), springReviewScheduled())
                    .when(new CompleteReview(AGREEMENT, SPRING_REVIEW, TODAY, null, null, null))
                    .expectException(violates(AgreementRule.REVIEW_COMPLETION_DETAILS_REQUIRED));
        }

        @Test
        void reviewCompletionDetailsRequiredADate() {
            fixture.given(drafted(), springReviewScheduled())
                    .when(new CompleteReview(AGREEMENT, SPRING_REVIEW, null, ReviewOutcome.AMEND, null, null))
                    .expectException(violates(AgreementRule.REVIEW_COMPLETION_DETAILS_REQUIRED));
        }

        @Test
        void dateInTheFutureForAReviewCompletion() {
            fixture.given(drafted(), springReviewScheduled())
                    .when(new CompleteReview(AGREEMENT, SPRING_REVIEW, TODAY.plusDays(1), ReviewOutcome.AMEND, null,
                            null))
                    .expectException(violates(AgreementRule.DATE_IN_THE_FUTURE));
        }
    }

    /** SupersedeAgreement and TerminateAgreement, and what the end means for every later command. */
    @Nested
    class SupersedingAndTerminating {

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
        void terminationDetailsRequiredAReason() {
            fixture.given(inForce())
                    .when(new TerminateAgreement(AGREEMENT, TODAY, " ", null))
                    .expectException(violates(AgreementRule.TERMINATION_DETAILS_REQUIRED));
        }

        @Test
        void terminationDetailsRequiredADate() {
            fixture.given(inForce())
                    .when(new TerminateAgreement(AGREEMENT, null, "reason", null))
                    .expectException(violates(AgreementRule.TERMINATION_DETAILS_REQUIRED));
        }

        static Stream<Arguments> everyCommandAfterEitherEnd() {
            return Stream.of(SUPERSEDED, TERMINATED).flatMap(ending -> everyCommand()
                    .map(command -> Arguments.of(ending.getClass().getSimpleName(), ending, command)));
        }

        @ParameterizedTest(name = "{0}: {2}")
        @MethodSource("everyCommandAfterEitherEnd")
        void agreementHasEnded(String endedBy, Object ending, Object command) {
            fixture.given(ended(ending))
                    .when(command)
                    .expectException(violates(AgreementRule.AGREEMENT_HAS_ENDED))
                    .expectNoEvents();
        }
    }

    /** Business dates that must make sense together (issue 14): what happened later cannot be dated earlier. */
    @Nested
    class BusinessDates {

        @Test
        void approvedBeforeProposed() {
            // Drafted on 3.9.2025: a meeting on 1.8.2025 cannot have approved it.
            fixture.given(drafted())
                    .when(approve(HAMEENLINNA, 1, LocalDate.of(2025, 8, 1)))
                    .expectException(violates(AgreementRule.APPROVED_BEFORE_PROPOSED))
                    .expectNoEvents();
        }

        @Test
        void aMeetingOnTheDayOfTheDraftMayApproveIt() {
            fixture.given(drafted())
                    .when(approve(HAMEENLINNA, 1, LocalDate.of(2025, 9, 3)))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void approvedBeforeProposedALaterVersionDatesFromItsAmendment() {
            // Version 2 proposed on 9.2.2026.
            fixture.given(plus(inForce(), new PrinciplesAmendmentProposed(AGREEMENT, 2,
                            Principle.numbered(PRINCIPLES), Principle.numbered(AMENDED), "Review 2027", FEB_9)))
                    .when(approve(HAMEENLINNA, 2, FEB_2))
                    .expectException(violates(AgreementRule.APPROVED_BEFORE_PROPOSED));
        }

        @Test
        void signedBeforeApproved() {
            fixture.given(drafted(), approved(HAMEENLINNA, 1, JAN_26))
                    .when(sign(HAMEENLINNA, 1, JAN_19))
                    .expectException(violates(AgreementRule.SIGNED_BEFORE_APPROVED))
                    .expectNoEvents();
        }

        @Test
        void aSignatureOnTheDayOfTheApprovalIsAccepted() {
            fixture.given(drafted(), approved(HAMEENLINNA, 1, JAN_26))
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

        static Stream<Object> everyCommandDatedTheDayBeforeTheDraft() {
            LocalDate beforeTheDraft = LocalDate.of(2025, 9, 2);
            return Stream.of(
                    new ScheduleReview(AGREEMENT, SPRING_REVIEW, LocalDate.of(2027, 5, 31), null,
                            "integraatiovaliokunta", null, beforeTheDraft, null),
                    new AmendPrinciples(AGREEMENT, AMENDED, "earlier", beforeTheDraft, null),
                    new SupersedeAgreement(AGREEMENT, PREVIOUS_AGREEMENT, beforeTheDraft, null),
                    new TerminateAgreement(AGREEMENT, beforeTheDraft, "never began", null));
        }

        @ParameterizedTest
        @MethodSource("everyCommandDatedTheDayBeforeTheDraft")
        void datedBeforeDraft(Object command) {
            fixture.given(drafted())
                    .when(command)
                    .expectException(violates(AgreementRule.DATED_BEFORE_DRAFT))
                    .expectNoEvents();
        }

        /** In force since 2.2.2026; an end on 26.1.2026. */
        static Stream<Object> everyEndBeforeTheEntryIntoForce() {
            return Stream.of(new SupersedeAgreement(AGREEMENT, PREVIOUS_AGREEMENT, JAN_26, null),
                    new TerminateAgreement(AGREEMENT, JAN_26, "before it began", null));
        }

        @ParameterizedTest
        @MethodSource("everyEndBeforeTheEntryIntoForce")
        void endedBeforeForce(Object command) {
            fixture.given(inForce())
                    .when(command)
                    .expectException(violates(AgreementRule.ENDED_BEFORE_FORCE))
                    .expectNoEvents();
        }

        // A clerk entering a 2023 agreement today enters its whole past with its own dates.

        @Test
        void anAmendmentEnteredTodayKeepsTheDayItWasProposed() {
            LocalDate proposed = LocalDate.of(2025, 11, 3);
            fixture.given(drafted())
                    .when(new AmendPrinciples(AGREEMENT, AMENDED, "Board's changes", proposed, null))
                    .expectEvents(new PrinciplesAmended(AGREEMENT, 2, Principle.numbered(PRINCIPLES),
                            Principle.numbered(AMENDED), "Board's changes", proposed));
        }

        @Test
        void aReviewEnteredTodayKeepsTheDayItWasScheduled() {
            LocalDate scheduled = LocalDate.of(2025, 12, 1);
            fixture.given(drafted())
                    .when(new ScheduleReview(AGREEMENT, SPRING_REVIEW, LocalDate.of(2027, 5, 31), null,
                            "integraatiovaliokunta", null, scheduled, null))
                    .expectEvents(new ReviewScheduled(AGREEMENT, SPRING_REVIEW, LocalDate.of(2027, 5, 31),
                            "AGREEMENT_EVALUATION", "integraatiovaliokunta", null, scheduled));
        }

        @Test
        void dateInTheFutureForAReviewScheduling() {
            fixture.given(drafted())
                    .when(new ScheduleReview(AGREEMENT, SPRING_REVIEW, LocalDate.of(2027, 5, 31), null,
                            "integraatiovaliokunta", null, TODAY.plusDays(1), null))
                    .expectException(violates(AgreementRule.DATE_IN_THE_FUTURE));
        }
    }

    /**
     * Importing an agreement with its past (issue 17): one command whose steps go through the same rules as the
     * commands they stand for, in the order of their dates, all or nothing.
     */
    @Nested
    class Import {

        private final LocalDate drafted = LocalDate.of(2025, 9, 3);

        private DraftAgreement draftOn(LocalDate on, fi.agreementregistry.core.review.ReviewPolicy policy) {
            return new DraftAgreement(AGREEMENT, TITLE, AgreementKind.FRAMEWORK_AGREEMENT, "Kanta-Häme", TERM,
                    THREE_PARTIES, PRINCIPLES, GOALS, FORUMS, policy, on);
        }

        private List<ImportStep> approvedAndSigned() {
            List<ImportStep> steps = new ArrayList<>();
            for (int i = 0; i < THREE_PARTIES.size(); i++) {
                PartyId party = THREE_PARTIES.get(i);
                steps.add(ImportStep.of("approvals", i, approve(party, 1, List.of(JAN_12, JAN_19, JAN_26).get(i))));
                steps.add(ImportStep.of("signatures", i, sign(party, 1, FEB_2)));
            }
            return steps;
        }

        private Matcher<ImportNotStored> notStored(String... rules) {
            return new TypeSafeMatcher<>() {
                @Override
                protected boolean matchesSafely(ImportNotStored e) {
                    return e.problems().stream().map(ImportProblem::rule).toList().equals(List.of(rules));
                }

                @Override
                public void describeTo(Description description) {
                    description.appendText("an import refused for " + Arrays.toString(rules));
                }
            };
        }

        @Test
        void anImportedHistoryEntersIntoForceOnTheDayOfItsLastApprovalOrSignature() {
            fixture.givenNoPriorActivity()
                    .when(new ImportAgreement(AGREEMENT, draftOn(drafted, null), approvedAndSigned(), false))
                    .expectSuccessfulHandlerExecution()
                    .expectResultMessagePayload(new ImportOutcome(AgreementStatus.IN_FORCE, 1, FEB_2, 7))
                    .expectEvents(plus(new Object[] {
                            new AgreementDrafted(AGREEMENT, TITLE, AgreementKind.FRAMEWORK_AGREEMENT, "Kanta-Häme",
                                    TERM, THREE_PARTIES.stream().map(KantaHame::ref).toList(),
                                    Principle.numbered(PRINCIPLES), GOALS, FORUMS, 1, drafted, null)},
                            approved(WELFARE_AREA, 1, JAN_12), approved(HAMEEN_LIITTO, 1, JAN_19),
                            approved(HAMEENLINNA, 1, JAN_26), signed(WELFARE_AREA, 1, FEB_2),
                            signed(HAMEEN_LIITTO, 1, FEB_2), signed(HAMEENLINNA, 1, FEB_2),
                            new AgreementEnteredIntoForce(AGREEMENT, 1, FEB_2)));
        }

        @Test
        void stepsAreTakenInTheOrderOfTheirDatesWhateverTheOrderOfTheLists() {
            List<ImportStep> steps = new ArrayList<>(approvedAndSigned());
            java.util.Collections.reverse(steps);
            fixture.givenNoPriorActivity()
                    .when(new ImportAgreement(AGREEMENT, draftOn(drafted, null), steps, false))
                    .expectSuccessfulHandlerExecution()
                    .expectResultMessagePayload(new ImportOutcome(AgreementStatus.IN_FORCE, 1, FEB_2, 7));
        }

        @Test
        void everyBrokenRuleIsNamedNotOnlyTheFirst() {
            List<ImportStep> steps = new ArrayList<>(approvedAndSigned());
            // Approved before the draft existed, and signed after today.
            steps.set(0, ImportStep.of("approvals", 0, approve(WELFARE_AREA, 1, drafted.minusDays(1))));
            steps.set(3, ImportStep.of("signatures", 1, sign(HAMEEN_LIITTO, 1, TODAY.plusDays(1))));
            fixture.givenNoPriorActivity()
                    .when(new ImportAgreement(AGREEMENT, draftOn(drafted, null), steps, false))
                    .expectException(notStored("approved-before-proposed", "not-yet-approved",
                            "date-in-the-future"));
        }

        @Test
        void aCheckStoresNothingAndSaysWhatTheAgreementWouldBecome() {
            fixture.givenNoPriorActivity()
                    .when(new ImportAgreement(AGREEMENT, draftOn(drafted, null), approvedAndSigned(), true))
                    .expectException(new TypeSafeMatcher<ImportNotStored>() {
                        @Override
                        protected boolean matchesSafely(ImportNotStored e) {
                            return e.problems().isEmpty() && e.outcome().status() == AgreementStatus.IN_FORCE
                                    && FEB_2.equals(e.outcome().enteredIntoForceOn());
                        }

                        @Override
                        public void describeTo(Description description) {
                            description.appendText("a check without problems, in force on " + FEB_2);
                        }
                    });
        }

        @Test
        void aDraftTheRulesRefuseEndsTheCheckOfThatAgreement() {
            fixture.givenNoPriorActivity()
                    .when(new ImportAgreement(AGREEMENT, draftOn(TODAY.plusDays(1), null), approvedAndSigned(),
                            false))
                    .expectException(notStored("date-in-the-future"));
        }

        @Test
        void reviewUnderPolicy() {
            fi.agreementregistry.core.review.ReviewPolicy policy =
                    fi.agreementregistry.core.review.ReviewPolicy.everyMonths(12, "hyte-foorumi");
            List<ImportStep> steps = new ArrayList<>(approvedAndSigned());
            steps.add(ImportStep.of("reviews", 0, new ScheduleReview(AGREEMENT, SPRING_REVIEW,
                    LocalDate.of(2027, 2, 2), fi.agreementregistry.core.review.ReviewPolicy.PERIODIC_REVIEW,
                    "hyte-foorumi", null, FEB_9, null)));
            fixture.givenNoPriorActivity()
                    .when(new ImportAgreement(AGREEMENT, draftOn(drafted, policy), steps, false))
                    .expectException(notStored("review-under-policy"));
        }

        @Test
        void theReviewPolicySchedulesItsReviewsAsItDoesForTheCommands() {
            fi.agreementregistry.core.review.ReviewPolicy policy =
                    fi.agreementregistry.core.review.ReviewPolicy.everyMonths(12, "hyte-foorumi");
            fixture.givenNoPriorActivity()
                    .when(new ImportAgreement(AGREEMENT, draftOn(drafted, policy), approvedAndSigned(), false))
                    .expectSuccessfulHandlerExecution()
                    .expectResultMessagePayload(new ImportOutcome(AgreementStatus.IN_FORCE, 1, FEB_2, 8));
        }

        @Test
        void aCompletionWithoutAReviewIdCompletesTheReviewThePolicyScheduled() {
            fi.agreementregistry.core.review.ReviewPolicy policy =
                    fi.agreementregistry.core.review.ReviewPolicy.everyMonths(12, "hyte-foorumi");
            List<ImportStep> steps = new ArrayList<>(approvedAndSigned());
            steps.add(ImportStep.of("reviewCompletions", 0, new CompleteReview(AGREEMENT, null, FEB_9,
                    ReviewOutcome.NO_CHANGES, "Hyte-foorumi 9.2.2026", null)));
            // in force (7), the policy's review (8), its completion (9) and the next one under the policy (10)
            fixture.givenNoPriorActivity()
                    .when(new ImportAgreement(AGREEMENT, draftOn(drafted, policy), steps, false))
                    .expectSuccessfulHandlerExecution()
                    .expectResultMessagePayload(new ImportOutcome(AgreementStatus.IN_FORCE, 1, FEB_2, 10));
        }

        @Test
        void unknownReviewWhenNoReviewOfThePolicyIsOpen() {
            List<ImportStep> steps = new ArrayList<>(approvedAndSigned());
            steps.add(ImportStep.of("reviewCompletions", 0, new CompleteReview(AGREEMENT, null, FEB_9,
                    ReviewOutcome.NO_CHANGES, null, null)));
            fixture.givenNoPriorActivity()
                    .when(new ImportAgreement(AGREEMENT, draftOn(drafted, null), steps, false))
                    .expectException(notStored("unknown-review"));
        }

        @Test
        void aCompletedReviewAndTheEndAreImportedWithTheirDates() {
            List<ImportStep> steps = new ArrayList<>(approvedAndSigned());
            steps.add(ImportStep.of("reviews", 0, new ScheduleReview(AGREEMENT, SPRING_REVIEW,
                    LocalDate.of(2026, 2, 27), null, "integraatiovaliokunta", null, FEB_2, null)));
            steps.add(ImportStep.of("reviewCompletions", 0, new CompleteReview(AGREEMENT, SPRING_REVIEW,
                    FEB_9, ReviewOutcome.REPLACE, "IVA 9.2.2026 § 5", null)));
            steps.add(ImportStep.of("supersededBy", 0, new SupersedeAgreement(AGREEMENT, PREVIOUS_AGREEMENT,
                    FEB_9, null)));
            fixture.givenNoPriorActivity()
                    .when(new ImportAgreement(AGREEMENT, draftOn(drafted, null), steps, false))
                    .expectSuccessfulHandlerExecution()
                    .expectResultMessagePayload(new ImportOutcome(AgreementStatus.SUPERSEDED, 1, FEB_2, 10));
        }
    }

    /** The catalogue of rules itself. */
    @Nested
    class Rules {

        @Test
        void everyRuleHasATestNamedAfterIt() {
            List<String> tests = testMethods(AgreementTest.class).map(Method::getName).toList();
            assertThat(AgreementRule.values()).allSatisfy(rule -> {
                String camel = camelCase(rule.ruleName());
                assertThat(tests).as("a test named after " + rule.ruleName())
                        .anyMatch(test -> test.equals(camel) || test.matches(Pattern.quote(camel) + "[A-Z].*"));
            });
        }

        @Test
        void everyRuleHasAStableKebabCaseName() {
            assertThat(AgreementRule.values())
                    .allSatisfy(rule -> assertThat(rule.ruleName()).matches("[a-z]+(-[a-z]+)*"))
                    .extracting(AgreementRule::ruleName).doesNotHaveDuplicates();
            assertThat(AgreementRule.byName("not-yet-approved")).isEqualTo(AgreementRule.NOT_YET_APPROVED);
        }
    }

    /** The tests of a class and its nested classes, plain or parameterized. */
    private static Stream<Method> testMethods(Class<?> type) {
        Stream<Method> own = Arrays.stream(type.getDeclaredMethods())
                .filter(method -> method.isAnnotationPresent(Test.class)
                        || method.isAnnotationPresent(ParameterizedTest.class));
        Stream<Method> nested = Arrays.stream(type.getDeclaredClasses())
                .filter(nestedClass -> nestedClass.isAnnotationPresent(Nested.class))
                .flatMap(AgreementTest::testMethods);
        return Stream.concat(own, nested);
    }

    private static String camelCase(String kebab) {
        StringBuilder camel = new StringBuilder();
        for (String word : kebab.split("-")) {
            camel.append(camel.length() == 0 ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
        }
        return camel.toString();
    }
}
