package fi.agreementregistry.api.web;

import com.fasterxml.jackson.databind.JsonNode;
import fi.agreementregistry.api.RegistryHttpTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

import java.io.IOException;
import java.net.CookieManager;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The accessibility statement (Act 306/2019) at its address in each language, for anyone without signing in, linked
 * from the pages; its feedback form, whose messages only administrators read (the admin page and
 * {@code GET /api/admin/accessibility-feedback}); the form's limit per client address. Its own context: the limit is
 * set low ({@code per-address: 3}) and nothing else sends feedback into it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestPropertySource(properties = {"registry.accessibility.feedback.per-address=3",
        "registry.accessibility.provider=Kanta-Hämeen hyvinvointialue",
        "registry.accessibility.authority.email=saavutettavuus@traficom.example"})
class AccessibilityStatementHttpTest extends RegistryHttpTest {

    @LocalServerPort
    int port;

    private String root() {
        return "http://localhost:" + port;
    }

    /** A visitor who has not signed in: a browser with cookies (the form's CSRF token lives in its session). */
    private PageSession visitor() {
        return new PageSession(HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build(), root());
    }

    @Test
    void theStatementIsForEveryoneInEachLanguageAtItsOwnAddress() throws Exception {
        Map<String, String[]> expected = Map.of(
                "/saavutettavuus", new String[]{"lang=\"fi\"", "Saavutettavuusseloste", "Traficom",
                        "https://www.saavutettavuusvaatimukset.fi", "saavutettavuus@traficom.example",
                        "Kanta-Hämeen hyvinvointialue", "306/2019"},
                "/tillganglighet", new String[]{"lang=\"sv\"", "Tillgänglighetsutlåtande", "Traficom",
                        "https://www.tillganglighetskrav.fi"},
                "/accessibility", new String[]{"lang=\"en\"", "Accessibility statement", "Traficom",
                        "https://www.webaccessibility.fi"});
        for (Map.Entry<String, String[]> page : expected.entrySet()) {
            HttpResponse<String> statement = visitor().get(page.getKey());
            assertThat(statement.statusCode()).as(page.getKey()).isEqualTo(200);
            assertThat(statement.body()).as(page.getKey()).contains(page.getValue())
                    // conformance, what does not conform, how it was assessed, the feedback form, the authority
                    .contains("id=\"conformance\"", "id=\"a11y-gaps\"", "id=\"last-check\"", "id=\"feedback-message\"",
                            "id=\"authority\"");
        }
        // Every signed-in page links to it in the page's language, as does the public register.
        PageSession committee = PageSession.signIn(root(), COMMITTEE, PASSWORD);
        assertThat(committee.get("/ui/agreements?lang=sv").body()).contains("href=\"/tillganglighet\"");
        assertThat(visitor().get("/public").body()).contains("href=\"/accessibility\"");
        assertThat(visitor().get("/ui/login?lang=fi").body()).contains("href=\"/saavutettavuus\"");
    }

    @Test
    void feedbackIsCheckedThenStoredAndOnlyAdministratorsReadIt() throws Exception {
        PageSession visitor = visitor();
        HttpResponse<String> empty = visitor.post("/tillganglighet", Map.of("message", " ", "email", "not an address"),
                "/tillganglighet");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("class=\"error-summary\"", "feedback-message-error", "feedback-email-error",
                "aria-invalid=\"true\"", "lang=\"sv\"");

        String text = "Tidslinjens siffror är små " + UUID.randomUUID();
        HttpResponse<String> sent = visitor.post("/tillganglighet", Map.of("message", text,
                "email", "lasare@example.fi", "page", "/ui/deadlines"), "/tillganglighet");
        assertThat(sent.statusCode()).isEqualTo(302);
        assertThat(sent.headers().firstValue("Location").orElseThrow()).endsWith("/tillganglighet#feedback");
        assertThat(visitor.get("/tillganglighet").body()).contains("id=\"feedback-sent\"");

        JsonNode listed = body(as(ADMIN).get("/api/admin/accessibility-feedback"));
        assertThat(listed.get("total").asLong()).isPositive();
        JsonNode message = null;
        for (JsonNode m : listed.get("messages")) {
            message = text.equals(m.get("message").asText()) ? m : message;
        }
        assertThat(message).as("the message sent, among " + listed).isNotNull();
        assertThat(message.get("email").asText()).isEqualTo("lasare@example.fi");
        assertThat(message.get("page").asText()).isEqualTo("/ui/deadlines");
        assertThat(message.get("language").asText()).isEqualTo("sv");
        assertThat(message.has("receivedAt")).isTrue();
        assertThat(PageSession.signIn(root(), ADMIN, PASSWORD).get("/ui/admin").body())
                .contains("id=\"accessibility-feedback\"", text.substring(0, 20));

        for (String reader : new String[]{COMMITTEE, AUDITOR, "clerk-municipality-109"}) {
            assertThat(as(reader).get("/api/admin/accessibility-feedback").getStatusCode().value()).as(reader)
                    .isEqualTo(403);
        }
        assertThat(anonymous().get("/api/admin/accessibility-feedback").getStatusCode().value()).isEqualTo(401);
    }

    @Test
    @Order(Integer.MAX_VALUE) // last: it uses up the address's messages for the hour
    void aClientAddressMaySendOnlySoManyMessagesAnHour() throws Exception {
        long before = body(as(ADMIN).get("/api/admin/accessibility-feedback")).get("total").asLong();
        PageSession visitor = visitor();
        HttpResponse<String> last = null;
        int accepted = 0;
        for (int i = 0; i < 4; i++) {
            last = visitor.post("/accessibility", Map.of("message", "Message " + i), "/accessibility");
            if (last.statusCode() == 302) {
                accepted++;
            }
        }
        // The feedback test sent one from the same address before: 3 an hour in all.
        assertThat(accepted).isLessThanOrEqualTo(3);
        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(last.headers().firstValue("Retry-After").orElseThrow()).matches("[1-9][0-9]*");
        assertThat(last.body()).contains("class=\"error-summary\"", "try again later");
        ResponseEntity<String> after = as(ADMIN).get("/api/admin/accessibility-feedback");
        assertThat(body(after).get("total").asLong()).isEqualTo(before + accepted);
    }

    @Test
    void theProcessorTableIsServedAloneForTheAdminPageToRefreshItself() throws IOException, InterruptedException {
        HttpResponse<String> table = PageSession.signIn(root(), ADMIN, PASSWORD).get("/ui/admin/processors");
        assertThat(table.statusCode()).isEqualTo(200);
        assertThat(table.body()).startsWith("<table id=\"processors\"")
                .contains("data-refresh-url=\"/ui/admin/processors\"", "data-replaying=\"false\"",
                        "data-cell=\"state\"");
        assertThat(PageSession.signIn(root(), COMMITTEE, PASSWORD).get("/ui/admin/processors").statusCode())
                .isEqualTo(403);
    }
}
