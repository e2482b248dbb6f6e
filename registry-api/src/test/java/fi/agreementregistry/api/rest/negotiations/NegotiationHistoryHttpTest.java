package fi.agreementregistry.api.rest.negotiations;

import com.fasterxml.jackson.databind.JsonNode;
import fi.agreementregistry.api.RegistryHttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static fi.agreementregistry.api.rest.negotiations.NegotiationHttpTest.measure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A negotiation's events and its measures' status changes are in the audit history, with who recorded them and when:
 * the global history (by party and event type, within a clerk's scope), the negotiation's own history, and each
 * status change of a measure (issue 19). Kanta-Häme's county, Janakkala and Jokioinen (today is 2.3.2026).
 */
class NegotiationHistoryHttpTest extends RegistryHttpTest {

    static final String COUNTY = "welfare-area:07";
    static final String JANAKKALA = "municipality:165";
    static final String JOKIOINEN = "municipality:169";

    private static Map<String, Object> negotiation(List<String> parties, String heldOn, List<Map<String, Object>> measures) {
        Map<String, Object> body = NegotiationHttpTest.negotiation(parties, heldOn, List.of("611/2021 §14"), measures);
        body.put("welfareAreaId", COUNTY);
        return body;
    }

    private List<JsonNode> history(String user, String query) {
        JsonNode page = body(as(user).get("/api/history?limit=1000&" + query));
        List<JsonNode> entries = new ArrayList<>();
        page.get("entries").forEach(entries::add);
        return entries;
    }

    private static List<JsonNode> of(List<JsonNode> entries, String negotiationId) {
        return entries.stream().filter(e -> negotiationId.equals(e.get("negotiationId").asText(null))).toList();
    }

    @Test
    void aMeasuresStatusChangesAreInTheAuditHistoryWithWhoAndWhen() throws Exception {
        String clerk = clerkOf(JANAKKALA);
        ResponseEntity<String> created = as(clerk).post("/api/negotiations", negotiation(List.of(JANAKKALA),
                "2025-11-03", List.of(measure("Yhteinen hyvinvointikertomus", "2026-12-31", COUNTY, JANAKKALA))));
        assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
        String id = body(created).get("id").asText();
        String measureId = body(created).get("measures").get(0).get("id").asText();
        ResponseEntity<String> changed = as(clerkOf(COUNTY)).post("/api/negotiations/" + id + "/measures/" + measureId
                + "/status", Map.of("status", "IN_PROGRESS", "on", "2026-01-15", "note", "Työryhmä koottu"));
        assertThat(changed.getStatusCode().value()).as(changed.getBody()).isEqualTo(200);

        // The global history, by party and by event type.
        await().atMost(Duration.ofSeconds(10)).until(() ->
                of(history(AUDITOR, "party=" + JANAKKALA + "&type=MeasureStatusChanged"), id).size() == 1);
        JsonNode change = of(history(AUDITOR, "party=" + JANAKKALA + "&type=MeasureStatusChanged"), id).get(0);
        assertThat(change.get("agreementId").isNull()).isTrue();
        assertThat(change.get("eventType").asText()).isEqualTo("MeasureStatusChanged");
        assertThat(change.get("effectiveOn").asText()).isEqualTo("2026-01-15");
        assertThat(change.get("recordedAt").asText()).isNotBlank();
        assertThat(change.get("actor").get("partyId").asText()).isEqualTo(COUNTY);
        assertThat(change.get("measureId").asText()).isEqualTo(measureId);
        assertThat(change.get("measureText").asText()).isEqualTo("Yhteinen hyvinvointikertomus");
        assertThat(change.get("previousStatus").asText()).isEqualTo("PLANNED");
        assertThat(change.get("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(change.get("note").asText()).isEqualTo("Työryhmä koottu");
        assertThat(change.get("partyId").asText()).isEqualTo(COUNTY);
        assertThat(change.get("partyIds").toString()).contains(COUNTY, JANAKKALA);
        JsonNode recorded = of(history(AUDITOR, "type=negotiationrecorded&from=2025-11-03&to=2025-11-03"), id).get(0);
        assertThat(recorded.get("actor").get("partyId").asText()).isEqualTo(JANAKKALA);
        assertThat(recorded.get("legalBases").toString()).isEqualTo("[\"611/2021 §14\"]");

        // A clerk sees them as they see the negotiation: a participant's clerk does, another's does not.
        assertThat(of(history(clerk, ""), id)).extracting(e -> e.get("eventType").asText())
                .contains("NegotiationRecorded", "MeasureStatusChanged");
        assertThat(of(history(clerkOf(COUNTY), "type=MeasureStatusChanged"), id)).hasSize(1);
        assertThat(of(history(clerkOf(JOKIOINEN), ""), id)).isEmpty();

        // The negotiation's own history, as JSON and CSV; unknown to whoever may not read the negotiation.
        JsonNode own = body(as(COMMITTEE).get("/api/negotiations/" + id + "/history"));
        assertThat(own.get("negotiationId").asText()).isEqualTo(id);
        assertThat(own.get("entries").findValuesAsText("eventType"))
                .containsExactly("NegotiationRecorded", "MeasureStatusChanged");
        assertThat(own.get("entries").get(1).get("actor").get("partyId").asText()).isEqualTo(COUNTY);
        HttpHeaders accept = new HttpHeaders();
        accept.setAccept(List.of(MediaType.parseMediaType("text/csv")));
        ResponseEntity<String> csv = as(AUDITOR).exchange(HttpMethod.GET, "/api/negotiations/" + id + "/history",
                null, accept);
        assertThat(csv.getStatusCode().value()).isEqualTo(200);
        assertThat(csv.getBody()).contains("MeasureStatusChanged", "Työryhmä koottu");
        assertThat(as(clerkOf(JOKIOINEN)).get("/api/negotiations/" + id + "/history").getStatusCode().value())
                .isEqualTo(404);

        // The history page shows them in words, in the page's language, linking to the county's page.
        fi.agreementregistry.api.web.PageSession pages = fi.agreementregistry.api.web.PageSession.signIn(
                http.getRootUri(), AUDITOR, PASSWORD);
        var page = pages.get("/ui/history?type=MeasureStatusChanged&party=" + JANAKKALA + "&lang=sv");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Åtgärdens status ändrad", "Lagstadgad förhandling", "Työryhmä koottu",
                "/ui/counties/" + COUNTY, "Yhteinen hyvinvointikertomus", "Planerad → Pågår");

        // Each status of the measure says when it was recorded and by whom.
        JsonNode measureHistory = body(as(AUDITOR).get("/api/negotiations/" + id)).get("measures").get(0).get("history");
        assertThat(measureHistory.get(0).get("actor").get("partyId").asText()).isEqualTo(JANAKKALA);
        assertThat(measureHistory.get(1).get("actor").get("partyId").asText()).isEqualTo(COUNTY);
        assertThat(measureHistory.get(1).get("recordedAt").asText()).isNotBlank();
    }

    @Test
    void aMeasureAddedLaterIsNamedInItsStatusChanges() {
        ResponseEntity<String> created = as(clerkOf(JOKIOINEN)).post("/api/negotiations",
                negotiation(List.of(JOKIOINEN), "2025-10-20", List.of()));
        assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
        String id = body(created).get("id").asText();
        Map<String, Object> measure = measure("Koulureittien turvallisuus", "2026-08-31", JOKIOINEN);
        measure.put("agreedOn", "2025-11-01");
        ResponseEntity<String> added = as(clerkOf(JOKIOINEN)).post("/api/negotiations/" + id + "/measures", measure);
        assertThat(added.getStatusCode().value()).as(added.getBody()).isEqualTo(201);
        String measureId = body(added).get("measureId").asText();
        String path = "/api/negotiations/" + id + "/measures/" + measureId + "/status";
        assertThat(as(clerkOf(JOKIOINEN)).post(path, Map.of("status", "IN_PROGRESS", "on", "2026-02-01", "note", "a"))
                .getStatusCode().value()).isEqualTo(200);
        assertThat(as(clerkOf(JOKIOINEN)).post(path, Map.of("status", "DONE", "on", "2026-02-20", "note", "b"))
                .getStatusCode().value()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).until(() ->
                body(as(AUDITOR).get("/api/negotiations/" + id + "/history")).get("entries").size() == 4);
        JsonNode entries = body(as(AUDITOR).get("/api/negotiations/" + id + "/history")).get("entries");
        assertThat(entries.findValuesAsText("eventType")).containsExactly("NegotiationRecorded", "MeasureAdded",
                "MeasureStatusChanged", "MeasureStatusChanged");
        assertThat(entries.get(1).get("responsibleBody").asText()).isNotBlank();
        assertThat(entries.get(3).get("measureText").asText()).isEqualTo("Koulureittien turvallisuus");
        assertThat(entries.get(3).get("previousStatus").asText()).isEqualTo("IN_PROGRESS");
    }
}
