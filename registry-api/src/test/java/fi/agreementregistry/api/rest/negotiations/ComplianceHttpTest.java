package fi.agreementregistry.api.rest.negotiations;

import com.fasterxml.jackson.databind.JsonNode;
import fi.agreementregistry.api.RegistryHttpTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compliance with the statutory negotiation duties as of a day, at the boundaries of their periods: the last day of a
 * council term (31.5.2025 for the first county term, 31.5.2029) and 31 December, and the first days after them; per
 * municipality, for the county as a whole, and as the negotiations due. Keski-Suomi's county, which no other
 * test records negotiations for: Jyväskylä negotiated under 611/2021 §14 on 10.6.2025 and under 612/2021 §7 on
 * 29.8.2025, Äänekoski under 611/2021 §14 on 1.11.2024, and all 22 municipalities together under 612/2021 §7 on
 * 20.2.2026.
 */
class ComplianceHttpTest extends RegistryHttpTest {

    static final String COUNTY = "welfare-area:15";
    static final String CLERK = clerkOf(COUNTY);
    static final String JYVASKYLA = "municipality:179";
    static final String AANEKOSKI = "municipality:992";
    static final String MUURAME = "municipality:500";
    static final List<String> MUNICIPALITIES = municipalitiesOf("15");

    private static final Map<String, String> ids = new LinkedHashMap<>();

    @BeforeEach
    void recordTheNegotiationsOnce() {
        if (!ids.isEmpty()) {
            return;
        }
        ids.put("jyvaskyla-611", record(List.of(JYVASKYLA), "2025-06-10", "611/2021 §14"));
        ids.put("jyvaskyla-612", record(List.of(JYVASKYLA), "2025-08-29", "612/2021 §7"));
        ids.put("aanekoski-611", record(List.of(AANEKOSKI), "2024-11-01", "611/2021 §14"));
        ids.put("all-612", record(MUNICIPALITIES, "2026-02-20", "612/2021 §7"));
    }

    private String record(List<String> parties, String heldOn, String basis) {
        return record(CLERK, COUNTY, parties, heldOn, basis);
    }

    private String record(String clerk, String county, List<String> parties, String heldOn, String basis) {
        ResponseEntity<String> created = as(clerk).post("/api/negotiations", Map.of("welfareAreaId", county,
                "parties", parties, "heldOn", heldOn, "legalBases", List.of(basis)));
        assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
        return body(created).get("id").asText();
    }

    private JsonNode compliance(String asOf) {
        return compliance(COUNTY, asOf);
    }

    private JsonNode compliance(String county, String asOf) {
        ResponseEntity<String> response = as(COMMITTEE).get("/api/compliance?welfareArea=" + county + "&asOf=" + asOf);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        return body(response);
    }

    private JsonNode duty(String asOf, String municipality, String duty) {
        return duty(COUNTY, asOf, municipality, duty);
    }

    private JsonNode duty(String county, String asOf, String municipality, String duty) {
        for (JsonNode row : compliance(county, asOf).get("municipalities")) {
            if (row.get("partyId").asText().equals(municipality)) {
                for (JsonNode d : row.get("duties")) {
                    if (d.get("duty").asText().equals(duty)) {
                        return d;
                    }
                }
            }
        }
        throw new AssertionError(municipality + " has no duty " + duty);
    }

    private static String summary(JsonNode duty) {
        return duty.get("status").asText() + " " + duty.get("periodStart").asText() + ".." + duty.get("periodEnd").asText();
    }

    @Test
    void everyMunicipalityOfTheCountyIsListedWithBothDuties() {
        JsonNode compliance = compliance("2026-03-01");
        assertThat(compliance.get("welfareArea").asText()).isEqualTo(COUNTY);
        assertThat(compliance.get("asOf").asText()).isEqualTo("2026-03-01");
        assertThat(compliance.get("municipalities").findValuesAsText("partyId"))
                .containsExactlyInAnyOrderElementsOf(MUNICIPALITIES).hasSize(22);
        assertThat(compliance.get("municipalities").get(0).get("duties").findValuesAsText("duty"))
                .containsExactly("611/2021 §14", "612/2021 §7");
    }

