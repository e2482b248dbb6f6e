package fi.agreementregistry.api.web;

import fi.agreementregistry.api.RegistryHttpTest;
import fi.agreementregistry.api.security.PublicPaths;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.http.ResponseEntity;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every page of the web interface, in every role that can see it, in Finnish, Swedish and English, checked by axe-core
 * against WCAG 2.1 A and AA ({@link AxeCheck}): no violation, and no code shown where a person reads words. The pages
 * are the one list {@link #PAGES} (add a row for a new page: its path, who sees it, and what to do on it before the
 * check); the browser signs in once per role and opens every page of that role in every language. A failure lists
 * every finding (rule, impact, element, page, role, language), not only the first.
 * <p>
 * When everything passes it records the day of this check in the build's classes
 * ({@link AccessibilityCheckRecord}), so the jar that {@code package} makes from them says on its accessibility
 * statement when its pages were last checked.
 */
class AccessibilityBrowserTest extends BrowserTest {

    /** Who looks at a page: nobody signed in, or a user of one role (the test users of application-test.yml). */
    enum Visitor {
        ANONYMOUS(null), CLERK("clerk-municipality-109"), COMMITTEE(RegistryHttpTest.COMMITTEE),
        AUDITOR(RegistryHttpTest.AUDITOR), ADMIN(RegistryHttpTest.ADMIN);

        final String user;

        Visitor(String user) {
            this.user = user;
        }
    }

    static final List<String> LANGUAGES = List.of("fi", "sv", "en");
    private static final Set<Visitor> READERS = EnumSet.of(Visitor.CLERK, Visitor.COMMITTEE, Visitor.AUDITOR);
    private static final Set<Visitor> SIGNED_IN = EnumSet.complementOf(EnumSet.of(Visitor.ANONYMOUS));
    private static final Set<Visitor> EVERYONE = EnumSet.allOf(Visitor.class);

    /** What the pages show: made through the API before the browser opens them. */
    record Fixture(String draft, String amended, String countyId) {
    }

    /** Done in the browser on the page before the check (fill and send a form...). */
    interface Interaction {
        void on(WebDriver browser, Fixture fixture);
    }

    /** How a page is reached in a language. */
    interface Address {
        String in(Fixture fixture, String language);
    }

    /**
     * One page of the list: a name for the report, its address in each language, who sees it, and what is done on
     * it first.
     */
    record Page(String name, Address address, Set<Visitor> visitors, Interaction then) {
    }

    /** A page of the web interface: its language chosen with {@code lang}, as its language links do. */
    static Address ui(String path) {
        return (fixture, language) -> path + (path.contains("?") ? "&" : "?") + "lang=" + language;
    }

    static Address ui(java.util.function.Function<Fixture, String> path) {
        return (fixture, language) -> ui(path.apply(fixture)).in(fixture, language);
    }

    static final Interaction NOTHING = (browser, fixture) -> { };

    /** The accessibility statement: an address of its own in each language. */
    static final Address STATEMENT = (fixture, language) -> AccessibilityStatementController.PATHS.get(language);

    /** A page of the public register: its address in each language ({@link PublicPaths#PAGES}) and then this. */
    static Address publicPage(java.util.function.Function<Fixture, String> rest) {
        return (fixture, language) -> PublicPaths.pages(language) + rest.apply(fixture);
    }

    /** The public register is the same for everyone: checked without a sign-in and as a signed-in reader. */
    private static final Set<Visitor> PUBLIC_READERS = EnumSet.of(Visitor.ANONYMOUS, Visitor.COMMITTEE);

    static Page page(String name, Address address, Set<Visitor> visitors) {
        return new Page(name, address, visitors, NOTHING);
    }

