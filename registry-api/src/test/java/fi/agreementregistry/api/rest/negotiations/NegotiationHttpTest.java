package fi.agreementregistry.api.rest.negotiations;

import com.fasterxml.jackson.databind.JsonNode;
import fi.agreementregistry.api.RegistryHttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recording statutory negotiations and following their measures through the API: the contract of issue 19, who may
 * record and read, and the problems bad input gets (Kanta-Häme's county and municipalities; today is 2.3.2026).
 */
class NegotiationHttpTest extends RegistryHttpTest {

    static final String COUNTY = "welfare-area:07";
    static final String COUNTY_CLERK = clerkOf(COUNTY);
    static final String HAMEENLINNA = "municipality:109";
    static final String FORSSA = "municipality:061";
    static final String REGIONAL_COUNCIL = "regional-council:05";

    static Map<String, Object> measure(String text, String dueBy, String... responsible) {
        Map<String, Object> measure = new LinkedHashMap<>();
        measure.put("text", text);
        measure.put("responsiblePartyIds", List.of(responsible));
        measure.put("dueBy", dueBy);
        return measure;
    }

    static Map<String, Object> negotiation(List<String> parties, String heldOn, List<String> legalBases,
                                           List<Map<String, Object>> measures) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("welfareAreaId", COUNTY);
        body.put("parties", parties);
        body.put("heldOn", heldOn);
        body.put("legalBases", legalBases);
        body.put("topics", List.of("Yhteistyö, tavoitteet ja työnjako"));
        body.put("measures", measures);
        return body;
    }

    private JsonNode recorded(String clerk, Map<String, Object> body) {
        ResponseEntity<String> created = as(clerk).post("/api/negotiations", body);
        assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
        return body(created);
    }

    @Test
    void aNegotiationIsRecordedAndReadBackWithItsMeasures() {
        Map<String, Object> body = negotiation(List.of(HAMEENLINNA, REGIONAL_COUNCIL), "2025-10-15",
                List.of("611/2021 §14", "612/2021 §7"),
                List.of(measure("Yhteinen hyvinvointikertomuksen seuranta", "2026-06-30", COUNTY, HAMEENLINNA)));
        body.put("minutesReference", Map.of("body", "Kuntaneuvottelu", "meetingDate", "2025-10-15",
                "section", "3 §", "diaryNumber", "KHHVA/123/2025"));
        ResponseEntity<String> created = as(COUNTY_CLERK).post("/api/negotiations", body);

        assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
        String id = body(created).get("id").asText();
        assertThat(created.getHeaders().getLocation()).hasToString("/api/negotiations/" + id);
        assertThat(created.getHeaders().getETag()).isEqualTo("\"0\"");

        JsonNode read = body(as(AUDITOR).get("/api/negotiations/" + id));
        assertThat(read.get("welfareArea").get("id").asText()).isEqualTo(COUNTY);
        assertThat(read.get("parties").findValuesAsText("id")).containsExactly(HAMEENLINNA, REGIONAL_COUNCIL);
        assertThat(read.get("heldOn").asText()).isEqualTo("2025-10-15");
        assertThat(read.get("legalBases").toString()).isEqualTo("[\"611/2021 §14\",\"612/2021 §7\"]");
        assertThat(read.get("minutesReference").get("diaryNumber").asText()).isEqualTo("KHHVA/123/2025");
        JsonNode measure = read.get("measures").get(0);
        assertThat(measure.get("id").asText()).isNotBlank();
        assertThat(measure.get("status").asText()).isEqualTo("PLANNED");
        assertThat(measure.get("agreedOn").asText()).isEqualTo("2025-10-15");
        assertThat(measure.get("responsible").findValuesAsText("id")).containsExactly(COUNTY, HAMEENLINNA);
    }

    @Test
    void aMeasureIsAddedAndItsStatusChangesAreKeptInItsHistory() {
        JsonNode negotiation = recorded(clerkOf(FORSSA), negotiation(List.of(FORSSA), "2025-09-01",
                List.of("612/2021 §7"), List.of()));
        String id = negotiation.get("id").asText();

        Map<String, Object> added = measure("Liikuntapaikkojen esteettömyyskartoitus", "2026-12-31", FORSSA);
        added.put("agreedOn", "2025-11-01");
        ResponseEntity<String> measureCreated = as(clerkOf(FORSSA)).post("/api/negotiations/" + id + "/measures",
                added, "\"0\"");
        assertThat(measureCreated.getStatusCode().value()).as(measureCreated.getBody()).isEqualTo(201);
        String measureId = body(measureCreated).get("measureId").asText();
        assertThat(measureCreated.getHeaders().getETag()).isEqualTo("\"1\"");

        String statusPath = "/api/negotiations/" + id + "/measures/" + measureId + "/status";
        ResponseEntity<String> started = as(COUNTY_CLERK).post(statusPath,
                Map.of("status", "IN_PROGRESS", "on", "2026-01-10", "note", "Kartoitus aloitettu"));
        assertThat(started.getStatusCode().value()).as(started.getBody()).isEqualTo(200);

        ResponseEntity<String> stale = as(COUNTY_CLERK).post(statusPath,
                Map.of("status", "DONE", "on", "2026-02-01", "note", "Valmis"), "\"1\"");
        assertThat(stale.getStatusCode().value()).isEqualTo(412);

        ResponseEntity<String> backdated = as(COUNTY_CLERK).post(statusPath,
                Map.of("status", "DONE", "on", "2026-01-09", "note", "Valmis"));
        assertThat(backdated.getStatusCode().value()).isEqualTo(409);
        assertThat(body(backdated).get("rule").asText()).isEqualTo("status-before-previous");

        JsonNode measure = body(as(AUDITOR).get("/api/negotiations/" + id)).get("measures").get(0);
        assertThat(measure.get("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(measure.get("statusOn").asText()).isEqualTo("2026-01-10");
        assertThat(measure.get("history").findValuesAsText("status")).containsExactly("PLANNED", "IN_PROGRESS");
        assertThat(measure.get("history").get(1).get("note").asText()).isEqualTo("Kartoitus aloitettu");
        assertThat(measure.get("agreedOn").asText()).isEqualTo("2025-11-01");
    }

    @Test
    void aClerkOutsideTheNegotiationCanNeitherRecordNorSeeIt() {
        Map<String, Object> body = negotiation(List.of(HAMEENLINNA), "2025-10-01", List.of("612/2021 §7"),
                List.of(measure("Seuranta", "2026-06-30", HAMEENLINNA)));
        ResponseEntity<String> forbidden = as(HELSINKI_CLERK).post("/api/negotiations", body);
        assertThat(forbidden.getStatusCode().value()).isEqualTo(403);

        JsonNode negotiation = recorded(clerkOf(HAMEENLINNA), body);
        String id = negotiation.get("id").asText();
        String measureId = negotiation.get("measures").get(0).get("id").asText();

        assertThat(as(clerkOf(FORSSA)).get("/api/negotiations/" + id).getStatusCode().value()).isEqualTo(404);
        assertThat(as(clerkOf(FORSSA)).post("/api/negotiations/" + id + "/measures",
                measure("x", "2026-06-30", FORSSA)).getStatusCode().value()).isEqualTo(404);
        assertThat(as(clerkOf(FORSSA)).post("/api/negotiations/" + id + "/measures/" + measureId + "/status",
                Map.of("status", "DONE", "on", "2026-01-01", "note", "x")).getStatusCode().value()).isEqualTo(404);
        assertThat(body(as(clerkOf(FORSSA)).get("/api/negotiations?welfareArea=" + COUNTY)).findValuesAsText("id"))
                .doesNotContain(id);
        assertThat(body(as(COMMITTEE).get("/api/negotiations?welfareArea=" + COUNTY + "&party=" + HAMEENLINNA))
                .findValuesAsText("id")).contains(id);
        // Reading roles may not record.
        assertThat(as(COMMITTEE).post("/api/negotiations", body).getStatusCode().value()).isEqualTo(403);
        assertThat(as(AUDITOR).get("/api/negotiations/" + id + "x").getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void badInputGetsAProblemAndRecordsNothing() {
        long before = storedEventCount();

        Map<String, Object> unknownBasis = negotiation(List.of(HAMEENLINNA), "2025-10-01", List.of("611/2021 §15"),
                List.of());
        ResponseEntity<String> invalid = as(COUNTY_CLERK).post("/api/negotiations", unknownBasis);
        assertThat(invalid.getStatusCode().value()).isEqualTo(400);
        assertThat(body(invalid).get("errors").get(0).get("field").asText()).startsWith("legalBases");

        ResponseEntity<String> future = as(COUNTY_CLERK).post("/api/negotiations",
                negotiation(List.of(HAMEENLINNA), "2026-03-03", List.of("612/2021 §7"), List.of()));
        assertThat(future.getStatusCode().value()).isEqualTo(409);
        assertThat(body(future).get("rule").asText()).isEqualTo("negotiation-date-in-the-future");

        ResponseEntity<String> outside = as(COUNTY_CLERK).post("/api/negotiations",
                negotiation(List.of(HAMEENLINNA, "municipality:091"), "2025-10-01", List.of("612/2021 §7"), List.of()));
        assertThat(outside.getStatusCode().value()).isEqualTo(409);
        assertThat(body(outside).get("rule").asText()).isEqualTo("party-outside-welfare-area");

        ResponseEntity<String> unknownParty = as(COUNTY_CLERK).post("/api/negotiations",
                negotiation(List.of("municipality:999"), "2025-10-01", List.of("612/2021 §7"), List.of()));
        assertThat(unknownParty.getStatusCode().value()).isEqualTo(400);

        Map<String, Object> linked = measure("Seuranta", "2026-06-30", HAMEENLINNA);
        linked.put("agreementId", "no-such-agreement");
        ResponseEntity<String> unknownAgreement = as(COUNTY_CLERK).post("/api/negotiations",
                negotiation(List.of(HAMEENLINNA), "2025-10-01", List.of("612/2021 §7"), List.of(linked)));
        assertThat(unknownAgreement.getStatusCode().value()).isEqualTo(400);
        assertThat(body(unknownAgreement).get("errors").get(0).get("field").asText())
                .isEqualTo("measures[0].agreementId");

        ResponseEntity<String> notACounty = as(AUDITOR).get("/api/compliance?welfareArea=municipality:109");
        assertThat(notACounty.getStatusCode().value()).isEqualTo(400);
        ResponseEntity<String> tooEarly = as(AUDITOR).get("/api/compliance?welfareArea=" + COUNTY + "&asOf=2022-02-28");
        assertThat(tooEarly.getStatusCode().value()).isEqualTo(400);
        ResponseEntity<String> badStatus = as(AUDITOR).get("/api/measures?status=FINISHED");
        assertThat(badStatus.getStatusCode().value()).isEqualTo(400);

        assertThat(storedEventCount()).isEqualTo(before);
    }

    @Test
    void aMeasureCanServeAnAgreement() {
        String agreement = draftKantaHame();
        Map<String, Object> linked = measure("Puitesopimuksen periaatteiden toimeenpano", "2026-12-31", COUNTY);
        linked.put("agreementId", agreement);
        JsonNode negotiation = recorded(COUNTY_CLERK,
                negotiation(List.of(HAMEENLINNA), "2025-10-20", List.of("611/2021 §14"), List.of(linked)));
        assertThat(negotiation.get("measures").get(0).get("agreementId").asText()).isEqualTo(agreement);
    }

    @Test
    void anAgreementTheCallerMayNotReadIsLinkedAsIfItDidNotExist() {
        String kantaHame = draftKantaHame();
        String keskiSuomi = "welfare-area:15";
        String jyvaskyla = "municipality:179";
        String unknown = "no-such-agreement-" + System.nanoTime();
        java.util.function.Function<String, Map<String, Object>> recording = agreementId -> {
            Map<String, Object> linked = measure("Periaatteiden toimeenpano", "2026-12-31", keskiSuomi);
            linked.put("agreementId", agreementId);
            Map<String, Object> body = negotiation(List.of(jyvaskyla), "2025-10-01", List.of("612/2021 §7"),
                    List.of(linked));
            body.put("welfareAreaId", keskiSuomi);
            return body;
        };
        ResponseEntity<String> outOfScope = as(clerkOf(keskiSuomi)).post("/api/negotiations", recording.apply(kantaHame));
        ResponseEntity<String> notThere = as(clerkOf(keskiSuomi)).post("/api/negotiations", recording.apply(unknown));
        assertSameAnswer(outOfScope, notThere, kantaHame, unknown);
        assertThat(body(outOfScope).get("errors").get(0).get("field").asText()).isEqualTo("measures[0].agreementId");

        JsonNode negotiation = recorded(clerkOf(keskiSuomi), recording.apply(null));
        String measures = "/api/negotiations/" + negotiation.get("id").asText() + "/measures";
        Map<String, Object> added = measure("Seuranta", "2026-12-31", jyvaskyla);
        added.put("agreementId", kantaHame);
        ResponseEntity<String> addedOutOfScope = as(clerkOf(keskiSuomi)).post(measures, added);
        added.put("agreementId", unknown);
        ResponseEntity<String> addedNotThere = as(clerkOf(keskiSuomi)).post(measures, added);
        assertSameAnswer(addedOutOfScope, addedNotThere, kantaHame, unknown);
        assertThat(body(addedOutOfScope).get("errors").get(0).get("field").asText()).isEqualTo("agreementId");
        // A negotiation's id is no agreement either.
        added.put("agreementId", negotiation.get("id").asText());
        assertThat(as(COMMITTEE).get("/api/negotiations/" + negotiation.get("id").asText())
                .getStatusCode().value()).isEqualTo(200);
        assertThat(as(clerkOf(keskiSuomi)).post(measures, added).getStatusCode().value()).isEqualTo(400);
    }

    private void assertSameAnswer(ResponseEntity<String> outOfScope, ResponseEntity<String> notThere,
                                  String outOfScopeId, String unknownId) {
        assertThat(notThere.getStatusCode().value()).as(notThere.getBody()).isEqualTo(400);
        assertThat(outOfScope.getStatusCode().value()).as(outOfScope.getBody()).isEqualTo(400);
        assertThat(outOfScope.getBody().replace(outOfScopeId, "ID")).isEqualTo(notThere.getBody().replace(unknownId, "ID"));
    }

    @Test
    void measuresAreFollowedUpByResponsiblePartyStatusAndDueDate() {
        String janakkala = "municipality:165";
        JsonNode negotiation = recorded(clerkOf(janakkala), negotiation(List.of(janakkala), "2025-09-15",
                List.of("612/2021 §7"), List.of(measure("Nuorisotyön yhteinen malli", "2026-01-31", janakkala),
                        measure("Kotiturvallisuuskäynnit", "2026-09-30", COUNTY, janakkala))));
        String id = negotiation.get("id").asText();
        List<String> measureIds = new ArrayList<>(negotiation.get("measures").findValuesAsText("id"));

        JsonNode all = body(as(COMMITTEE).get("/api/measures?responsible=" + janakkala));
        assertThat(all.findValuesAsText("negotiationId")).containsOnly(id);
        assertThat(all.get(0).get("measure").get("id").asText()).isEqualTo(measureIds.get(0));
        assertThat(all.get(0).get("overdue").asBoolean()).isTrue(); // due 31.1.2026, today 2.3.2026
        assertThat(all.get(1).get("overdue").asBoolean()).isFalse();

        JsonNode dueSoon = body(as(COMMITTEE).get("/api/measures?responsible=" + janakkala + "&dueBefore=2026-02-01"));
        assertThat(dueSoon).hasSize(1);
        JsonNode before = body(as(COMMITTEE).get("/api/measures?responsible=" + janakkala + "&asOf=2025-09-14"));
        assertThat(before).isEmpty();

        as(clerkOf(janakkala)).post("/api/negotiations/" + id + "/measures/" + measureIds.get(0) + "/status",
                Map.of("status", "DONE", "on", "2026-02-15", "note", "Malli hyväksytty"));
        JsonNode done = body(as(COMMITTEE).get("/api/measures?responsible=" + janakkala + "&status=DONE"));
        assertThat(done.findValuesAsText("statusAsOf")).containsExactly("DONE");
        JsonNode earlier = body(as(COMMITTEE).get("/api/measures?responsible=" + janakkala + "&asOf=2026-02-14"));
        assertThat(earlier.get(0).get("statusAsOf").asText()).isEqualTo("PLANNED");
        assertThat(earlier.get(0).get("overdue").asBoolean()).isTrue();
        // A clerk sees the measures of negotiations their party took part in only.
        assertThat(body(as(clerkOf(FORSSA)).get("/api/measures?responsible=" + janakkala))).isEmpty();
        assertThat(body(as(clerkOf(janakkala)).get("/api/measures?responsible=" + janakkala))).hasSize(2);
    }

    @Test
    void anUnknownMeasureIsNotFound() {
        JsonNode negotiation = recorded(COUNTY_CLERK, negotiation(List.of("municipality:169"), "2025-09-20",
                List.of("612/2021 §7"), List.of()));
        ResponseEntity<String> response = as(COUNTY_CLERK).post("/api/negotiations/" + negotiation.get("id").asText()
                + "/measures/nope/status", Map.of("status", "DONE", "on", "2026-01-01", "note", "x"));
        assertThat(response.getStatusCode().value()).isEqualTo(404);
        assertThat(body(response).get("type").asText()).isEqualTo("/problems/unknown-measure");
    }

    @Test
    void datesBeforeTheDutiesOrOutOfOrderAreRefusedOnTheirField() {
        ResponseEntity<String> early = as(COUNTY_CLERK).post("/api/negotiations",
                negotiation(List.of(HAMEENLINNA), "2021-06-01", List.of("611/2021 §14"), List.of()));
        assertThat(early.getStatusCode().value()).as(early.getBody()).isEqualTo(400);
        assertThat(body(early).get("rule").asText()).isEqualTo("negotiation-before-legal-basis");
        assertThat(body(early).get("errors").get(0).get("field").asText()).isEqualTo("heldOn");
        assertThat(as(COUNTY_CLERK).post("/api/negotiations", negotiation(List.of(HAMEENLINNA), "1950-01-01",
                List.of("612/2021 §7"), List.of())).getStatusCode().value()).isEqualTo(400);

        Map<String, Object> future = negotiation(List.of(HAMEENLINNA), "2025-10-01", List.of("612/2021 §7"), List.of());
        future.put("minutesReference", Map.of("body", "Kuntaneuvottelu", "meetingDate", "2026-03-03"));
        ResponseEntity<String> minutesAhead = as(COUNTY_CLERK).post("/api/negotiations", future);
        assertThat(minutesAhead.getStatusCode().value()).as(minutesAhead.getBody()).isEqualTo(409);
        assertThat(body(minutesAhead).get("rule").asText()).isEqualTo("minutes-date-in-the-future");
        assertThat(body(minutesAhead).get("errors").get(0).get("field").asText())
                .isEqualTo("minutesReference.meetingDate");
        future.put("minutesReference", Map.of("body", "Kuntaneuvottelu", "meetingDate", "2025-09-30"));
        ResponseEntity<String> minutesBefore = as(COUNTY_CLERK).post("/api/negotiations", future);
        assertThat(minutesBefore.getStatusCode().value()).isEqualTo(409);
        assertThat(body(minutesBefore).get("rule").asText()).isEqualTo("minutes-before-negotiation");
        assertThat(body(minutesBefore).get("errors").get(0).get("field").asText())
                .isEqualTo("minutesReference.meetingDate");
    }

    @Test
    void theCountyListedAmongThePartiesIsAcceptedOnce() {
        JsonNode negotiation = recorded(COUNTY_CLERK, negotiation(List.of(COUNTY, "municipality:981"), "2025-10-02",
                List.of("612/2021 §7"), List.of()));
        assertThat(negotiation.get("parties").findValuesAsText("id")).containsExactly("municipality:981");
        assertThat(negotiation.get("welfareArea").get("id").asText()).isEqualTo(COUNTY);
    }

    @Test
    void unknownPartiesAreNamedByTheirField() {
        Map<String, Object> unknownCounty = negotiation(List.of(HAMEENLINNA), "2025-10-01", List.of("612/2021 §7"),
                List.of());
        unknownCounty.put("welfareAreaId", "welfare-area:99");
        for (String user : List.of(COUNTY_CLERK, clerkOf(FORSSA))) {
            ResponseEntity<String> response = as(user).post("/api/negotiations", unknownCounty);
            assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(400);
            assertThat(body(response).get("errors").get(0).get("field").asText()).isEqualTo("welfareAreaId");
        }
        ResponseEntity<String> unknownResponsible = as(COUNTY_CLERK).post("/api/negotiations",
                negotiation(List.of(HAMEENLINNA), "2025-10-01", List.of("612/2021 §7"),
                        List.of(measure("Seuranta", "2026-06-30", HAMEENLINNA, "municipality:999"))));
        assertThat(unknownResponsible.getStatusCode().value()).isEqualTo(400);
        assertThat(body(unknownResponsible).get("errors").get(0).get("field").asText())
                .isEqualTo("measures[0].responsiblePartyIds");

        JsonNode negotiation = recorded(COUNTY_CLERK, negotiation(List.of(HAMEENLINNA), "2025-10-03",
                List.of("612/2021 §7"), List.of()));
        String measures = "/api/negotiations/" + negotiation.get("id").asText() + "/measures";
        ResponseEntity<String> added = as(COUNTY_CLERK).post(measures, measure("x", "2026-06-30", "municipality:999"));
        assertThat(added.getStatusCode().value()).isEqualTo(400);
        assertThat(body(added).get("errors").get(0).get("field").asText()).isEqualTo("responsiblePartyIds");

        // Wording: an If-Match that is no ETag of the negotiation says negotiation.
        ResponseEntity<String> garbage = as(COUNTY_CLERK).post(measures, measure("x", "2026-06-30", COUNTY), "\"abc\"");
        assertThat(garbage.getStatusCode().value()).isEqualTo(412);
        assertThat(body(garbage).get("title").asText()).isEqualTo("The negotiation has changed");
        assertThat(body(garbage).get("detail").asText()).contains("GET the negotiation").doesNotContain("agreement");
        ResponseEntity<String> stale = as(COUNTY_CLERK).post(measures, measure("x", "2026-06-30", COUNTY), "\"7\"");
        assertThat(body(stale).get("title").asText()).isEqualTo("The negotiation has changed");
        ResponseEntity<String> otherParty = as(clerkOf(FORSSA)).get("/api/compliance/due?party=" + HAMEENLINNA);
        assertThat(otherParty.getStatusCode().value()).isEqualTo(403);
        assertThat(body(otherParty).get("detail").asText()).contains("negotiations due").doesNotContain("agreements");
        ResponseEntity<String> otherMeasures = as(clerkOf(FORSSA)).get("/api/parties/" + HAMEENLINNA + "/measures");
        assertThat(otherMeasures.getStatusCode().value()).isEqualTo(403);
        assertThat(body(otherMeasures).get("detail").asText()).contains("measures").doesNotContain("agreements");
    }

    @Test
    void aListWithFiltersThatCannotMatchIsABadRequest() {
        ResponseEntity<String> reversed = as(COMMITTEE).get("/api/negotiations?from=2026-01-01&to=2025-01-01");
        assertThat(reversed.getStatusCode().value()).isEqualTo(400);
        assertThat(body(reversed).get("errors").get(0).get("field").asText()).isEqualTo("from");
        ResponseEntity<String> unknown = as(COMMITTEE).get("/api/negotiations?party=municipality:999");
        assertThat(unknown.getStatusCode().value()).isEqualTo(400);
        assertThat(body(unknown).get("errors").get(0).get("field").asText()).isEqualTo("party");
        assertThat(as(COMMITTEE).get("/api/negotiations?welfareArea=welfare-area:99").getStatusCode().value())
                .isEqualTo(400);
        assertThat(as(COMMITTEE).get("/api/negotiations?from=2025-01-01&to=2025-01-01").getStatusCode().value())
                .isEqualTo(200);
    }
}