    @Test
    void theCouncilTermDutyAtTheLastDayOfATerm() {
        JsonNode lastDay = duty("2029-05-31", JYVASKYLA, "611/2021 §14");
        assertThat(summary(lastDay)).isEqualTo("DONE 2025-06-01..2029-05-31");
        assertThat(lastDay.get("lastNegotiationId").asText()).isEqualTo(ids.get("jyvaskyla-611"));
        assertThat(lastDay.get("lastHeldOn").asText()).isEqualTo("2025-06-10");
        assertThat(summary(duty("2029-06-01", JYVASKYLA, "611/2021 §14"))).isEqualTo("DUE 2029-06-01..2033-05-31");

        // Äänekoski negotiated in the first county term, none since.
        assertThat(summary(duty("2025-05-31", AANEKOSKI, "611/2021 §14"))).isEqualTo("DONE 2022-03-01..2025-05-31");
        assertThat(summary(duty("2025-06-01", AANEKOSKI, "611/2021 §14"))).isEqualTo("DUE 2025-06-01..2029-05-31");
        assertThat(summary(duty("2029-05-31", AANEKOSKI, "611/2021 §14"))).isEqualTo("DUE 2025-06-01..2029-05-31");
        assertThat(summary(duty("2029-06-01", AANEKOSKI, "611/2021 §14"))).isEqualTo("OVERDUE 2025-06-01..2029-05-31");

        // Muurame never negotiated: due until the first term's last day, overdue the day after.
        JsonNode muurame = duty("2025-05-31", MUURAME, "611/2021 §14");
        assertThat(summary(muurame)).isEqualTo("DUE 2022-03-01..2025-05-31");
        assertThat(muurame.get("lastNegotiationId").isNull()).isTrue();
        assertThat(summary(duty("2025-06-01", MUURAME, "611/2021 §14"))).isEqualTo("OVERDUE 2022-03-01..2025-05-31");
    }

    @Test
    void theYearlyDutyAt31December() {
        assertThat(summary(duty("2025-12-31", JYVASKYLA, "612/2021 §7"))).isEqualTo("DONE 2025-01-01..2025-12-31");
        assertThat(summary(duty("2026-01-01", JYVASKYLA, "612/2021 §7"))).isEqualTo("DUE 2026-01-01..2026-12-31");
        assertThat(summary(duty("2026-02-20", JYVASKYLA, "612/2021 §7"))).isEqualTo("DONE 2026-01-01..2026-12-31");
        assertThat(summary(duty("2026-12-31", JYVASKYLA, "612/2021 §7"))).isEqualTo("DONE 2026-01-01..2026-12-31");
        assertThat(summary(duty("2027-01-01", JYVASKYLA, "612/2021 §7"))).isEqualTo("DUE 2027-01-01..2027-12-31");
        assertThat(summary(duty("2027-12-31", JYVASKYLA, "612/2021 §7"))).isEqualTo("DUE 2027-01-01..2027-12-31");
        assertThat(summary(duty("2028-01-01", JYVASKYLA, "612/2021 §7"))).isEqualTo("OVERDUE 2027-01-01..2027-12-31");

        // Muurame had none in 2025: overdue from 1.1.2026 until the joint negotiation of 20.2.2026.
        assertThat(summary(duty("2025-12-31", MUURAME, "612/2021 §7"))).isEqualTo("OVERDUE 2024-01-01..2024-12-31");
        assertThat(summary(duty("2026-01-01", MUURAME, "612/2021 §7"))).isEqualTo("OVERDUE 2025-01-01..2025-12-31");
        JsonNode joint = duty("2026-02-20", MUURAME, "612/2021 §7");
        assertThat(summary(joint)).isEqualTo("DONE 2026-01-01..2026-12-31");
        assertThat(joint.get("lastNegotiationId").asText()).isEqualTo(ids.get("all-612"));
    }

    @Test
    void theCountyAsAWholeIsDoneWhenEveryMunicipalityIs() {
        JsonNode before = compliance("2026-02-19").get("welfareAreaDuties");
        assertThat(before.get(1).get("duty").asText()).isEqualTo("612/2021 §7");
        assertThat(before.get(1).get("status").asText()).isEqualTo("OVERDUE");
        JsonNode after = compliance("2026-02-20").get("welfareAreaDuties");
        assertThat(summary(after.get(1))).isEqualTo("DONE 2026-01-01..2026-12-31");
        assertThat(after.get(1).get("lastNegotiationId").asText()).isEqualTo(ids.get("all-612"));
        // Under 611/2021 §14 only two municipalities ever negotiated.
        assertThat(summary(after.get(0))).isEqualTo("OVERDUE 2022-03-01..2025-05-31");
    }