    /** Every page, in every state worth checking. */
    static final List<Page> PAGES = List.of(
            page("login", ui("/ui/login"), EnumSet.of(Visitor.ANONYMOUS)),
            page("login, wrong password", ui("/ui/login?error"), EnumSet.of(Visitor.ANONYMOUS)),
            page("error 404 (no such address)", ui("/error"), EnumSet.of(Visitor.ANONYMOUS)),
            page("agreements", ui("/ui/agreements"), READERS),
            page("agreements by status", ui("/ui/agreements?status=DRAFT"), READERS),
            page("agreement", ui(f -> "/ui/agreements/" + f.draft()), READERS),
            page("agreement amended, amendment pending", ui(f -> "/ui/agreements/" + f.amended()), READERS),
            page("agreement as of a day", ui(f -> "/ui/agreements/" + f.amended() + "?asOf=2026-01-10"), READERS),
            page("history", ui("/ui/history"), READERS),
            page("history of one agreement", ui(f -> "/ui/history?agreement=" + f.draft()), READERS),
            page("deadlines", ui("/ui/deadlines"), READERS),
            new Page("deadlines, calendar address made", ui("/ui/deadlines"), EnumSet.of(Visitor.COMMITTEE),
                    (browser, fixture) -> submit(browser, By.cssSelector("form.subscribe button[type=submit]"))),
            page("deadlines, one group", ui("/ui/deadlines?status=OVERDUE"), READERS),
            page("party", ui("/ui/party"), READERS),
            page("party chosen", ui("/ui/party?party=welfare-area:07"), EnumSet.of(Visitor.COMMITTEE, Visitor.AUDITOR)),
            new Page("party, approval form with errors", ui("/ui/party"), EnumSet.of(Visitor.CLERK),
                    (browser, fixture) -> {
                        String prefix = "approval-" + fixture.amended() + "-";
                        browser.findElement(By.id(prefix + "decisionBody")).sendKeys("Kunnanhallitus");
                        browser.findElement(By.id(prefix + "section")).sendKeys("§ 12");
                        ((JavascriptExecutor) browser).executeScript("arguments[0].value = '2026-04-01'",
                                browser.findElement(By.id(prefix + "meetingDate")));
                        submit(browser, By.cssSelector("article[data-agreement='" + fixture.amended()
                                + "'] form[action$='/approvals'] button[type=submit]"));
                    }),
            page("counties", ui("/ui/counties"), READERS),
            page("county", ui(f -> "/ui/counties/" + f.countyId()), READERS),
            page("public register", publicPage(f -> ""), PUBLIC_READERS),
            page("public register, searched", publicPage(f -> "?q=yhteisty%C3%B6&region=Kanta-H%C3%A4me"), PUBLIC_READERS),
            page("public register, nothing found", publicPage(f -> "?q=ei-mit%C3%A4%C3%A4n-t%C3%A4llaista"),
                    PUBLIC_READERS),
            page("public agreement", publicPage(f -> "/" + f.amended()), PUBLIC_READERS),
            page("public agreement, unknown", publicPage(f -> "/no-such-agreement"), PUBLIC_READERS),
            page("public agreement, a draft", publicPage(f -> "/" + f.draft()), PUBLIC_READERS),
            page("access log", ui("/ui/access"), EnumSet.of(Visitor.AUDITOR)),
            page("admin", ui("/ui/admin"), EnumSet.of(Visitor.ADMIN)),
            page("admin, consistency checked", ui("/ui/admin?check=true"), EnumSet.of(Visitor.ADMIN)),
            new Page("admin, import file checked", ui("/ui/admin"), EnumSet.of(Visitor.ADMIN),
                    (browser, fixture) -> {
                        browser.findElement(By.id("import-file")).sendKeys(Path.of("..", "docs", "examples",
                                "with-mistakes.json").toAbsolutePath().normalize().toString());
                        submit(browser, By.id("import-check"));
                    }),
            new Page("admin, import without a file", ui("/ui/admin"), EnumSet.of(Visitor.ADMIN),
                    (browser, fixture) -> {
                        ((JavascriptExecutor) browser).executeScript(
                                "document.getElementById('import-file').removeAttribute('required')");
                        submit(browser, By.id("import-check"));
                    }),
            new Page("agreement, approval form with errors", ui(f -> "/ui/agreements/" + f.amended()),
                    EnumSet.of(Visitor.CLERK), (browser, fixture) -> {
                        String prefix = "approval-" + fixture.amended() + "-";
                        browser.findElement(By.id(prefix + "decisionBody")).sendKeys("Kunnanhallitus");
                        submit(browser, By.cssSelector("#record form button[type=submit]"));
                    }),
            page("accessibility statement", STATEMENT, EVERYONE),
            new Page("accessibility statement, feedback with errors", STATEMENT, EVERYONE,
                    (browser, fixture) -> submit(browser, By.cssSelector("#feedback form button[type=submit]"))),
            new Page("accessibility statement, feedback sent", STATEMENT, EnumSet.of(Visitor.ANONYMOUS),
                    (browser, fixture) -> {
                        browser.findElement(By.id("feedback-message")).sendKeys("Aikajanan numerot ovat pieniä.");
                        submit(browser, By.cssSelector("#feedback form button[type=submit]"));
                    }),
            page("error 404 (unknown agreement)", ui("/ui/agreements/no-such-agreement"), READERS),
            page("error 403 (not for this role)", ui("/ui/access"), EnumSet.of(Visitor.CLERK, Visitor.COMMITTEE)),
            page("error 403 (admin on a reader's page)", ui("/ui/agreements"), EnumSet.of(Visitor.ADMIN)));

