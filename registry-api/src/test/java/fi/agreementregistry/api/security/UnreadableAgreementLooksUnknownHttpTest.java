package fi.agreementregistry.api.security;

import com.fasterxml.jackson.databind.JsonNode;
import fi.agreementregistry.api.RegistryHttpTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 13, section 5: a clerk whose party is not in an agreement learns nothing about it. Every request about it,
 * read or command, gets exactly the answer an unknown id gets, and another party's counts cover only what the
 * clerk may read.
 */
class UnreadableAgreementLooksUnknownHttpTest extends RegistryHttpTest {

    private static final String FORSSA = "municipality:061";
    private static final String TAMMELA = "municipality:834";
    private static final String HAMEENLINNA = "municipality:109";
    private static final String OUTSIDER = clerkOf(HAMEENLINNA);

    private String privateAgreement;
    private String sharedAgreement;

    record Call(String name, HttpMethod method, Function<String, String> path, Object body, String ifMatch) {
    }

    /** Forssa and Tammela's agreement (Hämeenlinna is not in it), approved by Forssa, and one Hämeenlinna is in. */
    @BeforeEach
    void agreements() {
        privateAgreement = draft(List.of(FORSSA, TAMMELA));
        ResponseEntity<String> approved = as(clerkOf(FORSSA)).post("/api/agreements/" + privateAgreement + "/approvals",
                approval(FORSSA, 1, "2026-01-10"));
        assertThat(approved.getStatusCode().value()).as(approved.getBody()).isEqualTo(201);
        sharedAgreement = draft(List.of(HAMEENLINNA, FORSSA));
    }

    private String draft(List<String> parties) {
        Map<String, Object> draft = new HashMap<>(kantaHameDraft());
        draft.put("parties", parties);
        ResponseEntity<String> created = as(clerkOf(parties.get(0))).post("/api/agreements", draft);
        assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
        return body(created).get("agreementId").asText();
    }

    private static List<Call> calls() {
        return List.of(
                new Call("read", HttpMethod.GET, id -> "/api/agreements/" + id, null, null),
                new Call("history", HttpMethod.GET, id -> "/api/agreements/" + id + "/history", null, null),
                new Call("principles", HttpMethod.GET, id -> "/api/agreements/" + id + "/principles?version=1", null, null),
                new Call("diff", HttpMethod.GET, id -> "/api/agreements/" + id + "/principles/diff?from=1&to=1", null, null),
                new Call("as of", HttpMethod.GET, id -> "/api/agreements/" + id + "?asOf=2026-03-02", null, null),
                new Call("known at", HttpMethod.GET, id -> "/api/agreements/" + id + "?knownAt=2026-03-02T10:00:00Z", null, null),
                new Call("a review", HttpMethod.GET, id -> "/api/agreements/" + id + "/reviews/r-1", null, null),
                new Call("add a party", HttpMethod.POST, id -> "/api/agreements/" + id + "/parties",
                        Map.of("partyId", "municipality:016"), null),
                new Call("remove a party", HttpMethod.DELETE, id -> "/api/agreements/" + id + "/parties/" + TAMMELA, null, null),
                new Call("amend", HttpMethod.POST, id -> "/api/agreements/" + id + "/principles",
                        Map.of("principles", List.of("Uusi periaate."), "rationale", "Muutos."), null),
                new Call("amend with a stale If-Match", HttpMethod.POST, id -> "/api/agreements/" + id + "/principles",
                        Map.of("principles", List.of("Uusi periaate."), "rationale", "Muutos."), "\"7\""),
                new Call("approve for one's own party", HttpMethod.POST, id -> "/api/agreements/" + id + "/approvals",
                        approval(HAMEENLINNA, 1, "2026-01-10"), null),
                new Call("approve for a party of the agreement", HttpMethod.POST, id -> "/api/agreements/" + id + "/approvals",
                        approval(TAMMELA, 1, "2026-01-10"), null),
                new Call("sign for one's own party", HttpMethod.POST, id -> "/api/agreements/" + id + "/signatures",
                        signature(HAMEENLINNA, 1, "2026-02-01"), null),
                new Call("sign for a party that approved", HttpMethod.POST, id -> "/api/agreements/" + id + "/signatures",
                        signature(FORSSA, 1, "2026-02-01"), null),
                new Call("terminate", HttpMethod.POST, id -> "/api/agreements/" + id + "/termination",
                        Map.of("terminatedOn", "2026-03-01", "reason", "Päättyy."), null));
    }