    @Test
    void theNextStatutoryNegotiationDuePerCounty() {
        JsonNode next = body(as(COMMITTEE).get("/api/compliance/next-due?asOf=2026-03-01"));
        JsonNode keskiSuomi = null;
        for (JsonNode county : next) {
            if (county.get("welfareArea").asText().equals(COUNTY)) {
                keskiSuomi = county;
            }
        }
        assertThat(keskiSuomi).isNotNull();
        assertThat(keskiSuomi.get("duty").asText()).isEqualTo("611/2021 §14");
        assertThat(keskiSuomi.get("status").asText()).isEqualTo("OVERDUE");
        assertThat(keskiSuomi.get("dueBy").asText()).isEqualTo("2025-05-31");
        List<String> outstanding = new java.util.ArrayList<>();
        keskiSuomi.get("municipalitiesOutstanding").forEach(m -> outstanding.add(m.asText()));
        // Äänekoski negotiated in the term that is overdue (1.11.2024): it is outstanding only in the current one.
        assertThat(outstanding).hasSize(20).contains(MUURAME).doesNotContain(JYVASKYLA, AANEKOSKI);
        assertThat(keskiSuomi.get("municipalitiesOutstandingNames").get(outstanding.indexOf(MUURAME)).asText())
                .isEqualTo("Muurame");
    }

    /**
     * Kainuu's county, which no other test records negotiations for: all eight municipalities negotiated under
     * 611/2021 §14 on 31.5.2025, the first county term's last day, and under 612/2021 §7 on 31.12.2025; Kajaani alone
     * again on the next periods' first days, 1.6.2025 and 1.1.2026.
     */
    @Nested
    class OnTheFirstAndLastDaysOfThePeriods {

        static final String KAINUU = "welfare-area:20";
        static final String KAJAANI = "municipality:205";
        static final String KUHMO = "municipality:290";
        static final List<String> ALL = municipalitiesOf("20");
        private static final Map<String, String> kainuu = new LinkedHashMap<>();

        @BeforeEach
        void recordKainuusNegotiationsOnce() {
            if (!kainuu.isEmpty()) {
                return;
            }
            assertThat(ALL).hasSize(8).contains(KAJAANI, KUHMO);
            kainuu.put("all-611", record(clerkOf(KAINUU), KAINUU, ALL, "2025-05-31", "611/2021 §14"));
            kainuu.put("kajaani-611", record(clerkOf(KAINUU), KAINUU, List.of(KAJAANI), "2025-06-01", "611/2021 §14"));
            kainuu.put("all-612", record(clerkOf(KAINUU), KAINUU, ALL, "2025-12-31", "612/2021 §7"));
            kainuu.put("kajaani-612", record(clerkOf(KAINUU), KAINUU, List.of(KAJAANI), "2026-01-01", "612/2021 §7"));
        }

        private JsonNode countyDuty(String asOf, int index) {
            return compliance(KAINUU, asOf).get("welfareAreaDuties").get(index);
        }

        @Test
        void aNegotiationOnTheLastDayOfTheFirstCountyTermMeetsItAndNothingIsOverdueTheNextDay() {
            assertThat(summary(duty(KAINUU, "2025-05-30", KUHMO, "611/2021 §14"))).isEqualTo("DUE 2022-03-01..2025-05-31");
            assertThat(summary(countyDuty("2025-05-30", 0))).isEqualTo("DUE 2022-03-01..2025-05-31");
            assertThat(summary(duty(KAINUU, "2025-05-31", KUHMO, "611/2021 §14"))).isEqualTo("DONE 2022-03-01..2025-05-31");
            JsonNode county = countyDuty("2025-05-31", 0);
            assertThat(summary(county)).isEqualTo("DONE 2022-03-01..2025-05-31");
            assertThat(county.get("lastNegotiationId").asText()).isEqualTo(kainuu.get("all-611"));

            // 1.6.2025, the new term's first day: due, not overdue; Kajaani's negotiation that day meets the new term.
            assertThat(summary(duty(KAINUU, "2025-06-01", KUHMO, "611/2021 §14"))).isEqualTo("DUE 2025-06-01..2029-05-31");
            JsonNode kajaani = duty(KAINUU, "2025-06-01", KAJAANI, "611/2021 §14");
            assertThat(summary(kajaani)).isEqualTo("DONE 2025-06-01..2029-05-31");
            assertThat(kajaani.get("lastNegotiationId").asText()).isEqualTo(kainuu.get("kajaani-611"));
            assertThat(summary(countyDuty("2025-06-01", 0))).isEqualTo("DUE 2025-06-01..2029-05-31");
        }

