package fi.agreementregistry.api.web;

import fi.agreementregistry.api.rest.publicregister.PublicRegisterFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public register in a real headless Chromium (skipped where none is installed, as {@link UiBrowserTest}), with no
 * sign-in: the search and one agreement in Finnish and Swedish, and the search used with the keyboard alone. Its own
 * application context (an empty database), so the list holds exactly the agreements made here; it saves the
 * screenshots the README shows ({@code public-list}, {@code public-agreement}, {@code public-agreement-sv}).
 */
@TestPropertySource(properties = "registry.public.feed-entries=49")
class PublicRegisterBrowserTest extends PublicRegisterFixtures {

    static final String FRAMEWORK = "Puitesopimus Kanta-Hämeen kuntien, Hämeen liiton ja Kanta-Hämeen "
            + "hyvinvointialueen yhteistyöstä 2025–2029";
    static final String PROTOCOL = "Kanta-Hämeen yhteistyöpöytäkirja 2021–2025";
    static final String HYTE = "Lounais-Hämeen hyvinvoinnin edistämisen yhteistyösopimus";

    static WebDriver browser;
    static HeadlessChromium chromium;
    static String framework;
    static String hyte;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startBrowser() throws Exception {
        chromium = HeadlessChromium.start("public-test");
        browser = chromium.browser();
    }

    @AfterAll
    static void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    /** The register of a region: the old protocol superseded by the framework agreement (amended since), one ended. */
    @BeforeEach
    void agreements() {
        if (framework != null) {
            return;
        }
        String protocol = inForce(PROTOCOL, List.of(HAMEENLINNA, COUNTY, "regional-council:05"), "Kanta-Häme",
                "2021-2025", "COOPERATION_PROTOCOL", "2025-09-15", "2025-09-22");
        framework = inForce(FRAMEWORK, KANTA_HAME, "Kanta-Häme", "2025-2029", "FRAMEWORK_AGREEMENT", "2025-10-06",
                "2025-11-03");
        post("/api/agreements/" + framework + "/principles", java.util.Map.of("principles", List.of(
                "Osapuolet ovat kumppaneita.", "Tieto kulkee avoimesti kaikkien osapuolten välillä.",
                "Yhteiset palvelut suunnitellaan yhdessä."), "rationale", "Tarkennus.", "proposedOn", "2025-12-01"));
        KANTA_HAME.forEach(party -> approve(framework, party, 2, "2026-01-12"));
        review(framework, "2025-11-10", "2026-02-02", "NO_CHANGES");
        supersede(protocol, framework, "2025-11-03");
        hyte = inForce(HYTE, List.of(FORSSA, COUNTY), "Lounais-Häme", "2025-2029", "COOPERATION_PROTOCOL",
                "2025-10-06", "2025-11-03");
        terminate(hyte, "2026-02-16");
        draft("Luonnos, jota ei näytetä");
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private void open(String path) {
        HeadlessChromium.awaitNextPage(browser, () -> browser.get(url(path)));
    }

    private void clickAndAwaitNextPage(WebElement element) {
        HeadlessChromium.awaitNextPage(browser, element::click);
    }

    private List<String> resultTitles() {
        return browser.findElements(By.cssSelector("#results tbody th a")).stream().map(WebElement::getText).toList();
    }

    @Test
    void aResidentSearchesAndReadsAnAgreementInFinnish() throws Exception {
        open("/julkinen");
        assertThat(browser.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("fi");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Julkinen sopimusrekisteri");
        assertThat(resultTitles()).containsExactly(PROTOCOL, HYTE, FRAMEWORK);
        assertThat(browser.findElement(By.id("results")).getText()).contains("Korvattu", "Päättynyt", "Voimassa");
        UiBrowserTest.screenshot(browser, "public-list");

        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("status"))).selectByValue("IN_FORCE");
        clickAndAwaitNextPage(browser.findElement(By.id("search")));
        assertThat(resultTitles()).containsExactly(FRAMEWORK);

        clickAndAwaitNextPage(browser.findElement(By.linkText(FRAMEWORK)));
        assertThat(browser.getCurrentUrl()).endsWith("/julkinen/" + framework);
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo(FRAMEWORK);
        WebElement hameenlinna = browser.findElement(By.cssSelector("#parties tr[data-party='" + HAMEENLINNA + "']"));
        assertThat(hameenlinna.getText()).contains("Hämeenlinna", "Kunnanhallitus", "6.10.2025", "§ 30",
                "56/15.00.18/2023", "kunnanjohtaja, Hämeenlinna", "3.11.2025").doesNotContain(SIGNATORY_NAME);
        assertThat(browser.findElement(By.id("version-2")).getText()).contains("Versio 2, voimassa 12.1.2026 alkaen",
                "Muutokset versiosta 1 versioon 2", "Lisätty 3: Yhteiset palvelut suunnitellaan yhdessä.");
        assertThat(browser.findElement(By.id("version-1")).getText()).contains("Versio 1, voimassa 3.11.2025–12.1.2026");
        assertThat(browser.findElement(By.id("reviews")).getText()).contains("ei muutoksia", "2.2.2026");
        assertThat(browser.findElement(By.id("supersedes")).getText()).isEqualTo(PROTOCOL);
        UiBrowserTest.screenshot(browser, "public-agreement");
        // No way into the signed-in pages but the sign-in.
        assertThat(browser.findElements(By.cssSelector("a[href^='/ui']")).stream()
                .map(a -> a.getDomAttribute("href")).toList()).containsExactly("/ui/login?lang=fi");
    }

