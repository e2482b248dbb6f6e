package fi.agreementregistry.api.rest.agreements;

import com.fasterxml.jackson.databind.JsonNode;
import fi.agreementregistry.api.RegistryHttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpEntity;
import org.springframework.http.ResponseEntity;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AgreementLifecycleHttpTest extends RegistryHttpTest {

    @Test
    void theKantaHameFrameworkAgreementEntersIntoForceWhenAllThirteenPartiesHaveApprovedAndSigned() {
        ResponseEntity<String> created = post("/api/agreements", kantaHameDraft());
        assertThat(created.getStatusCode().value()).isEqualTo(201);
        String id = body(created).get("agreementId").asText();
        assertThat(created.getHeaders().getLocation()).hasToString("/api/agreements/" + id);
        assertThat(created.getHeaders().getETag()).isEqualTo("\"0\"");

        JsonNode draft = body(get("/api/agreements/" + id));
        assertThat(draft.get("status").asText()).isEqualTo("DRAFT");
        assertThat(draft.get("version").asInt()).isEqualTo(1);
        assertThat(draft.get("councilTerm").asText()).isEqualTo("2025-2029");
        assertThat(draft.get("parties")).hasSize(13);
        assertThat(draft.get("principles").get(0).get("number").asInt()).isEqualTo(1);

        for (int i = 0; i < KANTA_HAME.size(); i++) {
            String party = KANTA_HAME.get(i);
            ResponseEntity<String> approved = post("/api/agreements/" + id + "/approvals",
                    approval(party, 1, "2026-01-%02d".formatted(10 + i)));
            assertThat(approved.getStatusCode().value()).as(approved.getBody()).isEqualTo(201);
        }
        JsonNode approvedByAll = body(get("/api/agreements/" + id));
        assertThat(approvedByAll.get("status").asText()).isEqualTo("DRAFT");

        ResponseEntity<String> last = null;
        for (int i = 0; i < KANTA_HAME.size(); i++) {
            last = post("/api/agreements/" + id + "/signatures",
                    signature(KANTA_HAME.get(i), 1, "2026-02-%02d".formatted(2 + i)));
            assertThat(last.getStatusCode().value()).as(last.getBody()).isEqualTo(201);
        }
        // 1 draft + 13 approvals + 13 signatures + entry into force
        assertThat(last.getHeaders().getETag()).isEqualTo("\"27\"");

        JsonNode inForce = body(get("/api/agreements/" + id));
        assertThat(inForce.get("status").asText()).isEqualTo("IN_FORCE");
        assertThat(inForce.get("enteredIntoForceOn").asText()).isEqualTo("2026-02-14");
        JsonNode hameenlinna = find(inForce.get("parties"), "municipality:109");
        assertThat(hameenlinna.get("name").asText()).isEqualTo("Hämeenlinna");
        assertThat(hameenlinna.get("approval").get("section").asText()).isEqualTo("§ 30");
        assertThat(hameenlinna.get("approval").get("diaryNumber").asText()).isEqualTo("56/15.00.18/2023");
        assertThat(hameenlinna.get("signature").get("signedOn").asText()).isEqualTo("2026-02-08");

        ResponseEntity<String> list = get("/api/agreements?party=municipality:109&status=IN_FORCE&councilTerm=2025-2029");
        assertThat(body(list).findValuesAsText("id")).contains(id);
        assertThat(body(get("/api/agreements?status=DRAFT")).findValuesAsText("id")).doesNotContain(id);
    }

    @Test
    void anAmendmentInForceIsPendingUntilEveryPartyApprovedTheNewVersion() {
        String id = agreementInForce(List.of("municipality:109", "welfare-area:07"));

        ResponseEntity<String> proposed = post("/api/agreements/" + id + "/principles",
                Map.of("principles", List.of("Uusi periaate."), "rationale", "Arviointi keväällä 2025",
                        "proposedOn", "2026-02-15"));
        assertThat(proposed.getStatusCode().value()).as(proposed.getBody()).isEqualTo(200);
        assertThat(body(proposed).get("version").asInt()).isEqualTo(1);

        JsonNode pending = body(get("/api/agreements/" + id));
        assertThat(pending.get("version").asInt()).isEqualTo(1);
        assertThat(pending.get("pendingAmendment").get("version").asInt()).isEqualTo(2);

        post("/api/agreements/" + id + "/approvals", approval("municipality:109", 2, "2026-02-20"));
        ResponseEntity<String> lastApproval = post("/api/agreements/" + id + "/approvals",
                approval("welfare-area:07", 2, "2026-02-24"));
        assertThat(body(lastApproval).get("version").asInt()).isEqualTo(2);

        JsonNode amended = body(get("/api/agreements/" + id));
        assertThat(amended.get("version").asInt()).isEqualTo(2);
        assertThat(amended.get("principles").get(0).get("text").asText()).isEqualTo("Uusi periaate.");
        assertThat(amended.get("status").asText()).isEqualTo("IN_FORCE");
    }

    @Test
    void reviewsAreScheduledAndCompletedOnce() {
        String id = draftKantaHame();
        ResponseEntity<String> scheduled = post("/api/agreements/" + id + "/reviews", Map.of("dueBy", "2026-05-31",
                "kind", "AGREEMENT_EVALUATION", "responsibleBody", "Integraatiovaliokunta",
                "reason", "Toimivuus arvioidaan viimeistään keväällä.", "scheduledOn", "2026-02-01"));
        assertThat(scheduled.getStatusCode().value()).as(scheduled.getBody()).isEqualTo(201);
        String reviewId = body(scheduled).get("reviewId").asText();

        Map<String, Object> completion = Map.of("completedOn", "2026-03-01", "outcome", "NO_CHANGES",
                "minutesReference", "Integraatiovaliokunta 1.3.2026 § 12");
        ResponseEntity<String> completed = post("/api/agreements/" + id + "/reviews/" + reviewId + "/completion", completion);
        assertThat(completed.getStatusCode().value()).as(completed.getBody()).isEqualTo(200);

        JsonNode review = body(get("/api/agreements/" + id)).get("reviews").get(0);
        assertThat(review.get("reviewId").asText()).isEqualTo(reviewId);
        assertThat(review.get("status").asText()).isEqualTo("COMPLETED_ON_TIME");

        ResponseEntity<String> again = post("/api/agreements/" + id + "/reviews/" + reviewId + "/completion", completion);
        assertThat(again.getStatusCode().value()).isEqualTo(409);
        assertThat(again.getHeaders().getContentType()).hasToString("application/problem+json");
    }

    @Test
    void aSupersededAgreementRefusesEveryFurtherCommand() {
        String old = draftKantaHame();
        String successor = draftKantaHame();
        ResponseEntity<String> superseded = post("/api/agreements/" + old + "/supersession",
                Map.of("successorId", successor, "supersededOn", "2026-03-01"));
        assertThat(superseded.getStatusCode().value()).as(superseded.getBody()).isEqualTo(200);

        JsonNode oldView = body(get("/api/agreements/" + old));
        assertThat(oldView.get("status").asText()).isEqualTo("SUPERSEDED");
        assertThat(oldView.get("supersededBy").asText()).isEqualTo(successor);

        ResponseEntity<String> refused = post("/api/agreements/" + old + "/approvals",
                approval("municipality:109", 1, "2026-02-01"));
        assertThat(refused.getStatusCode().value()).isEqualTo(409);
        assertThat(body(refused).get("type").asText()).contains("/problems/");
    }

    @Test
    void aStaleIfMatchGets412AndChangesNothing() {
        String id = draftKantaHame();
        ResponseEntity<String> first = post("/api/agreements/" + id + "/approvals",
                approval("municipality:109", 1, "2026-01-10"), "\"0\"");
        assertThat(first.getStatusCode().value()).isEqualTo(201);
        assertThat(first.getHeaders().getETag()).isEqualTo("\"1\"");

        long before = storedEventCount();
        ResponseEntity<String> stale = post("/api/agreements/" + id + "/approvals",
                approval("municipality:061", 1, "2026-01-10"), "\"0\"");
        assertThat(stale.getStatusCode().value()).isEqualTo(412);
        assertThat(stale.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(storedEventCount()).isEqualTo(before);

        ResponseEntity<String> current = get("/api/agreements/" + id);
        assertThat(current.getHeaders().getETag()).isEqualTo("\"1\"");
    }

    @Test
    void partiesCanBeAddedAndRemovedInADraft() {
        String id = draftKantaHame();
        ResponseEntity<String> removed = http.exchange("/api/agreements/" + id + "/parties/municipality:981",
                HttpMethod.DELETE, HttpEntity.EMPTY, String.class);
        assertThat(removed.getStatusCode().value()).as(removed.getBody()).isEqualTo(200);
        assertThat(body(get("/api/agreements/" + id)).get("parties")).hasSize(12);

        ResponseEntity<String> added = post("/api/agreements/" + id + "/parties", Map.of("partyId", "municipality:981"));
        assertThat(added.getStatusCode().value()).as(added.getBody()).isEqualTo(200);
        assertThat(body(get("/api/agreements/" + id)).get("parties")).hasSize(13);
    }

    @Test
    void thePartyDirectoryListsTheKantaHameParties() {
        JsonNode kantaHame = body(get("/api/parties?region=05"));
        assertThat(kantaHame).hasSize(13);
        assertThat(body(get("/api/parties?kind=WELFARE_AREA"))).hasSize(22);
        JsonNode hameenliitto = body(get("/api/parties/regional-council:05"));
        assertThat(hameenliitto.get("name").asText()).isEqualTo("Hämeen liitto");
        assertThat(get("/api/parties/municipality:999").getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void anUnknownAgreementIs404() {
        ResponseEntity<String> missing = get("/api/agreements/no-such-agreement");
        assertThat(missing.getStatusCode().value()).isEqualTo(404);
        assertThat(missing.getHeaders().getContentType()).hasToString("application/problem+json");
        ResponseEntity<String> command = post("/api/agreements/no-such-agreement/approvals",
                approval("municipality:109", 1, "2026-01-10"));
        assertThat(command.getStatusCode().value()).isEqualTo(404);
    }

    private String agreementInForce(List<String> parties) {
        ResponseEntity<String> created = post("/api/agreements", Map.of("title", "Yhteistyöpöytäkirja",
                "kind", "COOPERATION_PROTOCOL", "region", "Kanta-Häme", "councilTerm", "2025-2029",
                "parties", parties, "principles", List.of("Vanha periaate."), "draftedOn", "2025-12-01"));
        String id = body(created).get("agreementId").asText();
        for (String party : parties) {
            post("/api/agreements/" + id + "/approvals", approval(party, 1, "2026-01-15"));
            post("/api/agreements/" + id + "/signatures", signature(party, 1, "2026-01-20"));
        }
        assertThat(body(get("/api/agreements/" + id)).get("status").asText()).isEqualTo("IN_FORCE");
        return id;
    }

    private static JsonNode find(JsonNode parties, String partyId) {
        for (JsonNode party : parties) {
            if (party.get("partyId").asText().equals(partyId)) {
                return party;
            }
        }
        throw new AssertionError(partyId + " not among " + parties);
    }
}