        @Test
        void theCountyIsDueOnTheLastDayOfTheTermAndOverdueTheDayAfter() {
            assertThat(summary(countyDuty("2029-05-31", 0))).isEqualTo("DUE 2025-06-01..2029-05-31");
            assertThat(summary(duty(KAINUU, "2029-05-31", KAJAANI, "611/2021 §14"))).isEqualTo("DONE 2025-06-01..2029-05-31");
            assertThat(summary(countyDuty("2029-06-01", 0))).isEqualTo("OVERDUE 2025-06-01..2029-05-31");
            assertThat(summary(duty(KAINUU, "2029-06-01", KUHMO, "611/2021 §14"))).isEqualTo("OVERDUE 2025-06-01..2029-05-31");
            // Kajaani met the term that just ended: its next one is only due.
            assertThat(summary(duty(KAINUU, "2029-06-01", KAJAANI, "611/2021 §14"))).isEqualTo("DUE 2029-06-01..2033-05-31");
        }

        @Test
        void theYearlyDutyOn31DecemberAnd1January() {
            // None in 2024: overdue until the joint negotiation of 31.12.2025, which meets 2025 on its last day.
            assertThat(summary(duty(KAINUU, "2025-12-30", KUHMO, "612/2021 §7"))).isEqualTo("OVERDUE 2024-01-01..2024-12-31");
            assertThat(summary(duty(KAINUU, "2025-12-31", KUHMO, "612/2021 §7"))).isEqualTo("DONE 2025-01-01..2025-12-31");
            assertThat(summary(countyDuty("2025-12-31", 1))).isEqualTo("DONE 2025-01-01..2025-12-31");
            assertThat(summary(duty(KAINUU, "2026-01-01", KUHMO, "612/2021 §7"))).isEqualTo("DUE 2026-01-01..2026-12-31");
            assertThat(summary(duty(KAINUU, "2026-01-01", KAJAANI, "612/2021 §7"))).isEqualTo("DONE 2026-01-01..2026-12-31");
            assertThat(summary(countyDuty("2026-01-01", 1))).isEqualTo("DUE 2026-01-01..2026-12-31");
            assertThat(summary(countyDuty("2026-12-31", 1))).isEqualTo("DUE 2026-01-01..2026-12-31");
            assertThat(summary(countyDuty("2027-01-01", 1))).isEqualTo("OVERDUE 2026-01-01..2026-12-31");
            assertThat(summary(duty(KAINUU, "2027-01-01", KUHMO, "612/2021 §7"))).isEqualTo("OVERDUE 2026-01-01..2026-12-31");
            assertThat(summary(duty(KAINUU, "2027-01-01", KAJAANI, "612/2021 §7"))).isEqualTo("DUE 2027-01-01..2027-12-31");
        }

        @Test
        void theNegotiationsDueArePerDutyAndPeriodTheOverdueFirst() {
            JsonNode due = body(as(COMMITTEE).get("/api/compliance/due?party=" + KAINUU + "&asOf=2027-01-01"));
            assertThat(due).hasSize(3);
            assertThat(dueSummary(due.get(0))).isEqualTo("612/2021 §7 OVERDUE 2026-01-01..2026-12-31 7");
            assertThat(due.get(0).get("municipalitiesOutstanding").toString()).contains(KUHMO).doesNotContain(KAJAANI);
            assertThat(dueSummary(due.get(1))).isEqualTo("612/2021 §7 DUE 2027-01-01..2027-12-31 1");
            assertThat(due.get(1).get("municipalitiesOutstandingNames").get(0).asText()).isEqualTo("Kajaani");
            assertThat(dueSummary(due.get(2))).isEqualTo("611/2021 §14 DUE 2025-06-01..2029-05-31 7");

            // A municipality's: those it is among. The next per county is the first.
            JsonNode kajaani = body(as(COMMITTEE).get("/api/compliance/due?party=" + KAJAANI + "&asOf=2027-01-01"));
            assertThat(kajaani).hasSize(1);
            assertThat(dueSummary(kajaani.get(0))).isEqualTo("612/2021 §7 DUE 2027-01-01..2027-12-31 1");
            assertThat(dueSummary(nextDue("2027-01-01"))).isEqualTo("612/2021 §7 OVERDUE 2026-01-01..2026-12-31 7");
            assertThat(dueSummary(nextDue("2025-12-31"))).isEqualTo("611/2021 §14 DUE 2025-06-01..2029-05-31 7");
            assertThat(dueSummary(nextDue("2025-05-31"))).isEqualTo("612/2021 §7 OVERDUE 2024-01-01..2024-12-31 8");
            // Before the first county term nothing was due.
            assertThat(body(as(COMMITTEE).get("/api/compliance/due?party=" + KAINUU + "&asOf=2022-02-28"))).isEmpty();
        }