    @Test
    void everyPageInEveryRoleAndLanguageMeetsWcag21AA() throws Exception {
        // Only a check that passes leaves a record: none is left from an earlier run while this one goes on.
        Optional<Path> record = recordFile();
        if (record.isPresent()) {
            Files.deleteIfExists(record.get());
        }
        Fixture fixture = fixture();
        long started = System.nanoTime();
        List<AxeCheck.Finding> findings = new ArrayList<>();
        Map<Visitor, Integer> checked = new LinkedHashMap<>();
        for (Visitor visitor : Visitor.values()) {
            signInAs(visitor);
            for (String language : LANGUAGES) {
                for (Page page : PAGES) {
                    if (!page.visitors().contains(visitor)) {
                        continue;
                    }
                    open(page.address().in(fixture, language));
                    page.then().on(browser, fixture);
                    String name = page.name() + " (" + browser.getCurrentUrl().replace(url(""), "") + ")";
                    assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).as(name)
                            .isEqualTo(language);
                    findings.addAll(AxeCheck.violations(browser, name, visitor.name(), language));
                    findings.addAll(AxeCheck.rawCodes(browser, name, visitor.name(), language));
                    checked.merge(visitor, 1, Integer::sum);
                }
            }
        }
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        String summary = checked.values().stream().mapToInt(Integer::intValue).sum() + " pages checked " + checked
                + " in " + seconds + " s";
        System.out.println("Accessibility check: " + summary);
        assertThat(findings).as(() -> findings.size() + " accessibility problems (" + summary + "):\n"
                + findings.stream().map(AxeCheck.Finding::toString).collect(Collectors.joining("\n"))).isEmpty();
        if (record.isPresent()) {
            writeRecord(record.get(), checked.values().stream().mapToInt(Integer::intValue).sum(),
                    AxeCheck.version(browser));
            // -Daccessibility.record.file=src/main/resources/accessibility-check.properties refreshes the record
            // committed with the sources, which a build without its tests (spring-boot:run, -DskipTests) carries.
            String committed = System.getProperty("accessibility.record.file", "");
            if (!committed.isBlank()) {
                Files.copy(record.get(), Path.of(committed), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /**
     * Where the record of a passed check goes: {@value AccessibilityCheckRecord#RESOURCE} in the build's classes
     * ({@code target/classes}), which {@code package} puts into the jar after the tests; empty when the registry's
     * classes are not a folder (run from a jar), where there is nothing to record into.
     */
    private static Optional<Path> recordFile() throws Exception {
        Path classes = Path.of(AccessibilityCheckRecord.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return Files.isDirectory(classes) ? Optional.of(classes.resolve(AccessibilityCheckRecord.RESOURCE))
                : Optional.empty();
    }

    /**
     * The day is the real one (Helsinki), not the tests' fixed clock: it is the day this check passed. The fingerprint
     * names the pages checked, so a later build with other pages does not show this day.
     */
    private static void writeRecord(Path file, int pages, String axeCore) throws Exception {
        Properties record = new Properties();
        record.setProperty(AccessibilityCheckRecord.CHECKED_ON, LocalDate.now(ZoneId.of("Europe/Helsinki")).toString());
        record.setProperty(AccessibilityCheckRecord.PAGES, Integer.toString(pages));
        record.setProperty(AccessibilityCheckRecord.AXE_CORE, axeCore);
        record.setProperty(AccessibilityCheckRecord.FINGERPRINT,
                AccessibilityCheckRecord.fingerprint(new PathMatchingResourcePatternResolver()));
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.ISO_8859_1)) {
            record.store(out, "The last axe-core check of every page that passed (AccessibilityBrowserTest)");
        }
    }

    /**
     * A clerk records their party's approval on the agreement's page with the keyboard alone (Selenium's keys, no
     * mouse): Tab from the top of the page reaches every field of the form in order, each focused element shows a
     * focus ring, Space sends the form; a refused one comes back with the focus on its summary of problems, whose link
     * takes the focus to the field; Enter sends it again, and the page that says it was recorded has the focus on
     * that notice.
     */
    @Test
    void aClerkRecordsAnApprovalWithTheKeyboardAlone() {
        Map<String, Object> draft = new HashMap<>(kantaHameDraft());
        draft.put("parties", List.of("municipality:109", "welfare-area:07"));
        draft.put("draftedOn", "2026-01-05");
        String id = created(post("/api/agreements", draft));
        String p = "approval-" + id + "-";
        signInAs(Visitor.CLERK);
        open("/ui/agreements/" + id + "?lang=fi");

        List<String> order = new ArrayList<>();
        for (int tab = 0; tab < 60 && !order.contains(p + "decisionBody"); tab++) {
            press(Keys.TAB);
            order.add(focused().getAttribute("id"));
            assertThat(focusRing(focused())).as("the focus ring of " + describe(focused())).isTrue();
        }
        assertThat(order.get(0)).as("the first Tab: the skip link").isEqualTo("skip");
        assertThat(order).as("Tab from the top reaches the form").contains(p + "decisionBody");
        focused().sendKeys("Kunnanhallitus");
        tabTo(p + "meetingDate");
        typeDate(LocalDate.of(2026, 4, 1)); // after today (2.3.2026): refused
        tabTo(p + "section");
        focused().sendKeys("§ 12");
        tabTo(p + "diaryNumber");
        focused().sendKeys("HML/77/00.04.01/2026");
        tabTo(p + "decisionText");
        focused().sendKeys("Hyväksytään sopimus.");
        press(Keys.TAB);
        assertThat(focused().getTagName()).isEqualTo("button");
        HeadlessChromium.awaitNextPage(browser, () -> press(Keys.SPACE));

        await().untilAsserted(() -> assertThat(focused().getAttribute("id")).isEqualTo(p + "errors"));
        assertThat(focused().getText()).contains("Kokouspäivä: Päivä on tulevaisuudessa");
        assertThat(browser.findElement(By.id(p + "meetingDate-error")).getText()).contains("2026-04-01");
        assertThat(browser.findElement(By.id(p + "section")).getAttribute("value")).isEqualTo("§ 12");
        press(Keys.TAB);
        assertThat(focused().getAttribute("href")).endsWith("#" + p + "meetingDate");
        press(Keys.ENTER);
        assertThat(focused().getAttribute("id")).isEqualTo(p + "meetingDate");
        typeDate(LocalDate.of(2026, 2, 20));
        HeadlessChromium.awaitNextPage(browser, () -> press(Keys.ENTER));

        await().untilAsserted(() -> assertThat(focused().getAttribute("id")).isEqualTo("recorded"));
        assertThat(focused().getText()).isEqualTo("Hyväksyntä tallennettu.");
        assertThat(browser.findElement(By.cssSelector("#grid tr[data-party='municipality:109']")).getText())
                .contains("Kunnanhallitus", "20.2.2026", "§ 12", "HML/77/00.04.01/2026");
        assertThat(browser.findElements(By.id(p + "decisionBody"))).as("nothing left to approve").isEmpty();
    }

    private void press(CharSequence key) {
        new Actions(browser).sendKeys(key).perform();
    }

    private WebElement focused() {
        return browser.switchTo().activeElement();
    }

    /** Tab until the element with this id has the focus: the next field, however many stops a date field has. */
    private void tabTo(String id) {
        for (int tab = 0; tab < 4 && !id.equals(focused().getAttribute("id")); tab++) {
            press(Keys.TAB);
        }
        assertThat(focused().getAttribute("id")).isEqualTo(id);
    }

    /** Types a date into the focused date field, its parts in the order the browser's locale shows them. */
    private void typeDate(LocalDate date) {
        @SuppressWarnings("unchecked")
        List<String> parts = (List<String>) ((JavascriptExecutor) browser).executeScript(
                "return new Intl.DateTimeFormat(navigator.language).formatToParts(new Date(2026, 0, 31))"
                        + ".filter(p => p.type !== 'literal').map(p => p.type);");
        for (String part : parts) {
            press(switch (part) {
                case "day" -> String.format("%02d", date.getDayOfMonth());
                case "month" -> String.format("%02d", date.getMonthValue());
                default -> String.valueOf(date.getYear());
            });
        }
        assertThat(focused().getAttribute("value")).isEqualTo(date.toString());
    }

    /** Whether the element draws a focus indicator: an outline or a ring of shadow. */
    private boolean focusRing(WebElement element) {
        return !"none".equals(element.getCssValue("outline-style")) && !element.getCssValue("outline-width").equals("0px")
                || !"none".equals(element.getCssValue("box-shadow"));
    }

    private static String describe(WebElement element) {
        return element.getTagName() + "#" + element.getAttribute("id") + " " + element.getText() + " (outline "
                + element.getCssValue("outline-style") + " " + element.getCssValue("outline-width") + ", shadow "
                + element.getCssValue("box-shadow") + ")";
    }

    /** Signs the browser out, and in as the visitor (once for all of its pages). */
    private void signInAs(Visitor visitor) {
        browser.manage().deleteAllCookies();
        if (visitor.user == null) {
            return;
        }
        open("/ui/login?lang=fi");
        browser.findElement(By.id("username")).sendKeys(visitor.user);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        submit(browser, By.cssSelector("main form button[type=submit]"));
        assertThat(browser.getCurrentUrl()).as("signed in as " + visitor).doesNotContain("/ui/login");
    }

    private void open(String path) {
        browser.get(url(path));
    }

    /** Clicks a button that sends a form, and waits for the page it leads to. */
    static void submit(WebDriver browser, By button) {
        HeadlessChromium.awaitNextPage(browser, () -> browser.findElement(button).click());
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    /**
     * A Kanta-Häme draft that Hämeenlinna has approved (its clerk sees the signature form) with an overdue review; a
     * two-party agreement in force at version 2 with version 3 proposed (the diffs, and the approval form); a statutory
     * negotiation of Kanta-Häme's county with an open measure.
     */
    private Fixture fixture() {
        Map<String, Object> draft = new HashMap<>(kantaHameDraft());
        draft.put("draftedOn", "2025-12-01");
        String draftId = created(post("/api/agreements", draft));
        accepted(post("/api/agreements/" + draftId + "/approvals", approval("municipality:109", 1, "2026-01-15")));
        accepted(post("/api/agreements/" + draftId + "/reviews", Map.of("dueBy", "2026-01-31",
                "responsibleBody", "Integraatiovaliokunta", "reason", "Yhteistyön arviointi")));

        Map<String, Object> twoParties = new HashMap<>(kantaHameDraft());
        twoParties.put("parties", List.of("municipality:109", "welfare-area:07"));
        twoParties.put("title", "Hämeenlinnan ja Kanta-Hämeen hyvinvointialueen yhteistyösopimus");
        String amended = created(post("/api/agreements", twoParties));
        for (String party : List.of("municipality:109", "welfare-area:07")) {
            accepted(post("/api/agreements/" + amended + "/approvals", approval(party, 1, "2025-10-01")));
            accepted(post("/api/agreements/" + amended + "/signatures", signature(party, 1, "2025-10-15")));
        }
        accepted(post("/api/agreements/" + amended + "/principles", Map.of("principles",
                List.of("Osapuolet sopivat yhteistyön muodoista vuosittain.", "Sopimusta arvioidaan vuosittain."),
                "rationale", "Vuosittainen arviointi", "proposedOn", "2025-11-01")));
        for (String party : List.of("municipality:109", "welfare-area:07")) {
            accepted(post("/api/agreements/" + amended + "/approvals", approval(party, 2, "2025-12-01")));
        }
        accepted(post("/api/agreements/" + amended + "/principles", Map.of("principles",
                List.of("Osapuolet sopivat yhteistyön muodoista vuosittain.", "Sopimus arvioidaan kahden vuoden välein."),
                "proposedOn", "2026-02-01")));

        ResponseEntity<String> negotiation = as(clerkOf("welfare-area:07")).post("/api/negotiations", Map.of(
                "welfareAreaId", "welfare-area:07", "parties", List.of("municipality:834"), "heldOn", "2025-10-02",
                "legalBases", List.of("611/2021 §14"),
                "measures", List.of(Map.of("text", "Tammelan kirjastoautoreittien yhteinen suunnitelma",
                        "responsiblePartyIds", List.of("municipality:834"), "dueBy", "2026-05-31"))));
        assertThat(negotiation.getStatusCode().value()).as(negotiation.getBody()).isEqualTo(201);
        return new Fixture(draftId, amended, "welfare-area:07");
    }

    private String created(ResponseEntity<String> response) {
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(201);
        return body(response).get("agreementId").asText();
    }

    private static void accepted(ResponseEntity<String> response) {
        assertThat(response.getStatusCode().is2xxSuccessful()).as(response.getBody()).isTrue();
    }
}
