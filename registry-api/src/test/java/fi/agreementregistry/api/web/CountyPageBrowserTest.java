package fi.agreementregistry.api.web;

import fi.agreementregistry.api.RegistryHttpTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The county page of statutory negotiations in a real headless Chromium (as {@link UiBrowserTest}; skipped where no
 * browser is installed): a committee member opens Kanta-Häme's page, sees an overdue duty in red and a met one not,
 * the open measure under its responsible party, and switches the language to Swedish and English.
 */
class CountyPageBrowserTest extends RegistryHttpTest {

    static HeadlessChromium chromium;
    static WebDriver browser;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startBrowser() throws Exception {
        chromium = HeadlessChromium.start("county-test");
        browser = chromium.browser();
    }

    @AfterAll
    static void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private void open(String path) {
        WebElement oldPage = browser.findElement(By.tagName("html"));
        browser.get(url(path));
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.stalenessOf(oldPage));
    }

    private WebElement row(String name) {
        return browser.findElement(By.xpath("//table[contains(@class,'compliance')]//tr[th[normalize-space()='"
                + name + "']]"));
    }

    @Test
    void aCommitteeMemberSeesTheGridAndTheOpenMeasuresInThreeLanguages() {
        ResponseEntity<String> created = as(clerkOf("welfare-area:07")).post("/api/negotiations", Map.of(
                "welfareAreaId", "welfare-area:07", "parties", List.of("municipality:834"), "heldOn", "2025-10-02",
                "legalBases", List.of("611/2021 §14"),
                "measures", List.of(Map.of("text", "Tammelan kirjastoautoreittien yhteinen suunnitelma",
                        "responsiblePartyIds", List.of("municipality:834"), "dueBy", "2026-05-31"))));
        assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);

        browser.get(url("/ui/login?lang=fi"));
        browser.findElement(By.id("username")).sendKeys(COMMITTEE);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        WebElement login = browser.findElement(By.tagName("html"));
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.stalenessOf(login));

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