        @Test
        void aClerkSeesTheirOwnCountysNegotiationsDueOnly() {
            JsonNode own = body(as(clerkOf(KAINUU)).get("/api/compliance/due?asOf=2027-01-01"));
            assertThat(own.findValuesAsText("welfareArea")).hasSize(3).containsOnly(KAINUU);
            JsonNode hameenlinna = body(as(clerkOf("municipality:109")).get("/api/compliance/due?asOf=2027-01-01"));
            assertThat(hameenlinna.findValuesAsText("welfareArea")).isNotEmpty().containsOnly("welfare-area:07");
            assertThat(as(clerkOf("municipality:109")).get("/api/compliance/due?party=" + KAINUU).getStatusCode().value())
                    .isEqualTo(403);
            // The City of Helsinki organises its own services: it has no municipalities to negotiate with.
            assertThat(body(as(COMMITTEE).get("/api/compliance/due?asOf=2027-01-01")).findValuesAsText("welfareArea"))
                    .contains(KAINUU, COUNTY).doesNotContain("welfare-area:90");
            assertThat(body(as(HELSINKI_CLERK).get("/api/compliance/due"))).isEmpty();
        }

        private JsonNode nextDue(String asOf) {
            for (JsonNode county : body(as(AUDITOR).get("/api/compliance/next-due?asOf=" + asOf))) {
                if (county.get("welfareArea").asText().equals(KAINUU)) {
                    return county;
                }
            }
            throw new AssertionError("Kainuu has nothing due on " + asOf);
        }

        private static String dueSummary(JsonNode due) {
            return due.get("duty").asText() + " " + due.get("status").asText() + " " + due.get("periodStart").asText()
                    + ".." + due.get("dueBy").asText() + " " + due.get("municipalitiesOutstanding").size();
        }
    }

    @Test
    void complianceAsCsv() {
        HttpHeaders accept = new HttpHeaders();
        accept.set(HttpHeaders.ACCEPT, "text/csv");
        ResponseEntity<String> csv = as(AUDITOR).exchange(HttpMethod.GET,
                "/api/compliance?welfareArea=" + COUNTY + "&asOf=2026-03-01", null, accept);
        assertThat(csv.getStatusCode().value()).isEqualTo(200);
        assertThat(csv.getHeaders().getContentType().toString()).startsWith("text/csv");
        String[] lines = csv.getBody().replace("\uFEFF", "").split("\r\n");
        assertThat(lines[0]).isEqualTo("welfareArea,asOf,partyId,name,duty,periodStart,periodEnd,status,"
                + "lastNegotiationId,lastHeldOn");
        assertThat(lines).hasSize(1 + 22 * 2 + 2);
        assertThat(lines).contains("welfare-area:15,2026-03-01,municipality:179,Jyväskylä,611/2021 §14,2025-06-01,"
                + "2029-05-31,DONE," + ids.get("jyvaskyla-611") + ",2025-06-10");
    }

    @Test
    void helsinkiHasNoDutyAndEveryAnswerSaysSo() {
        // The README: the City of Helsinki, whose area is the city alone, has no statutory negotiation duty.
        ResponseEntity<String> compliance = as(COMMITTEE).get("/api/compliance?welfareArea=welfare-area:90&asOf=2026-03-01");
        assertThat(compliance.getStatusCode().value()).isEqualTo(400);
        assertThat(body(compliance).get("errors").get(0).get("field").asText()).isEqualTo("welfareArea");
        assertThat(body(compliance).get("detail").asText()).contains("City of Helsinki", "no statutory negotiation duty");
        assertThat(body(as(COMMITTEE).get("/api/compliance/due?asOf=2026-03-01")).findValuesAsText("welfareArea"))
                .doesNotContain("welfare-area:90");
        assertThat(body(as(COMMITTEE).get("/api/compliance/next-due?asOf=2026-03-01")).findValuesAsText("welfareArea"))
                .doesNotContain("welfare-area:90");
    }
}
