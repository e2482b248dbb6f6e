package fi.agreementregistry.api.security;

import fi.agreementregistry.api.http.problem.ProblemWriter;

import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** Page or problem: only a browser asking for HTML gets a page, and never under /api. */
class ProblemWriterTest {

    private static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    private static boolean wantsHtml(String path, String accept) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        if (accept != null) {
            request.addHeader("Accept", accept);
        }
        return ProblemWriter.wantsHtml(request);
    }

    @Test
    void aBrowserGetsAPage() {
        assertThat(wantsHtml("/ui/party", BROWSER)).isTrue();
        assertThat(wantsHtml("/ui/party", "text/*")).isTrue();
    }

    @Test
    void everyOtherClientGetsAProblem() {
        assertThat(wantsHtml("/ui/party", null)).as("no Accept").isFalse();
        assertThat(wantsHtml("/ui/party", "*/*")).as("curl").isFalse();
        assertThat(wantsHtml("/ui/party", "application/json")).isFalse();
        assertThat(wantsHtml("/ui/party", "application/json, text/html;q=0.5")).isFalse();
        assertThat(wantsHtml("/ui/party", "not a media type")).isFalse();
        assertThat(wantsHtml("/api/agreements", BROWSER)).as("the API always answers problems").isFalse();
    }

    @Test
    void onAnErrorDispatchTheOriginalAddressCounts() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
        request.addHeader("Accept", BROWSER);
        request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/api/agreements/x");
        assertThat(ProblemWriter.wantsHtml(request)).isFalse();
    }
}
