package fi.agreementregistry.api.web;

import com.fasterxml.jackson.databind.JsonNode;
import fi.agreementregistry.api.RegistryHttpTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The statutory negotiations beyond the county page: the deadlines page's negotiations due and overdue measures, the
 * menu's list of counties, and a party's measures on its page and in the API, rendered for the committee and for
 * clerks in Finnish, Swedish and English. Pohjois-Karjala's county has recorded no negotiation (both duties overdue);
 * Kanta-Häme's negotiated with Humppila on 3.11.2025 and agreed a measure due 20.1.2026, past due today (2.3.2026).
 */
class NegotiationPagesHttpTest extends RegistryHttpTest {

    static final String HUMPPILA = "municipality:103";
    static final String MEASURE = "Humppilan kirjastopalvelujen yhteinen selvitys";
    private static String measureId;

    @BeforeEach
    void humppilasMeasureOnce() {
        if (measureId != null) {
            return;
        }
        ResponseEntity<String> created = as(clerkOf("welfare-area:07")).post("/api/negotiations", Map.of(
                "welfareAreaId", "welfare-area:07", "parties", List.of(HUMPPILA), "heldOn", "2025-11-03",
                "legalBases", List.of("612/2021 §7"),
                "measures", List.of(Map.of("text", MEASURE, "responsiblePartyIds", List.of(HUMPPILA),
                        "dueBy", "2026-01-20"))));
        assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
        measureId = body(created).get("measures").get(0).get("id").asText();
    }

    @Test
    void theDeadlinesPageShowsTheNegotiationsDueWithLinksToTheCountyPageInThreeLanguages() throws Exception {
        PageSession committee = PageSession.signIn(http.getRootUri(), COMMITTEE, PASSWORD);
        String fi = committee.get("/ui/deadlines?asOf=2026-03-02").body();
        String karelia = row(fi, "data-county=\"welfare-area:14\"");
        assertThat(karelia).contains("href=\"/ui/counties/welfare-area:14\"", "Pohjois-Karjalan hyvinvointialue",
                "31.5.2025", "Yhteistyöneuvottelu (611/2021 14 §, valtuustokausittain)", "kausi 1.3.2022–31.5.2025",
                "Myöhässä", "Joensuu");
        assertThat(section(fi, "negotiations-due")).contains("<h2 id=\"h-negotiations\">Lakisääteiset neuvottelut</h2>")
                .doesNotContain("welfare-area:90");
        // The menu leads to the counties too.
        assertThat(fi).contains("href=\"/ui/counties\">Neuvottelut</a>");

        String sv = committee.get("/ui/deadlines?asOf=2026-03-02&lang=sv").body();
        assertThat(row(sv, "data-county=\"welfare-area:14\"")).contains("Försenad",
                "Samarbetsförhandling (611/2021 14 §, per fullmäktigeperiod)", "period 1.3.2022–31.5.2025");
        assertThat(sv).contains("Lagstadgade förhandlingar", "href=\"/ui/counties\">Förhandlingar</a>");
        String en = committee.get("/ui/deadlines?asOf=2026-03-02&lang=en").body();
        assertThat(row(en, "data-county=\"welfare-area:14\"")).contains("Overdue",
                "Cooperation negotiation (611/2021 s. 14, per council term)");
        assertThat(en).contains("Statutory negotiations", "href=\"/ui/counties\">Negotiations</a>");

        // One party's: Pohjois-Karjala's county only. Before the first county term nothing was due.
        String chosen = committee.get("/ui/deadlines?asOf=2026-03-02&party=welfare-area:14").body();
        assertThat(Pattern.compile("data-county=\"([^\"]+)\"").matcher(section(chosen, "negotiations-due")).results()
                .map(m -> m.group(1)).distinct().toList()).containsExactly("welfare-area:14");
        assertThat(section(committee.get("/ui/deadlines?asOf=2022-02-28&lang=fi").body(), "negotiations-due"))
                .contains("Kaikki lakisääteiset neuvottelut on käyty.");
        // The page of one responsible body's reviews shows neither negotiations nor measures.
        assertThat(committee.get("/ui/deadlines?responsibleBody=Integraatiovaliokunta").body())
                .doesNotContain("id=\"negotiations-due\"", "id=\"overdue-measures\"");
    }

    @Test
    void overdueMeasuresAreShownWithTheOverdueReviewsInWords() throws Exception {
        PageSession committee = PageSession.signIn(http.getRootUri(), COMMITTEE, PASSWORD);
        String fi = committee.get("/ui/deadlines?asOf=2026-03-02").body();
        assertThat(fi.indexOf("id=\"overdue-measures\"")).as("right after the overdue reviews")
                .isGreaterThan(fi.indexOf("id=\"group-OVERDUE\"")).isLessThan(fi.indexOf("id=\"group-DUE_SOON\""));
        String measure = row(fi, "data-measure=\"" + measureId + "\"");
        assertThat(measure).contains(MEASURE, "20.1.2026", "Humppila", "Suunniteltu", "Myöhässä",
                "href=\"/ui/counties/welfare-area:07\"", "3.11.2025, Kanta-Hämeen hyvinvointialue");
        assertThat(row(committee.get("/ui/deadlines?asOf=2026-03-02&lang=sv").body(), "data-measure=\"" + measureId
                + "\"")).contains("Planerad", "Försenad");
        assertThat(row(committee.get("/ui/deadlines?asOf=2026-03-02&lang=en").body(), "data-measure=\"" + measureId
                + "\"")).contains("Planned", "Overdue");
        // Not yet overdue on its due date.
        assertThat(committee.get("/ui/deadlines?asOf=2026-01-20").body()).doesNotContain(MEASURE);

        // Its responsible party's clerk sees it; a clerk of a party outside the negotiation does not, and each sees
        // their own county's negotiations due only.
        String humppila = PageSession.signIn(http.getRootUri(), clerkOf(HUMPPILA), PASSWORD).get("/ui/deadlines").body();
        assertThat(humppila).contains(MEASURE);
        assertThat(counties(section(humppila, "negotiations-due"))).containsOnly("welfare-area:07");
        String forssa = PageSession.signIn(http.getRootUri(), clerkOf("municipality:061"), PASSWORD)
                .get("/ui/deadlines").body();
        assertThat(forssa).doesNotContain(MEASURE);
        assertThat(counties(section(forssa, "negotiations-due"))).containsOnly("welfare-area:07");
    }

