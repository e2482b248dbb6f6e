package fi.agreementregistry.api.rest.agreements;

import fi.agreementregistry.api.RegistryHttpTest;
import fi.agreementregistry.core.actor.Actor;
import fi.agreementregistry.core.agreement.AgreementId;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.core.review.ReviewScheduled;
import fi.agreementregistry.core.signature.AgreementSigned;
import fi.agreementregistry.core.signature.SignAgreement;
import fi.agreementregistry.core.signature.Signatory;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A review the registry schedules by itself names the system as its actor, although the command that caused
 * it came from a clerk whose actor metadata Axon copies into every event of that command (as the API's
 * correlation data provider will). The metadata given with the event wins over the correlation data key by key;
 * a key it leaves out is filled from the command, which is why the aggregate blanks the party explicitly.
 */
@Import(SystemActorHttpTest.ActorCorrelation.class)
class SystemActorHttpTest extends RegistryHttpTest {

    private static final Actor CLERK = new Actor("liisa", "Liisa Lakimies", "CLERK", "welfare-area:07");

    @TestConfiguration
    static class ActorCorrelation {
        @Bean
        CorrelationDataProvider actorCorrelation() {
            return new SimpleCorrelationDataProvider(Actor.USER_ID, Actor.DISPLAY_NAME, Actor.ROLE, Actor.PARTY_ID);
        }
    }

    @Autowired
    private CommandGateway commandGateway;

    @Test
    void theSystemIsTheActorOfAReviewScheduledUnderThePolicyAndTheClerkOfTheSignature() {
        Map<String, Object> draft = new HashMap<>(kantaHameDraft());
        draft.put("parties", List.of("municipality:109", "welfare-area:07"));
        draft.put("reviewPolicy", Map.of("kind", "ONCE_PER_COUNCIL_TERM", "responsibleBody", "Integraatiovaliokunta"));
        String id = body(post("/api/agreements", draft)).get("agreementId").asText();
        post("/api/agreements/" + id + "/approvals", approval("municipality:109", 1, "2026-01-12"));
        post("/api/agreements/" + id + "/approvals", approval("welfare-area:07", 1, "2026-01-19"));
        post("/api/agreements/" + id + "/signatures", signature("municipality:109", 1, "2026-02-02"));

        commandGateway.sendAndWait(GenericCommandMessage.asCommandMessage(new SignAgreement(AgreementId.of(id),
                PartyId.of("welfare-area:07"), 1, new Signatory("Aluehallituksen puheenjohtaja", "puheenjohtaja"),
                LocalDate.of(2026, 2, 3), null)).andMetaData(CLERK.toMetaData()));

        List<? extends DomainEventMessage<?>> events = eventStore.readEvents(id, 0).asStream().toList();
        DomainEventMessage<?> signed = events.get(events.size() - 3);
        DomainEventMessage<?> scheduled = events.get(events.size() - 1);
        assertThat(signed.getPayload()).isInstanceOf(AgreementSigned.class);
        assertThat(Actor.fromMetaData(signed.getMetaData())).contains(CLERK);
        assertThat(scheduled.getPayload()).isInstanceOf(ReviewScheduled.class);
        assertThat(((ReviewScheduled) scheduled.getPayload()).dueBy()).isEqualTo(LocalDate.of(2029, 5, 31));
        assertThat(Actor.fromMetaData(scheduled.getMetaData())).contains(Actor.SYSTEM);
        assertThat(scheduled.getMetaData().get(Actor.PARTY_ID)).as("the clerk's party does not leak in").isNull();
    }
}
