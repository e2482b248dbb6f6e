package fi.agreementregistry.api.web;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.http.ResponseEntity;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The county page of statutory negotiations in a real headless Chromium (as {@link UiBrowserTest}; skipped where no
 * browser is installed): a committee member opens Kanta-Häme's page, sees an overdue duty in red and a met one not,
 * the open measure under its responsible party, and switches the language to Swedish and English; reaches it from the
 * deadlines page's negotiations due and overdue measures, and from the menu; a clerk's menu leads to their county.
 */
class CountyPageBrowserTest extends BrowserTest {

    @BeforeEach
    void signOut() {
        browser.manage().deleteAllCookies();
    }

    private void signIn(String user) {
        browser.get(url("/ui/login?lang=fi"));
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        click(browser.findElement(By.cssSelector("form button[type=submit]")));
    }

    /** Clicks something that loads a new page and waits until the old page is gone. */
    private void click(WebElement element) {
        HeadlessChromium.awaitNextPage(browser, element::click);
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private void open(String path) {
        HeadlessChromium.awaitNextPage(browser, () -> browser.get(url(path)));
    }

    private WebElement row(String name) {
        return browser.findElement(By.xpath("//table[contains(@class,'compliance')]//tr[th[normalize-space()='"
                + name + "']]"));
    }

    /**
     * The deadlines page's statutory negotiations and overdue measures lead to the county page, and the menu does too;
     * the statuses are words in every language. Hausjärvi negotiated on 20.10.2025 and a measure of it is past due.
     */
    @Test
    void fromTheDeadlinesPageAndTheMenuToTheCountyPageInThreeLanguages() {
        String hausjarvi = "municipality:086";
        String text = "Hausjärven ikäihmisten liikuntaryhmien yhteinen kalenteri";
        ResponseEntity<String> created = as(clerkOf("welfare-area:07")).post("/api/negotiations", Map.of(
                "welfareAreaId", "welfare-area:07", "parties", List.of(hausjarvi), "heldOn", "2025-10-20",
                "legalBases", List.of("611/2021 §14"), "measures", List.of(Map.of("text", text,
                        "responsiblePartyIds", List.of(hausjarvi), "dueBy", "2026-02-10"))));
        assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
        String measure = body(created).get("measures").get(0).get("id").asText();

        signIn(COMMITTEE);
        open("/ui/deadlines");
        WebElement due = browser.findElement(By.id("negotiations-due"));
        assertThat(due.findElement(By.tagName("h2")).getText()).isEqualTo("Lakisääteiset neuvottelut");
        WebElement karelia = due.findElement(By.cssSelector("tr[data-county='welfare-area:14']"));
        assertThat(karelia.getText()).contains("Pohjois-Karjalan hyvinvointialue", "Myöhässä", "31.5.2025");
        WebElement overdue = browser.findElement(By.cssSelector("#overdue-measures tr[data-measure='" + measure + "']"));
        assertThat(overdue.getText()).contains(text, "10.2.2026", "Suunniteltu", "Myöhässä");

        click(overdue.findElement(By.tagName("a")));
        assertThat(browser.getCurrentUrl()).endsWith("/ui/counties/welfare-area:07");
        assertThat(browser.findElement(By.tagName("h1")).getText())
                .isEqualTo("Lakisääteiset neuvottelut: Kanta-Hämeen hyvinvointialue");
        assertThat(browser.findElement(By.xpath("//section[h3[normalize-space()='Hausjärvi']]")).getText())
                .contains(text, "Suunniteltu", "Myöhässä");

        // Work has started: the county page says so, in words.
        assertThat(as(clerkOf("welfare-area:07")).post("/api/negotiations/" + body(created).get("id").asText()
                        + "/measures/" + measure + "/status", Map.of("status", "IN_PROGRESS", "on", "2026-02-20",
                        "note", "Kalenteriluonnos tehty")).getStatusCode().value()).isEqualTo(200);
        open("/ui/counties/welfare-area:07");
        assertThat(browser.findElement(By.xpath("//section[h3[normalize-space()='Hausjärvi']]")).getText())
                .contains("Käynnissä", "Myöhässä");

        // The menu: the counties, each leading to its page.
        click(browser.findElement(By.linkText("Neuvottelut")));
        assertThat(browser.getCurrentUrl()).endsWith("/ui/counties");
        click(browser.findElement(By.linkText("Pohjois-Karjalan hyvinvointialue")));
        assertThat(browser.findElement(By.tagName("h1")).getText())
                .isEqualTo("Lakisääteiset neuvottelut: Pohjois-Karjalan hyvinvointialue");

        open("/ui/deadlines?lang=sv");
        assertThat(browser.findElement(By.cssSelector("#negotiations-due h2")).getText())
                .isEqualTo("Lagstadgade förhandlingar");
        assertThat(browser.findElement(By.cssSelector("#negotiations-due tr[data-county='welfare-area:14']")).getText())
                .contains("Försenad");
        assertThat(browser.findElement(By.cssSelector("#overdue-measures tr[data-measure='" + measure + "']")).getText())
                .contains("Pågår", "Försenad");
        click(browser.findElement(By.linkText("Förhandlingar")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Lagstadgade förhandlingar");

        open("/ui/deadlines?lang=en");
        assertThat(browser.findElement(By.cssSelector("#negotiations-due h2")).getText())
                .isEqualTo("Statutory negotiations");
        WebElement english = browser.findElement(By.cssSelector("#overdue-measures tr[data-measure='" + measure + "']"));
        assertThat(english.getText()).contains("In progress", "Overdue");
        click(english.findElement(By.tagName("a")));
        assertThat(browser.findElement(By.tagName("h1")).getText())
                .isEqualTo("Statutory negotiations: Kanta-Hämeen hyvinvointialue");
        assertThat(browser.findElement(By.xpath("//section[h3[normalize-space()='Hausjärvi']]")).getText())
                .contains("In progress", "Overdue");
    }

    @Test
    void aClerkFindsTheirCountyInTheMenu() {
        signIn(clerkOf("municipality:086"));
        open("/ui/deadlines");
        click(browser.findElement(By.linkText("Neuvottelut")));
        assertThat(browser.getCurrentUrl()).endsWith("/ui/counties/welfare-area:07");
        assertThat(browser.findElement(By.tagName("h1")).getText())
                .isEqualTo("Lakisääteiset neuvottelut: Kanta-Hämeen hyvinvointialue");
    }

    @Test
    void aCommitteeMemberSeesTheGridAndTheOpenMeasuresInThreeLanguages() {
        ResponseEntity<String> created = as(clerkOf("welfare-area:07")).post("/api/negotiations", Map.of(
                "welfareAreaId", "welfare-area:07", "parties", List.of("municipality:834"), "heldOn", "2025-10-02",
                "legalBases", List.of("611/2021 §14"),
                "measures", List.of(Map.of("text", "Tammelan kirjastoautoreittien yhteinen suunnitelma",
                        "responsiblePartyIds", List.of("municipality:834"), "dueBy", "2026-05-31"))));
        assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);

        signIn(COMMITTEE);

        open("/ui/counties/welfare-area:07?asOf=2026-03-02");
        assertThat(browser.findElement(By.tagName("h1")).getText())
                .isEqualTo("Lakisääteiset neuvottelut: Kanta-Hämeen hyvinvointialue");
        List<WebElement> tammela = row("Tammela").findElements(By.tagName("td"));
        assertThat(tammela.get(0).getText()).contains("Neuvoteltu", "viimeksi 2.10.2025");
        List<WebElement> ypaja = row("Ypäjä").findElements(By.tagName("td"));
        assertThat(ypaja.get(0).getText()).contains("Myöhässä", "1.3.2022–31.5.2025");
        // Overdue in red; a met duty is not.
        assertThat(ypaja.get(0).getCssValue("background-color")).isEqualTo("rgba(253, 232, 232, 1)");
        assertThat(tammela.get(0).getCssValue("background-color")).isNotEqualTo("rgba(253, 232, 232, 1)");

        WebElement measures = browser.findElement(By.xpath("//section[h3[normalize-space()='Tammela']]"));
        assertThat(measures.getText()).contains("Tammelan kirjastoautoreittien yhteinen suunnitelma", "31.5.2026",
                "Suunniteltu");

        open("/ui/counties/welfare-area:07?asOf=2026-03-02&lang=sv");
        assertThat(browser.findElement(By.tagName("h1")).getText()).startsWith("Lagstadgade förhandlingar");
        assertThat(row("Ypäjä").getText()).contains("Försenad");
        open("/ui/counties/welfare-area:07?asOf=2026-03-02&lang=en");
        assertThat(browser.findElement(By.tagName("h2")).getText()).isEqualTo("Duties to negotiate");
        assertThat(row("Tammela").getText()).contains("Negotiated", "last 2.10.2025");
    }
}