    @Test
    void theMenusCountiesListTheCountiesAndTakeAClerkToTheirOwn() throws Exception {
        PageSession committee = PageSession.signIn(http.getRootUri(), COMMITTEE, PASSWORD);
        HttpResponse<String> list = committee.get("/ui/counties");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("<h1>Lakisääteiset neuvottelut</h1>",
                "href=\"/ui/counties/welfare-area:14\">Pohjois-Karjalan hyvinvointialue</a>")
                .doesNotContain("welfare-area:90");
        assertThat(Pattern.compile("<tr data-county=").matcher(list.body()).results().count()).isEqualTo(21);
        assertThat(row(list.body(), "data-county=\"welfare-area:14\"")).contains("Myöhässä", "31.5.2025");
        assertThat(committee.get("/ui/counties?lang=sv").body()).contains("Nästa förhandling som ska föras");
        assertThat(committee.get("/ui/counties?lang=en").body()).contains("Next negotiation to hold");

        HttpResponse<String> clerk = PageSession.signIn(http.getRootUri(), clerkOf(HUMPPILA), PASSWORD)
                .get("/ui/counties");
        assertThat(clerk.statusCode()).isEqualTo(302);
        assertThat(clerk.headers().firstValue("Location").orElseThrow()).endsWith("/ui/counties/welfare-area:07");
        // Helsinki's clerk has no county: the list.
        assertThat(PageSession.signIn(http.getRootUri(), HELSINKI_CLERK, PASSWORD).get("/ui/counties").statusCode())
                .isEqualTo(200);
    }

    @Test
    void aPartysPageAndPortfolioListTheMeasuresItIsResponsibleFor() throws Exception {
        String page = PageSession.signIn(http.getRootUri(), clerkOf(HUMPPILA), PASSWORD).get("/ui/party").body();
        String measures = section(page, "measures");
        assertThat(measures).contains("Toimenpiteet, joista osapuoli vastaa", MEASURE, "20.1.2026", "Suunniteltu",
                "Myöhässä", "href=\"/ui/counties/welfare-area:07\"", "3.11.2025, Kanta-Hämeen hyvinvointialue");
        PageSession committee = PageSession.signIn(http.getRootUri(), COMMITTEE, PASSWORD);
        assertThat(section(committee.get("/ui/party?party=" + HUMPPILA + "&lang=sv").body(), "measures"))
                .contains("Åtgärder som parten ansvarar för", "Planerad", "Försenad");
        assertThat(section(committee.get("/ui/party?party=" + HUMPPILA + "&lang=en").body(), "measures"))
                .contains("Measures the party is responsible for", "Planned", "Overdue");
        assertThat(section(committee.get("/ui/party?party=municipality:981").body(), "measures"))
                .doesNotContain(MEASURE);

        JsonNode api = body(as(COMMITTEE).get("/api/parties/" + HUMPPILA + "/measures"));
        JsonNode entry = null;
        for (JsonNode e : api) {
            if (e.get("measure").get("id").asText().equals(measureId)) {
                entry = e;
            }
        }
        assertThat(entry).isNotNull();
        assertThat(entry.get("statusAsOf").asText()).isEqualTo("PLANNED");
        assertThat(entry.get("overdue").asBoolean()).isTrue();
        assertThat(entry.get("welfareAreaName").asText()).isEqualTo("Kanta-Hämeen hyvinvointialue");
        assertThat(body(as(COMMITTEE).get("/api/parties/" + HUMPPILA + "/measures?asOf=2026-01-20")).toString())
                .contains("\"overdue\":false");
        assertThat(body(as(clerkOf(HUMPPILA)).get("/api/parties/" + HUMPPILA + "/measures")).toString()).contains(measureId);
        assertThat(as(clerkOf("municipality:061")).get("/api/parties/" + HUMPPILA + "/measures").getStatusCode().value())
                .isEqualTo(403);
        assertThat(as(COMMITTEE).get("/api/parties/municipality:999/measures").getStatusCode().value()).isEqualTo(404);
        assertThat(as(COMMITTEE).get("/api/parties/" + HUMPPILA + "/measures?asOf=tomorrow").getStatusCode().value())
                .isEqualTo(400);
    }

    /** The element (row or section) that starts at the tag holding {@code marker}, up to its closing tag. */
    private static String row(String page, String marker) {
        int at = page.indexOf(marker);
        assertThat(at).as(marker).isNotNegative();
        return page.substring(at, page.indexOf("</tr>", at));
    }

    private static String section(String page, String id) {
        int at = page.indexOf("id=\"" + id + "\"");
        assertThat(at).as(id).isNotNegative();
        return page.substring(at, page.indexOf("</section>", at));
    }

    private static List<String> counties(String html) {
        Matcher matcher = Pattern.compile("data-county=\"([^\"]+)\"").matcher(html);
        return matcher.results().map(m -> m.group(1)).distinct().toList();
    }
}
