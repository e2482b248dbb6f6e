package fi.agreementregistry.api.rest.agreements;

import com.fasterxml.jackson.databind.JsonNode;
import fi.agreementregistry.api.RegistryHttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input gets a problem+json that names what is wrong, and stores nothing. */
class InvalidInputHttpTest extends RegistryHttpTest {

    @Test
    void aDraftWithMissingFieldsNamesEachFieldAndStoresNothing() {
        long before = storedEventCount();
        ResponseEntity<String> response = post("/api/agreements", Map.of("parties", List.of("municipality:109")));
        assertProblem(response, 400);
        assertThat(body(response).get("errors").findValuesAsText("field"))
                .contains("title", "kind", "councilTerm", "parties");
        assertThat(storedEventCount()).isEqualTo(before);
    }

    @Test
    void anUnknownPartyIsNamedInA400() {
        long before = storedEventCount();
        Map<String, Object> draft = new HashMap<>(kantaHameDraft());
        draft.put("parties", List.of("municipality:109", "municipality:999"));
        ResponseEntity<String> response = post("/api/agreements", draft);
        assertProblem(response, 400);
        assertThat(body(response).get("detail").asText()).contains("municipality:999");
        assertThat(storedEventCount()).isEqualTo(before);
    }

    @Test
    void malformedValuesNameTheirField() {
        Map<String, Object> draft = new HashMap<>(kantaHameDraft());
        draft.put("councilTerm", "next term");
        assertThat(body(assertProblem(post("/api/agreements", draft), 400)).get("errors").findValuesAsText("field"))
                .contains("councilTerm");

        draft = new HashMap<>(kantaHameDraft());
        draft.put("kind", "TREATY");
        JsonNode kind = body(assertProblem(post("/api/agreements", draft), 400));
        assertThat(kind.get("errors").findValuesAsText("field")).contains("kind");
        assertThat(kind.get("detail").asText()).contains("FRAMEWORK_AGREEMENT");

        draft = new HashMap<>(kantaHameDraft());
        draft.put("parties", List.of("municipality:109", "Hämeenlinna"));
        assertThat(body(assertProblem(post("/api/agreements", draft), 400)).get("errors").findValuesAsText("field"))
                .contains("parties[1]");

        assertProblem(postRaw("/api/agreements", "{not json"), 400);
    }

    @Test
    void aPartyListedTwiceBreaksARule() {
        Map<String, Object> draft = new HashMap<>(kantaHameDraft());
        draft.put("parties", List.of("municipality:109", "municipality:109"));
        long before = storedEventCount();
        ResponseEntity<String> response = post("/api/agreements", draft);
        assertThat(response.getStatusCode().value()).isIn(400, 409);
        assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(storedEventCount()).isEqualTo(before);
    }

    @Test
    void anApprovalWithABadDateOrMissingBodyIsRefusedAndStoresNothing() {
        String id = draftKantaHame();
        long before = storedEventCount();

        Map<String, Object> approval = new HashMap<>(approval("municipality:109", 1, "2026-01-10"));
        approval.put("meetingDate", "13.3.2023");
        assertThat(body(assertProblem(post("/api/agreements/" + id + "/approvals", approval), 400))
                .get("errors").findValuesAsText("field")).contains("meetingDate");

        approval = new HashMap<>(approval("municipality:109", 1, "2026-01-10"));
        approval.remove("decisionBody");
        assertThat(body(assertProblem(post("/api/agreements/" + id + "/approvals", approval), 400))
                .get("errors").findValuesAsText("field")).contains("decisionBody");

        assertThat(storedEventCount()).isEqualTo(before);
    }

    @Test
    void aBrokenRuleIs409WithTheRuleAsType() {
        String id = draftKantaHame();
        long before = storedEventCount();
        ResponseEntity<String> future = post("/api/agreements/" + id + "/approvals",
                approval("municipality:109", 1, "2027-01-01"));
        JsonNode problem = body(assertProblem(future, 409));
        assertThat(problem.get("type").asText()).startsWith("/problems/").isNotEqualTo("/problems/");
        assertThat(problem.get("detail").asText()).isNotBlank();

        ResponseEntity<String> unsigned = post("/api/agreements/" + id + "/signatures",
                signature("municipality:109", 1, "2026-02-01"));
        assertProblem(unsigned, 409);

        // Helsinki's clerk is not in the agreement: to them it does not exist (issue 13, section 5), not a 409
        // not-a-party that would tell it does.
        ResponseEntity<String> stranger = post("/api/agreements/" + id + "/approvals",
                approval("municipality:091", 1, "2026-01-10"));
        assertProblem(stranger, 404);
        assertThat(storedEventCount()).isEqualTo(before);
    }

    private ResponseEntity<String> assertProblem(ResponseEntity<String> response, int status) {
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
        return response;
    }
}