    @Test
    void aJournalistReadsTheSameInSwedishAndSwitchesLanguage() throws Exception {
        open("/offentlig");
        assertThat(browser.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("sv");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Offentligt avtalsregister");
        assertThat(browser.findElement(By.id("results")).getText()).contains("Ramavtal", "Ersatt", "Upphört",
                "I kraft");
        UiBrowserTest.screenshot(browser, "public-list-sv");
        clickAndAwaitNextPage(browser.findElement(By.linkText(HYTE)));
        assertThat(browser.getCurrentUrl()).endsWith("/offentlig/" + hyte);
        assertThat(browser.findElement(By.id("parties-title")).getText()).isEqualTo("Parter, beslut och underskrifter");
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("Upphört");
        assertThat(browser.findElement(By.id("ended")).getText()).isEqualTo("16.2.2026");
        UiBrowserTest.screenshot(browser, "public-agreement-sv");

        clickAndAwaitNextPage(browser.findElement(By.cssSelector(".langs a[lang='fi']")));
        assertThat(browser.getCurrentUrl()).endsWith("/julkinen/" + hyte);
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("Päättynyt");
    }

    /** Tab to the search field, type, Enter; Tab to the result, Enter: the agreement, with no mouse at all. */
    @Test
    void theSearchWorksWithTheKeyboardAlone() {
        open("/julkinen");
        Actions keys = new Actions(browser);
        keys.sendKeys(Keys.TAB).perform();
        assertThat(browser.switchTo().activeElement().getText()).isEqualTo("Siirry sisältöön");
        tabUntil(element -> "q".equals(element.getDomAttribute("id")), 12);
        keys.sendKeys("Lounais").perform();
        HeadlessChromium.awaitNextPage(browser, () -> keys.sendKeys(Keys.ENTER).perform());
        assertThat(browser.getCurrentUrl()).contains("q=Lounais");
        assertThat(resultTitles()).containsExactly(HYTE);

        tabUntil(element -> HYTE.equals(element.getText()), 20);
        HeadlessChromium.awaitNextPage(browser, () -> keys.sendKeys(Keys.ENTER).perform());
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo(HYTE);
    }

    /** Presses Tab until the focused element is the one looked for, at most {@code presses} times. */
    private void tabUntil(Predicate<WebElement> wanted, int presses) {
        for (int i = 0; i < presses; i++) {
            if (wanted.test(browser.switchTo().activeElement())) {
                return;
            }
            new Actions(browser).sendKeys(Keys.TAB).perform();
        }
        assertThat(wanted.test(browser.switchTo().activeElement())).as("reached with Tab").isTrue();
    }
}
