package fi.agreementregistry.api.rest.agreements;

import com.fasterxml.jackson.databind.JsonNode;
import fi.agreementregistry.api.RegistryHttpTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.ResponseEntity;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, section 1: every business date in a command and every date query parameter lies in the registry's window
 * (1.1.1900 to 31.12.2199 by default, {@code registry.dates}), or the request gets a 400 naming the field and
 * stores nothing. The window's own ends are accepted.
 */
class DateWindowHttpTest extends RegistryHttpTest {

    private static final String FAR_PAST = "-999999999-01-01";
    private static final String FAR_FUTURE = "+999999999-12-31";

    @ParameterizedTest
    @ValueSource(strings = {FAR_PAST, "1899-12-31", "0001-01-01", "-0001-06-01"})
    void aDraftDatedOutsideTheWindowIsRefusedNamingDraftedOn(String date) {
        Map<String, Object> draft = new HashMap<>(kantaHameDraft());
        draft.put("draftedOn", date);
        long before = storedEventCount();
        assertRefused(post("/api/agreements", draft), "draftedOn");
        assertThat(storedEventCount()).isEqualTo(before);
    }

    @Test
    void theWindowsEndsAreAccepted() {
        Map<String, Object> draft = new HashMap<>(kantaHameDraft());
        draft.put("draftedOn", "1900-01-01");
        ResponseEntity<String> created = post("/api/agreements", draft);
        assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
        String id = body(created).get("agreementId").asText();
        assertThat(post("/api/agreements/" + id + "/approvals", approval("welfare-area:07", 1, "1900-01-01"))
                .getStatusCode().value()).isEqualTo(201);
        ResponseEntity<String> review = post("/api/agreements/" + id + "/reviews",
                Map.of("dueBy", "2199-12-31", "responsibleBody", "Integraatiovaliokunta"));
        assertThat(review.getStatusCode().value()).as(review.getBody()).isEqualTo(201);
        assertThat(get("/api/reviews?dueAfter=1900-01-01&dueBefore=2199-12-31&asOf=2199-12-31")
                .getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void everyCommandDateOutsideTheWindowIsA400NamingItsFieldAndStoresNothing() {
        String id = draftKantaHame();
        String successor = draftKantaHame();
        String reviewId = body(post("/api/agreements/" + id + "/reviews",
                Map.of("dueBy", "2027-05-31", "responsibleBody", "Integraatiovaliokunta"))).get("reviewId").asText();
        long before = storedEventCount();

        assertRefused(post("/api/agreements/" + id + "/approvals", approval("municipality:109", 1, "1899-12-31")),
                "meetingDate");
        assertRefused(post("/api/agreements/" + id + "/signatures", signature("municipality:109", 1, "-999999999-01-03")),
                "signedOn");
        assertRefused(post("/api/agreements/" + id + "/reviews",
                Map.of("dueBy", FAR_FUTURE, "responsibleBody", "Integraatiovaliokunta")), "dueBy");
        assertRefused(post("/api/agreements/" + id + "/reviews",
                Map.of("dueBy", "2200-01-01", "responsibleBody", "Integraatiovaliokunta")), "dueBy");
        assertRefused(post("/api/agreements/" + id + "/reviews/" + reviewId + "/completion",
                Map.of("completedOn", FAR_PAST, "outcome", "NO_CHANGES")), "completedOn");
        assertRefused(post("/api/agreements/" + id + "/supersession",
                Map.of("successorId", successor, "supersededOn", "1066-10-14")), "supersededOn");
        assertRefused(post("/api/agreements/" + id + "/termination",
                Map.of("terminatedOn", FAR_PAST, "reason", "Korvattu")), "terminatedOn");

        assertThat(storedEventCount()).isEqualTo(before);
    }

    @Test
    void everyDateQueryParameterOutsideTheWindowIsA400NamingIt() {
        String id = draftKantaHame();
        assertRefused(get("/api/reviews?dueBefore=0001-01-01"), "dueBefore");
        assertRefused(getEncoded("/api/reviews?dueAfter=" + FAR_FUTURE.replace("+", "%2B")), "dueAfter");
        assertRefused(get("/api/reviews?asOf=2200-01-01"), "asOf");
        assertRefused(get("/api/reviews.ics?dueBefore=1899-12-31"), "dueBefore");
        assertRefused(get("/api/reviews.ics?asOf=" + FAR_PAST), "asOf");
        assertRefused(get("/api/history?from=" + FAR_PAST), "from");
        assertRefused(get("/api/history?to=2200-01-01"), "to");
        assertRefused(get("/api/agreements/" + id + "/history?from=1899-12-31"), "from");
        assertRefused(getEncoded("/api/agreements/" + id + "/history?to=" + FAR_FUTURE.replace("+", "%2B")), "to");
        assertRefused(get("/api/agreements/" + id + "?asOf=1899-12-31"), "asOf");
        assertRefused(get("/api/agreements/" + id + "?knownAt=1800-01-01T00:00:00Z"), "knownAt");
        assertRefused(getEncoded("/api/agreements/" + id + "?asOf=2026-01-01&knownAt=%2B1000000000-12-31T23:59:59Z"),
                "knownAt");
        assertRefused(get("/api/parties/municipality:109/agreements?asOf=2200-01-01"), "asOf");
    }

    /** A path whose query is already percent-encoded (a plus sign in a date must reach the server as %2B). */
    private ResponseEntity<String> getEncoded(String path) {
        return http.getForEntity(URI.create(http.getRootUri() + path), String.class);
    }

    private void assertRefused(ResponseEntity<String> response, String field) {
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(400);
        assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
        JsonNode problem = body(response);
        assertThat(problem.get("errors").findValuesAsText("field")).as(response.getBody()).contains(field);
    }
}
