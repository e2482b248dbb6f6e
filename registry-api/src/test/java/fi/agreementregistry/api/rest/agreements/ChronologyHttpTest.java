package fi.agreementregistry.api.rest.agreements;

import com.fasterxml.jackson.databind.JsonNode;
import fi.agreementregistry.api.RegistryHttpTest;
import fi.agreementregistry.core.agreement.Agreement;
import fi.agreementregistry.core.agreement.AgreementId;
import fi.agreementregistry.core.approval.ApprovalRecorded;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.core.party.PartyRef;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Business dates that make sense together (issue 14, 1): a clerk enters an agreement of 2023 today with its whole
 * past; dates that contradict each other are refused with the rule as the problem type and store nothing; an event
 * stored before the rules existed still loads and is named by the consistency check's chronology warnings.
 */
class ChronologyHttpTest extends RegistryHttpTest {

    private static final List<String> TWO = List.of("welfare-area:07", "municipality:109");

    @Test
    void aHistoricAgreementIsEnteredWithItsOwnDatesAndReadAsItStoodThen() {
        String id = draftTwoParties("2023-01-10");
        for (String party : TWO) {
            ok(post("/api/agreements/" + id + "/approvals", approval(party, 1, "2023-03-13")));
        }
        for (String party : TWO) {
            ok(post("/api/agreements/" + id + "/signatures", signature(party, 1, "2023-03-20")));
        }
        JsonNode review = body(ok(as(COMMITTEE).post("/api/agreements/" + id + "/reviews", Map.of(
                "dueBy", "2024-01-31", "responsibleBody", "Integraatiovaliokunta", "scheduledOn", "2023-06-01"))));
        ok(as(COMMITTEE).post("/api/agreements/" + id + "/reviews/" + review.get("reviewId").asText() + "/completion",
                Map.of("completedOn", "2024-01-15", "outcome", "AMEND", "minutesReference", "IVA 15.1.2024 § 3")));
        ok(post("/api/agreements/" + id + "/principles", Map.of("principles", List.of("Uusi periaate."),
                "rationale", "Arvioinnin tulos", "proposedOn", "2024-02-01")));

        JsonNode history = body(get("/api/agreements/" + id + "/history"));
        assertThat(history.findValuesAsText("effectiveOn")).contains("2023-01-10", "2023-03-13", "2023-03-20",
                "2023-06-01", "2024-01-15", "2024-02-01");
        JsonNode asOf = body(get("/api/agreements/" + id + "?asOf=2023-03-15"));
        assertThat(asOf.get("status").asText()).as("drafted, approved, not yet signed").isEqualTo("DRAFT");
        assertThat(body(get("/api/agreements/" + id + "?asOf=2023-04-01")).get("status").asText())
                .isEqualTo("IN_FORCE");
    }

    @Test
    void datesThatContradictEachOtherAreRefusedWithTheRuleAndStoreNothing() {
        String id = draftTwoParties("2025-09-03");
        long before = storedEventCount(id);
        assertRefused(post("/api/agreements/" + id + "/approvals", approval("municipality:109", 1, "2025-08-01")),
                "approved-before-proposed");
        ok(post("/api/agreements/" + id + "/approvals", approval("municipality:109", 1, "2025-09-15")));
        assertRefused(post("/api/agreements/" + id + "/signatures", signature("municipality:109", 1, "2025-09-14")),
                "signed-before-approved");
        JsonNode review = body(ok(as(COMMITTEE).post("/api/agreements/" + id + "/reviews", Map.of(
                "dueBy", "2026-06-30", "responsibleBody", "Integraatiovaliokunta", "scheduledOn", "2025-10-01"))));
        assertRefused(as(COMMITTEE).post("/api/agreements/" + id + "/reviews/" + review.get("reviewId").asText()
                + "/completion", Map.of("completedOn", "2025-09-30", "outcome", "NO_CHANGES")), "completed-before-scheduled");
        assertRefused(as(COMMITTEE).post("/api/agreements/" + id + "/reviews", Map.of("dueBy", "2026-06-30",
                "responsibleBody", "Integraatiovaliokunta", "scheduledOn", "2025-09-02")), "dated-before-draft");
        assertRefused(post("/api/agreements/" + id + "/termination", Map.of("terminatedOn", "2025-09-01",
                "reason", "Ei koskaan alkanut")), "dated-before-draft");
        assertThat(storedEventCount(id)).isEqualTo(before + 2);
    }

    @Test
    void anEventStoredBeforeTheRulesStillLoadsAndIsAChronologyWarning() {
        String id = draftTwoParties("2025-09-03");
        // An approval dated a month before the draft, stored the way an older version could have.
        eventStore.publish(new GenericDomainEventMessage<>(Agreement.AGGREGATE_TYPE, id, 1,
                new ApprovalRecorded(AgreementId.of(id), new PartyRef(PartyId.of("municipality:109"), "Hämeenlinna"),
                        1, "Kaupunginhallitus", LocalDate.of(2025, 8, 4), "§ 12", "1/00/2025", "Hyväksytään.")));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(body(get("/api/agreements/" + id)).get("aggregateSequence").asLong()).isEqualTo(1));
        JsonNode report = body(as(ADMIN).get("/api/admin/consistency"));
        List<JsonNode> mine = new java.util.ArrayList<>();
        report.get("chronologyWarnings").forEach(w -> {
            if (w.get("agreementId").asText().equals(id)) {
                mine.add(w);
            }
        });
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).get("rule").asText()).isEqualTo("approved-before-proposed");
        assertThat(mine.get(0).get("sequences").toString()).isEqualTo("[0,1]");
        assertThat(mine.get(0).get("detail").asText()).contains("2025-08-04", "2025-09-03");
        // The agreement keeps working: the other party approves and signs in order.
        ok(post("/api/agreements/" + id + "/approvals", approval("welfare-area:07", 1, "2025-09-20")));
    }

    private String draftTwoParties(String draftedOn) {
        Map<String, Object> draft = new HashMap<>(kantaHameDraft());
        draft.put("parties", TWO);
        draft.put("draftedOn", draftedOn);
        return body(ok(post("/api/agreements", draft))).get("agreementId").asText();
    }

    private void assertRefused(ResponseEntity<String> response, String rule) {
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(409);
        assertThat(body(response).get("type").asText()).isEqualTo("/problems/" + rule);
    }

    private static ResponseEntity<String> ok(ResponseEntity<String> response) {
        assertThat(response.getStatusCode().is2xxSuccessful()).as(response.getBody()).isTrue();
        return response;
    }
}