    @TestFactory
    List<DynamicTest> everyRequestAboutAnAgreementTheClerkMayNotReadGetsTheAnswerOfAnUnknownId() {
        return calls().stream().map(call -> DynamicTest.dynamicTest(call.name(), () -> {
            String unknown = "00000000-0000-0000-0000-000000000000";
            long before = storedEventCount();
            ResponseEntity<String> hidden = send(call, privateAgreement);
            ResponseEntity<String> missing = send(call, unknown);

            assertThat(hidden.getStatusCode().value()).as(hidden.getBody()).isEqualTo(404);
            assertThat(missing.getStatusCode().value()).as(missing.getBody()).isEqualTo(404);
            assertThat(hidden.getHeaders().getContentType()).isEqualTo(missing.getHeaders().getContentType());
            assertThat(hidden.getBody().replace(privateAgreement, "{id}"))
                    .isEqualTo(missing.getBody().replace(unknown, "{id}"));
            assertThat(storedEventCount()).as("nothing stored").isEqualTo(before);
        })).toList();
    }

    @Test
    void aSuccessorTheClerkMayNotReadIsAsUnknownAsOneThatDoesNotExist() {
        String unknown = "00000000-0000-0000-0000-000000000000";
        ResponseEntity<String> hidden = as(OUTSIDER).post("/api/agreements/" + sharedAgreement + "/supersession",
                Map.of("successorId", privateAgreement, "supersededOn", "2026-03-01"));
        ResponseEntity<String> missing = as(OUTSIDER).post("/api/agreements/" + sharedAgreement + "/supersession",
                Map.of("successorId", unknown, "supersededOn", "2026-03-01"));

        assertThat(hidden.getStatusCode().value()).as(hidden.getBody()).isEqualTo(400);
        assertThat(hidden.getBody().replace(privateAgreement, "{id}")).isEqualTo(missing.getBody().replace(unknown, "{id}"));
    }

    @Test
    void aClerkOfTheAgreementStillGetsTheRealRefusals() {
        ResponseEntity<String> forOtherParty = as(clerkOf(FORSSA)).post("/api/agreements/" + privateAgreement
                + "/approvals", approval(TAMMELA, 1, "2026-01-10"));

        assertThat(forOtherParty.getStatusCode().value()).as(forOtherParty.getBody()).isEqualTo(403);
    }

    @Test
    void anotherPartysCountsCoverOnlyTheAgreementsTheClerkMayRead() {
        await().atMost(Duration.ofSeconds(10)).until(() ->
                agreementIdsOf(FORSSA).containsAll(List.of(privateAgreement, sharedAgreement)));
        Map<String, Integer> auditorBefore = counts(AUDITOR, FORSSA);
        Map<String, Integer> outsiderBefore = counts(OUTSIDER, FORSSA);

        String another = draft(List.of(FORSSA, TAMMELA));

        // The portfolio is a projection: wait until the auditor sees the new agreement counted.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(counts(AUDITOR, FORSSA).get("agreements")).isEqualTo(auditorBefore.get("agreements") + 1));
        assertThat(counts(AUDITOR, FORSSA).get("pendingApprovals")).isEqualTo(auditorBefore.get("pendingApprovals") + 1);
        assertThat(counts(OUTSIDER, FORSSA)).as("agreement " + another + " is not Hämeenlinna's to count")
                .isEqualTo(outsiderBefore);
        assertThat(counts(OUTSIDER, FORSSA).get("agreements")).isEqualTo(sharedWith(FORSSA, HAMEENLINNA));
        assertThat(counts(clerkOf(FORSSA), FORSSA)).as("a clerk's own party: all of it")
                .isEqualTo(counts(AUDITOR, FORSSA));
    }

    private Map<String, Integer> counts(String user, String party) {
        ResponseEntity<String> response = as(user).get("/api/parties/" + party);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        JsonNode details = body(response);
        return Map.of("agreements", details.get("agreements").asInt(),
                "pendingApprovals", details.get("pendingApprovals").asInt(),
                "pendingSignatures", details.get("pendingSignatures").asInt(),
                "reviewsDue", details.get("reviewsDue").asInt());
    }

    private long sharedWith(String party, String other) {
        Set<String> others = agreementIdsOf(other);
        return agreementIdsOf(party).stream().filter(others::contains).count();
    }

    private Set<String> agreementIdsOf(String party) {
        JsonNode portfolio = body(as(AUDITOR).get("/api/parties/" + party + "/agreements"));
        return StreamSupport.stream(portfolio.get("agreements").spliterator(), false)
                .map(entry -> entry.get("agreementId").asText()).collect(Collectors.toSet());
    }

    private ResponseEntity<String> send(Call call, String id) {
        HttpHeaders headers = new HttpHeaders();
        if (call.ifMatch() != null) {
            headers.setIfMatch(call.ifMatch());
        }
        return as(OUTSIDER).exchange(call.method(), call.path().apply(id), call.body(), headers);
    }
}
