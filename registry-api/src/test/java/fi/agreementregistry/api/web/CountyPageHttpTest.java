package fi.agreementregistry.api.web;

import fi.agreementregistry.api.RegistryHttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The county page of statutory negotiations, rendered for a signed-in committee member in Finnish, Swedish and
 * English: the grid of municipalities and duties (overdue in red) and the open measures by responsible party.
 * Kanta-Häme's county negotiated with Loppi on 5.9.2025 under both acts; today is 2.3.2026.
 */
class CountyPageHttpTest extends RegistryHttpTest {

    @Test
    void theCountyPageShowsTheGridAndTheOpenMeasuresInThreeLanguages() throws Exception {
        ResponseEntity<String> created = as(clerkOf("welfare-area:07")).post("/api/negotiations", Map.of(
                "welfareAreaId", "welfare-area:07", "parties", List.of("municipality:433"), "heldOn", "2025-09-05",
                "legalBases", List.of("611/2021 §14", "612/2021 §7"),
                "measures", List.of(Map.of("text", "Lopen <b>koulukuljetusten</b> yhteinen selvitys",
                        "responsiblePartyIds", List.of("municipality:433"), "dueBy", "2026-01-15"))));
        assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);

        PageSession pages = PageSession.signIn(http.getRootUri(), COMMITTEE, PASSWORD);
        HttpResponse<String> fi = pages.get("/ui/counties/welfare-area:07?asOf=2026-03-02");
        assertThat(fi.statusCode()).isEqualTo(200);
        String page = fi.body();
        assertThat(page).contains("Lakisääteiset neuvottelut: Kanta-Hämeen hyvinvointialue", "Loppi",
                "Hyte-neuvottelu (612/2021 7 §, vuosittain)", "viimeksi 5.9.2025");
        // Loppi's row: both duties met in their current periods.
        String loppi = page.substring(page.indexOf(">Loppi<"), page.indexOf("</tr>", page.indexOf(">Loppi<")));
        assertThat(loppi).contains("duty st-DONE").doesNotContain("st-OVERDUE").contains("kausi 1.6.2025–31.5.2029");
        // A municipality that never negotiated is red (overdue since the first county term ended 31.5.2025).
        String ypaja = page.substring(page.indexOf(">Ypäjä<"), page.indexOf("</tr>", page.indexOf(">Ypäjä<")));
        assertThat(ypaja).contains("duty st-OVERDUE", "kausi 1.3.2022–31.5.2025");
        // The open measure under its responsible party, past due, its text escaped.
        assertThat(page).contains("Avoimet toimenpiteet vastuutahoittain", "<h3>Loppi</h3>",
                "Lopen &lt;b&gt;koulukuljetusten&lt;/b&gt; yhteinen selvitys", "15.1.2026", "Suunniteltu");

        String sv = pages.get("/ui/counties/welfare-area:07?asOf=2026-03-02&lang=sv").body();
        assertThat(sv).contains("Lagstadgade förhandlingar", "Öppna åtgärder per ansvarig part", "Planerad",
                "Försenad");
        // The directory's Swedish names on a Swedish page: the county, and Jokioinen as Jockis.
        assertThat(sv).contains("Egentliga Tavastlands välfärdsområde", "Jockis")
                .doesNotContain("Kanta-Hämeen hyvinvointialue");
        String en = pages.get("/ui/counties/welfare-area:07?asOf=2026-03-02&lang=en").body();
        assertThat(en).contains("Statutory negotiations: Kanta-Hämeen hyvinvointialue",
                "Open measures by responsible party", "Planned", "Overdue", "Negotiated");

        // Before the measure was agreed it is not listed; a municipality's id or an early day is a 400 page.
        assertThat(pages.get("/ui/counties/welfare-area:07?asOf=2025-09-04&lang=fi").body())
                .doesNotContain("koulukuljetusten");
        assertThat(pages.get("/ui/counties/municipality:433").statusCode()).isEqualTo(400);
        assertThat(pages.get("/ui/counties/welfare-area:07?asOf=2021-12-31").statusCode()).isEqualTo(400);
    }

    @Test
    void aPageThatCannotBeShownSaysWhyInThePagesLanguage() throws Exception {
        PageSession pages = PageSession.signIn(http.getRootUri(), COMMITTEE, PASSWORD);
        // Helsinki has no duty: the page says so, as the API does, rather than a grid in red.
        HttpResponse<String> helsinki = pages.get("/ui/counties/welfare-area:90?lang=fi");
        assertThat(helsinki.statusCode()).isEqualTo(400);
        assertThat(helsinki.body()).contains("Helsingin kaupunki").doesNotContain("st-OVERDUE");
        assertThat(pages.get("/ui/counties?lang=fi").body()).doesNotContain("welfare-area:90");
        // A date that is no date, or too early, in the page's own language.
        HttpResponse<String> garbage = pages.get("/ui/counties/welfare-area:07?asOf=garbage&lang=sv");
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(garbage.body()).contains("är inget datum", "garbage").doesNotContain("Failed to convert");
        HttpResponse<String> early = pages.get("/ui/counties/welfare-area:07?asOf=2021-01-01&lang=fi");
        assertThat(early.statusCode()).isEqualTo(400);
        assertThat(early.body()).contains("1.1.2021 on liian aikainen", "1.3.2022").doesNotContain("no statutory");
        HttpResponse<String> deadlines = pages.get("/ui/deadlines?asOf=garbage&lang=en");
        assertThat(deadlines.statusCode()).isEqualTo(400);
        assertThat(deadlines.body()).contains("is not a date").doesNotContain("Failed to convert");
        assertThat(pages.get("/ui/counties/municipality:433?lang=en").body()).contains("is not a wellbeing services county");
    }
}
