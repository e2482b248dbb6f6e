package fi.agreementregistry.api.web;

import fi.agreementregistry.api.RegistryHttpTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.openqa.selenium.WebDriver;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A test of the pages in a real headless Chromium ({@link HeadlessChromium}): one browser for each test class, started
 * before its tests and closed after them; the class is skipped, with a message saying how to install the browser,
 * where none is installed.
 */
abstract class BrowserTest extends RegistryHttpTest {

    static HeadlessChromium chromium;
    static WebDriver browser;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startBrowser() throws Exception {
        chromium = HeadlessChromium.start("browser-test");
        browser = chromium.browser();
    }

    @AfterAll
    static void stopBrowser() {
        if (chromium != null) {
            chromium.close();
            chromium = null;
        }
    }
}
