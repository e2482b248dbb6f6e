package fi.agreementregistry.api.rest.history;

import com.fasterxml.jackson.databind.JsonNode;
import fi.agreementregistry.api.rest.TwoPartyAgreementHttpTest;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AgreementHistoryHttpTest extends TwoPartyAgreementHttpTest {

    private String agreementInForceAndAmended() {
        String id = twoPartyAgreementInForce();
        post("/api/agreements/" + id + "/principles", Map.of("principles",
                List.of("Osapuolet ovat strategisia kumppaneita.", "Yhteistyö arvioidaan vuosittain."),
                "rationale", "Arviointi 2026", "proposedOn", "2026-02-10"));
        post("/api/agreements/" + id + "/approvals", approval("municipality:109", 2, "2026-02-20"));
        post("/api/agreements/" + id + "/approvals", approval("welfare-area:07", 2, "2026-02-24"));
        // draft, 2 approvals, 2 signatures, in force, proposal, 2 approvals, amended
        await().atMost(Duration.ofSeconds(10)).until(() -> entries(id).size() == 10);
        return id;
    }

    private JsonNode entries(String id) {
        ResponseEntity<String> response = get("/api/agreements/" + id + "/history");
        return response.getStatusCode().is2xxSuccessful() ? body(response).get("entries") : json.createArrayNode();
    }

    @Test
    void theHistoryNamesWhoApprovedWhichVersionInWhichBodyAndWhenItEnteredIntoForce() {
        String id = agreementInForceAndAmended();

        JsonNode entries = entries(id);
        assertThat(entries.findValuesAsText("eventType")).containsExactly("AgreementDrafted", "ApprovalRecorded",
                "ApprovalRecorded", "AgreementSigned", "AgreementSigned", "AgreementEnteredIntoForce",
                "PrinciplesAmendmentProposed", "ApprovalRecorded", "ApprovalRecorded", "PrinciplesAmended");
        JsonNode approval = entries.get(1);
        assertThat(approval.get("sequence").asLong()).isEqualTo(1);
        assertThat(approval.get("partyName").asText()).isEqualTo("Hämeenlinna");
        assertThat(approval.get("version").asInt()).isEqualTo(1);
        assertThat(approval.get("decisionBody").asText()).isEqualTo("Kunnanhallitus");
        assertThat(approval.get("meetingDate").asText()).isEqualTo("2026-01-12");
        assertThat(approval.get("effectiveOn").asText()).isEqualTo("2026-01-12");
        assertThat(approval.get("section").asText()).isEqualTo("§ 30");
        assertThat(approval.get("diaryNumber").asText()).isEqualTo("56/15.00.18/2023");
        assertThat(approval.get("recordedAt").asText()).endsWith("Z");
        assertThat(entries.get(3).get("signatoryName").asText()).isEqualTo("Kaija Kuntalainen");
        assertThat(entries.get(5).get("effectiveOn").asText()).isEqualTo("2026-02-03");
        assertThat(entries.get(9).get("principlesBefore")).hasSize(3);
        assertThat(entries.get(9).get("principlesAfter").get(1).get("text").asText())
                .isEqualTo("Yhteistyö arvioidaan vuosittain.");

        JsonNode welfareApprovals = body(get("/api/agreements/" + id
                + "/history?party=welfare-area:07&type=ApprovalRecorded&from=2026-01-01&to=2026-12-31")).get("entries");
        assertThat(welfareApprovals.findValuesAsText("meetingDate")).containsExactly("2026-01-19", "2026-02-24");
    }

    @Test
    void theHistoryAsCsvIsUtf8WithABomAndAHeaderRowThatACsvLibraryReadsBack() throws Exception {
        String id = agreementInForceAndAmended();
        HttpHeaders headers = new HttpHeaders();
        headers.setAccept(List.of(MediaType.parseMediaType("text/csv")));

        ResponseEntity<byte[]> response = http.exchange("/api/agreements/" + id + "/history", HttpMethod.GET,
                new HttpEntity<>(headers), byte[].class);

        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getHeaders().getContentType().toString()).startsWith("text/csv");
        assertThat(response.getHeaders().getContentDisposition().getFilename()).isEqualTo("history-" + id + ".csv");
        byte[] bytes = response.getBody();
        assertThat(bytes).startsWith((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
        String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        try (CSVParser csv = CSVFormat.EXCEL.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(text))) {
            assertThat(csv.getHeaderNames()).startsWith("sequence", "eventType", "effectiveOn", "recordedAt");
            List<CSVRecord> rows = csv.getRecords();
            assertThat(rows).hasSize(10);
            assertThat(rows.get(1).get("partyName")).isEqualTo("Hämeenlinna");
            assertThat(rows.get(1).get("section")).isEqualTo("§ 30");
            assertThat(rows.get(9).get("principlesAfter"))
                    .isEqualTo("1. Osapuolet ovat strategisia kumppaneita.\n2. Yhteistyö arvioidaan vuosittain.");
        }
    }

    @Test
    void principleVersionsAndTheirDiff() {
        String id = agreementInForceAndAmended();

        JsonNode v1 = body(get("/api/agreements/" + id + "/principles?version=1"));
        assertThat(v1.get("principles")).hasSize(3);
        JsonNode diff = body(get("/api/agreements/" + id + "/principles/diff?from=1&to=2"));
        assertThat(diff.get("removed").findValuesAsText("number")).containsExactly("3");
        assertThat(diff.get("changed").findValuesAsText("after"))
                .containsExactly("Osapuolet ovat strategisia kumppaneita.", "Yhteistyö arvioidaan vuosittain.");
        assertThat(diff.get("added")).isEmpty();
        assertThat(get("/api/agreements/" + id + "/principles?version=7").getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void theHistoryAcrossAgreementsIsNewestFirstWithATotal() {
        String id = agreementInForceAndAmended();

        JsonNode page = body(get("/api/history?party=municipality:109&type=ApprovalRecorded&from=2026-02-01&size=1"));
        assertThat(page.get("total").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(page.get("size").asInt()).isEqualTo(1);
        assertThat(page.get("entries")).hasSize(1);
        JsonNode newest = body(get("/api/history?from=2026-02-20&to=2026-02-24&party=welfare-area:07&size=500"));
        assertThat(newest.get("entries").findValuesAsText("agreementId")).contains(id);
        List<String> dates = newest.get("entries").findValuesAsText("effectiveOn");
        assertThat(dates).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    void theHistoryAcrossAgreementsComesByCursorPageAfterPage() {
        agreementInForceAndAmended();
        String filters = "from=2026-02-20&to=2026-02-24&party=welfare-area:07";
        List<String> everything = body(get("/api/history?" + filters + "&size=500")).get("entries")
                .findValuesAsText("sequence");

        List<String> walked = new java.util.ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = body(get("/api/history?" + filters + "&limit=2" + (cursor == null ? "" : "&cursor=" + cursor)));
            assertThat(page.get("limit").asInt()).isEqualTo(2);
            assertThat(page.has("page")).isFalse();
            assertThat(page.get("entries").size()).isLessThanOrEqualTo(2);
            walked.addAll(page.get("entries").findValuesAsText("sequence"));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        } while (cursor != null);

        assertThat(everything).isNotEmpty();
        assertThat(walked).containsExactlyInAnyOrderElementsOf(everything);
        JsonNode unfiltered = body(get("/api/history"));
        assertThat(unfiltered.get("limit").asInt()).as("the default").isEqualTo(100);
        assertThat(unfiltered.get("total").asLong()).isGreaterThanOrEqualTo(unfiltered.get("entries").size());
        String next = body(get("/api/history?" + filters + "&limit=1")).get("nextCursor").asText();
        assertBadParameter(get("/api/history?limit=0"), "limit");
        assertBadParameter(get("/api/history?limit=1001"), "limit");
        assertBadParameter(get("/api/history?cursor=" + next), "cursor");
        assertBadParameter(get("/api/history?cursor=%25%25"), "cursor");
        assertBadParameter(get("/api/history?" + filters + "&page=1&cursor=" + next), "cursor");
    }

    @Test
    void badParametersAre400NamingTheParameterAndAnUnknownAgreementIs404() {
        String id = draftKantaHame();
        assertBadParameter(get("/api/agreements/" + id + "/history?type=Approved"), "type");
        assertBadParameter(get("/api/agreements/" + id + "/history?from=2026-13-01"), "from");
        assertBadParameter(get("/api/agreements/" + id + "/history?party=helsinki"), "party");
        assertBadParameter(get("/api/history?size=0"), "size");
        assertBadParameter(get("/api/history?page=-1"), "page");
        assertBadParameter(get("/api/history?from=2026-02-01&to=2026-01-01"), "from");
        assertBadParameter(get("/api/agreements/" + id + "/principles/diff?from=one&to=2"), "from");
        assertThat(get("/api/agreements/no-such-agreement/history").getStatusCode().value()).isEqualTo(404);

        HttpHeaders csv = new HttpHeaders();
        csv.setAccept(List.of(MediaType.parseMediaType("text/csv")));
        ResponseEntity<String> unknownAsCsv = http.exchange("/api/agreements/no-such-agreement/history",
                HttpMethod.GET, new HttpEntity<>(csv), String.class);
        assertThat(unknownAsCsv.getStatusCode().value()).isEqualTo(404);
    }

    private void assertBadParameter(ResponseEntity<String> response, String parameter) {
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(400);
        assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(body(response).get("errors").findValuesAsText("field")).contains(parameter);
    }
}
