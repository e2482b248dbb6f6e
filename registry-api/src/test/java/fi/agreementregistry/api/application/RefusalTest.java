package fi.agreementregistry.api.application;

import fi.agreementregistry.core.InvalidValueException;
import fi.agreementregistry.core.agreement.AgreementRule;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.core.party.UnknownPartyException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** One mapping from a refusal to what every adapter answers: its status and the form field it belongs beside. */
class RefusalTest {

    @Test
    void aBrokenRuleIsAConflictShownBesideTheFieldItConcerns() {
        Refusal future = Refusal.of(AgreementRule.DATE_IN_THE_FUTURE.violation("meeting", "2030-01-01", "2026-11-30"),
                "meetingDate").orElseThrow();
        assertThat(future.kind().status()).isEqualTo(409);
        assertThat(future.field()).isEqualTo("meetingDate");
        assertThat(future.cause().getMessage()).contains("2030-01-01");

        assertThat(Refusal.of(AgreementRule.SIGNED_BEFORE_APPROVED.violation("a", 1, "c", "d"), "signedOn")
                .orElseThrow().field()).isEqualTo("signedOn");
        assertThat(Refusal.of(AgreementRule.APPROVAL_DETAILS_REQUIRED.violation("a decision body"), "meetingDate").orElseThrow().field())
                .isEqualTo("decisionBody");
        assertThat(Refusal.of(AgreementRule.SIGNATURE_DETAILS_REQUIRED.violation("a signatory"), "signedOn").orElseThrow().field())
                .isEqualTo("signatoryName");
        assertThat(Refusal.of(AgreementRule.ALREADY_SIGNED.violation("x", 1), "signedOn").orElseThrow().field())
                .as("a rule about the agreement as a whole is shown above the form").isEmpty();
    }

    @Test
    void aClerkOutsideTheAgreementGetsTheSameNotFoundAsAnUnknownAgreement() {
        assertThat(Refusal.of(AgreementRule.ACTOR_NOT_A_PARTY.violation("municipality:109", "a-1"), "")
                .orElseThrow().kind()).isEqualTo(Refusal.Kind.NOT_FOUND);
        assertThat(Refusal.of(new AggregateNotFoundException("a-1", "none"), "").orElseThrow().kind())
                .isEqualTo(Refusal.Kind.NOT_FOUND);
    }

    @Test
    void theCommandBusWrapperIsLookedThrough() {
        CommandExecutionException wrapped = new CommandExecutionException("failed",
                new UnknownPartyException(PartyId.of("municipality:999")));
        Refusal refusal = Refusal.of(wrapped, "").orElseThrow();
        assertThat(refusal.kind()).isEqualTo(Refusal.Kind.INVALID);
        assertThat(refusal.cause()).isInstanceOf(UnknownPartyException.class);
    }

    @Test
    void eachKindHasTheStatusTheApiAnswers() {
        assertThat(Refusal.of(new InvalidFieldException("partyId", "bad"), "").orElseThrow())
                .extracting(Refusal::kind, Refusal::field).containsExactly(Refusal.Kind.INVALID, "partyId");
        assertThat(Refusal.of(new InvalidValueException("bad"), "").orElseThrow().kind().status()).isEqualTo(400);
        assertThat(Refusal.of(new ForbiddenException("no"), "").orElseThrow().kind().status()).isEqualTo(403);
        assertThat(Refusal.of(new NotFoundException("no"), "").orElseThrow().kind().status()).isEqualTo(404);
        assertThat(Refusal.of(new PreconditionFailedException("stale"), "").orElseThrow().kind().status())
                .isEqualTo(412);
        assertThat(Refusal.of(new ConflictingAggregateVersionException("a-1", 3, 4), "").orElseThrow().kind()
                .status()).isEqualTo(412);
        assertThat(Refusal.of(new ConcurrencyException("same moment"), "").orElseThrow().kind().status())
                .isEqualTo(409);
    }

    @Test
    void aFaultOfTheRegistryIsNoRefusal() {
        assertThat(Refusal.of(new IllegalStateException("bug"), "")).isEmpty();
        assertThat(Refusal.of(new CommandExecutionException("bug", new IllegalStateException("bug")), "")).isEmpty();
    }
}
