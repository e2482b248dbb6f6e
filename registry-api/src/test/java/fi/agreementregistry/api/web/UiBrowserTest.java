package fi.agreementregistry.api.web;

import fi.agreementregistry.api.RegistryHttpTest;
import fi.agreementregistry.projections.rebuild.ProjectionReplays;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.Dimension;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The web interface in a real headless Chromium (Debian's chromium and chromium-driver), as its users work with
 * it. Skipped, with a message saying how to install the browser, where none is installed. Saves screenshots of
 * the four main pages and the administration page to target/screenshots/ ({@code -Dscreenshots.dir=../docs/screenshots}
 * refreshes the ones the README shows). The clock is fixed at 2 March 2026 (see
 * {@link RegistryHttpTest}). The administrator's rebuild moves agreement-history to generation 1, so the context
 * (and its embedded database) is not reused by the tests after this class.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class UiBrowserTest extends BrowserTest {

    static final String HAMEENLINNA = "municipality:109";
    static final String COUNTY = "welfare-area:07";

    @BeforeEach
    void signOut() {
        browser.manage().deleteAllCookies();
    }

    /** Kanta-Häme's framework agreement drafted on 1.12.2025, approved by Hämeenlinna on 15.1.2026, review due 31.1.2026. */
    String agreementWithAnOverdueReview() {
        Map<String, Object> draft = new HashMap<>(kantaHameDraft());
        draft.put("draftedOn", "2025-12-01");
        ResponseEntity<String> created = post("/api/agreements", draft);
        assertThat(created.getStatusCode().value()).isEqualTo(201);
        String id = body(created).get("agreementId").asText();
        assertThat(post("/api/agreements/" + id + "/approvals", approval(HAMEENLINNA, 1, "2026-01-15"))
                .getStatusCode().value()).isEqualTo(201);
        assertThat(post("/api/agreements/" + id + "/reviews", Map.of("dueBy", "2026-01-31",
                "responsibleBody", "Integraatiovaliokunta", "reason", "Yhteistyön arviointi"))
                .getStatusCode().value()).isEqualTo(201);
        return id;
    }

    void signIn(String user) {
        browser.get(url("/ui/login?lang=fi"));
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        clickAndAwaitNextPage(browser.findElement(By.cssSelector("form button[type=submit]")));
    }

    /** Clicks something that loads a new page and waits until the old page is gone, so no element read after it is stale. */
    void clickAndAwaitNextPage(WebElement element) {
        HeadlessChromium.awaitNextPage(browser, element::click);
    }


    String url(String path) {
        return "http://localhost:" + port + path;
    }

    WebElement gridRow(String partyId) {
        return browser.findElement(By.cssSelector("#grid tr[data-party='" + partyId + "']"));
    }

    void setDate(WebElement input, String isoDate) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]", input, isoDate);
    }

    void screenshot(String name) throws Exception {
        screenshot(browser, name);
    }

    /** The whole page as {@code name}.png in {@code screenshots.dir} (default target/screenshots). */
    static void screenshot(WebDriver browser, String name) throws Exception {
        Path dir = Path.of(System.getProperty("screenshots.dir", "target/screenshots"));
        Files.createDirectories(dir);
        long height = (Long) ((JavascriptExecutor) browser).executeScript("return document.body.scrollHeight");
        browser.manage().window().setSize(new Dimension(1280, (int) Math.min(Math.max(height + 40, 700), 2600)));
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        browser.manage().window().setSize(new Dimension(1280, 1000));
    }

    @Test
    void aClerkRecordsAnApprovalThroughTheFormAndSeesTheGridUpdate() throws Exception {
        String id = agreementWithAnOverdueReview();
        signIn(clerkOf(COUNTY));
        assertThat(browser.getCurrentUrl()).endsWith("/ui/party");
        WebElement card = browser.findElement(By.cssSelector("article[data-agreement='" + id + "']"));
        String prefix = "approval-" + id + "-";
        // A mistake first: the meeting date is after today (2.3.2026); the rule's message shows next to the field.
        card.findElement(By.id(prefix + "decisionBody")).sendKeys("Aluehallitus");
        setDate(card.findElement(By.id(prefix + "meetingDate")), "2026-04-01");
        card.findElement(By.id(prefix + "section")).sendKeys("§ 45");
        card.findElement(By.id(prefix + "diaryNumber")).sendKeys("KHHVA/123/00.01.01/2026");
        clickAndAwaitNextPage(card.findElement(By.cssSelector("form[action$='/approvals'] button[type=submit]")));
        await().ignoreExceptions().untilAsserted(() -> assertThat(browser.getCurrentUrl()).endsWith("/approvals"));
        await().ignoreExceptions().untilAsserted(() ->
                assertThat(browser.findElement(By.id(prefix + "meetingDate-error")).getText()).contains("2026-04-01"));
        assertThat(browser.findElement(By.id(prefix + "decisionBody")).getAttribute("value")).isEqualTo("Aluehallitus");

        setDate(browser.findElement(By.id(prefix + "meetingDate")), "2026-02-20");
        clickAndAwaitNextPage(browser.findElement(By.cssSelector("article[data-agreement='" + id + "'] form[action$='/approvals'] button[type=submit]")));

        await().ignoreExceptions().untilAsserted(() ->
                assertThat(browser.getCurrentUrl()).endsWith("/ui/agreements/" + id));
        assertThat(browser.findElement(By.cssSelector(".notice")).getText()).isEqualTo("Hyväksyntä tallennettu.");
        WebElement row = gridRow(COUNTY);
        assertThat(row.findElement(By.cssSelector("td.approved")).getAttribute("class")).contains("ok");
        assertThat(row.getText()).contains("Aluehallitus", "20.2.2026", "§ 45", "KHHVA/123/00.01.01/2026");
        assertThat(gridRow("municipality:061").findElement(By.cssSelector("td.approved")).getAttribute("class"))
                .contains("missing");
        screenshot("agreement");

        browser.get(url("/ui/party"));
        screenshot("party");
    }

    @Test
    void aCommitteeMemberSeesAnOverdueReview() throws Exception {
        String id = agreementWithAnOverdueReview();
        signIn(COMMITTEE);
        assertThat(browser.getCurrentUrl()).endsWith("/ui/deadlines");
        await().untilAsserted(() -> {
            browser.navigate().refresh();
            WebElement overdue = browser.findElement(By.id("group-OVERDUE"));
            assertThat(overdue.findElement(By.cssSelector("a[href$='/ui/agreements/" + id + "']")).getText())
                    .startsWith("Puitesopimus Kanta-Hämeen");
            assertThat(overdue.getText()).contains("31.1.2026", "Integraatiovaliokunta");
        });
        // The subscribe button makes a feed and shows its address once; a calendar app opens it without signing in.
        clickAndAwaitNextPage(browser.findElement(By.cssSelector("form.subscribe button[type=submit]")));
        String feedUrl = browser.findElement(By.id("feed-url")).getAttribute("value");
        assertThat(feedUrl).contains("/calendar/").endsWith(".ics");
        assertThat(browser.findElement(By.id("feeds")).getText()).contains("Outlook", "Google");
        java.net.http.HttpResponse<String> feed = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(feedUrl)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(feed.statusCode()).isEqualTo(200);
        assertThat(biweekly.Biweekly.parse(feed.body()).first().getEvents()).extracting(e -> e.getUrl().getValue())
                .contains(url("/ui/agreements/" + id));
        browser.navigate().refresh();
        assertThat(browser.findElements(By.id("feed-url"))).as("shown only once").isEmpty();
        assertThat(browser.findElement(By.cssSelector("table.feed-list")).getText()).contains("Arviointien määräajat");
        assertThat(browser.findElements(By.cssSelector("figure.timeline svg circle.st-OVERDUE"))).isNotEmpty();
        screenshot("deadlines");

        // As of 1.1.2026 the same review was not overdue.
        setDate(browser.findElement(By.id("asOf")), "2026-01-01");
        clickAndAwaitNextPage(browser.findElement(By.cssSelector("form.filters button[type=submit]")));
        assertThat(browser.findElement(By.id("group-OVERDUE")).findElements(
                By.cssSelector("a[href$='/ui/agreements/" + id + "']"))).isEmpty();
        assertThat(browser.findElement(By.cssSelector("main p")).getText()).isEqualTo("Tilanne 1.1.2026");
    }

    @Test
    void theAsOfPickerChangesTheGrid() {
        String id = agreementWithAnOverdueReview();
        signIn(AUDITOR);
        browser.get(url("/ui/agreements/" + id));
        assertThat(gridRow(HAMEENLINNA).findElement(By.cssSelector("td.approved")).getAttribute("class")).contains("ok");

        setDate(browser.findElement(By.id("asOf")), "2026-01-10");
        clickAndAwaitNextPage(browser.findElement(By.cssSelector("form.asof button[type=submit]")));

        assertThat(browser.getCurrentUrl()).contains("asOf=2026-01-10");
        assertThat(browser.findElement(By.id("asof-note")).getText()).contains("10.1.2026");
        assertThat(gridRow(HAMEENLINNA).findElement(By.cssSelector("td.approved")).getAttribute("class"))
                .contains("missing");
    }

    @Test
    void swedishSwitchesTheLabels() throws Exception {
        agreementWithAnOverdueReview();
        signIn(AUDITOR);
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Tapahtumahistoria");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("fi");
        screenshot("history");

        clickAndAwaitNextPage(browser.findElement(By.linkText("På svenska")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Händelsehistorik");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("sv");
        // The choice is remembered: the next page is in Swedish too.
        browser.get(url("/ui/deadlines"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Tidsfrister för utvärderingar");
        assertThat(browser.findElement(By.cssSelector("label[for=asOf]")).getText()).isEqualTo("Dag");
    }

    @Test
    void anAdministratorRebuildsAProjectionWatchingItsProgressAndChecksConsistency() throws Exception {
        agreementWithAnOverdueReview();
        signIn(ADMIN);
        assertThat(browser.getCurrentUrl()).endsWith("/ui/admin");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Ylläpito");
        WebElement history = browser.findElement(By.cssSelector("#processors tr[data-processor='agreement-history']"));
        assertThat(history.getText()).contains("agreement-history");
        assertThat(browser.findElements(By.cssSelector("#processors tbody tr")).size()).isGreaterThan(1);

        clickAndAwaitNextPage(history.findElement(By.cssSelector("form button[type=submit]")));
        assertThat(browser.getCurrentUrl()).endsWith("/ui/admin");
        assertThat(browser.findElement(By.id("admin-notice")).getText())
                .isEqualTo("Käsittelijän agreement-history uudelleenajo käynnistettiin.");
        WebElement replay = browser.findElement(By.id("replay-agreement-history"));
        WebElement bar = replay.findElement(By.tagName("progress"));
        assertThat(bar.getAttribute("max")).isEqualTo("100");
        assertThat(browser.findElement(By.cssSelector("label[for=progress-agreement-history]")).getText())
                .isEqualTo("Edistyminen");
        // While the replay runs ui.js polls its status every second without reloading the page (with this few
        // events it may already be complete when the page is drawn).
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(replay.getAttribute("data-status")).isEqualTo("COMPLETED");
            assertThat(bar.getAttribute("value")).isEqualTo("100");
            assertThat(replay.getText()).contains("100 %", "Valmis", "tapahtumaa/s", "Valmistui klo");
        });
        // The JSON ui.js polls, read with the page's session.
        Object polled = ((JavascriptExecutor) browser).executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + "fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.json())"
                        + ".then(j => done(j.status + ' ' + j.percentLabel + ' ' + j.doneLabel), e => done(String(e)));",
                replay.getAttribute("data-replay-url"));
        assertThat(String.valueOf(polled)).startsWith("COMPLETED 100 % ").endsWith(" tapahtumaa");

        // A replay another instance runs (its lock) makes a second one a 409, shown as a notice.
        database.getCollection(ProjectionReplays.LOCKS).insertOne(
                new Document("_id", "party-portfolio").append("replayId", "elsewhere"));
        try {
            clickAndAwaitNextPage(browser.findElement(By.cssSelector(
                    "#processors tr[data-processor='party-portfolio'] form button[type=submit]")));
            assertThat(browser.findElement(By.id("admin-notice")).getText())
                    .isEqualTo("Käsittelijän party-portfolio uudelleenajo on jo käynnissä.");
        } finally {
            database.getCollection(ProjectionReplays.LOCKS).deleteOne(new Document("_id", "party-portfolio"));
        }

        clickAndAwaitNextPage(browser.findElement(By.id("consistency-check")));
        assertThat(browser.findElement(By.id("consistency-result")).getText())
                .startsWith("Lukumallit ovat yhtenäiset");
        // Without JS the replay's state shows on reload too.
        assertThat(browser.findElement(By.id("replay-agreement-history")).getAttribute("data-status"))
                .isEqualTo("COMPLETED");
        assertThat(browser.findElement(By.id("progress-agreement-history")).getAttribute("value")).isEqualTo("100");
        screenshot("admin");
    }
}
