package fi.agreementregistry.api.rest.agreements;

import com.fasterxml.jackson.databind.JsonNode;
import fi.agreementregistry.api.rest.TwoPartyAgreementHttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** GET /api/agreements/{id}?asOf=&knownAt=: the agreement as it stood, from its own events. */
class AgreementAsOfHttpTest extends TwoPartyAgreementHttpTest {

    @Test
    void theAgreementAsOfBusinessDatesAndAsKnownAtARecordedTime() {
        String id = twoPartyAgreementInForce();
        // The recorded time of the entry into force (sequence 5), the last event before the amendment.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> body(get("/api/agreements/" + id + "/history")).get("entries").size() == 6);
        Instant beforeTheAmendment = Instant.parse(
                body(get("/api/agreements/" + id + "/history")).get("entries").get(5).get("recordedAt").asText());
        post("/api/agreements/" + id + "/principles", Map.of("principles", List.of("Uusi periaate."),
                "rationale", "Arviointi", "proposedOn", "2026-02-15"));
        post("/api/agreements/" + id + "/approvals", approval("municipality:109", 2, "2026-02-20"));
        post("/api/agreements/" + id + "/approvals", approval("welfare-area:07", 2, "2026-02-24"));

        ResponseEntity<String> beforeDrafting = get("/api/agreements/" + id + "?asOf=2025-11-30");
        assertThat(beforeDrafting.getStatusCode().value()).isEqualTo(404);
        assertThat(beforeDrafting.getHeaders().getContentType()).hasToString("application/problem+json");

        JsonNode betweenApprovals = body(get("/api/agreements/" + id + "?asOf=2026-01-15"));
        assertThat(betweenApprovals.get("status").asText()).isEqualTo("DRAFT");
        assertThat(betweenApprovals.get("parties").get(0).get("approval").get("meetingDate").asText())
                .isEqualTo("2026-01-12");
        assertThat(betweenApprovals.get("parties").get(1).get("approval").isNull()).isTrue();

        JsonNode inForce = body(get("/api/agreements/" + id + "?asOf=2026-02-10"));
        assertThat(inForce.get("status").asText()).isEqualTo("IN_FORCE");
        assertThat(inForce.get("enteredIntoForceOn").asText()).isEqualTo("2026-02-03");
        assertThat(inForce.get("version").asInt()).isEqualTo(1);
        assertThat(inForce.get("pendingAmendment").isNull()).as("proposed on 15 February").isTrue();

        JsonNode amended = body(get("/api/agreements/" + id + "?asOf=2026-03-02"));
        assertThat(amended.get("version").asInt()).isEqualTo(2);
        assertThat(amended.get("principles").get(0).get("text").asText()).isEqualTo("Uusi periaate.");

        JsonNode known = body(get("/api/agreements/" + id + "?knownAt=" + beforeTheAmendment));
        assertThat(known.get("version").asInt()).isEqualTo(1);
        assertThat(known.get("aggregateSequence").asLong()).isEqualTo(5);
        JsonNode both = body(get("/api/agreements/" + id + "?asOf=2026-01-15&knownAt=" + beforeTheAmendment));
        assertThat(both.get("aggregateSequence").asLong()).isEqualTo(1);

        JsonNode current = body(get("/api/agreements/" + id));
        assertThat(current.get("version").asInt()).isEqualTo(2);
    }

    @Test
    void badDatesAre400NamingTheParameterAndAnUnknownAgreementIs404() {
        String id = draftKantaHame();
        for (String[] bad : new String[][] {{"asOf", "asOf=2026-02-30"}, {"knownAt", "knownAt=yesterday"},
                {"knownAt", "asOf=2026-01-01&knownAt=2026-01-01"}}) {
            ResponseEntity<String> response = get("/api/agreements/" + id + "?" + bad[1]);
            assertThat(response.getStatusCode().value()).as(bad[1]).isEqualTo(400);
            assertThat(body(response).get("errors").findValuesAsText("field")).contains(bad[0]);
        }
        assertThat(get("/api/agreements/no-such-agreement?asOf=2026-01-01").getStatusCode().value()).isEqualTo(404);
    }
}
