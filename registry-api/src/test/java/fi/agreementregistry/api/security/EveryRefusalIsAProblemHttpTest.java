package fi.agreementregistry.api.security;

import com.fasterxml.jackson.databind.JsonNode;
import fi.agreementregistry.api.RegistryHttpTest;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, section 6: whatever refuses a request (Tomcat before Spring sees it, Spring Security, the error path
 * itself) answers with a problem document, or for a browser asking for HTML the web interface's error page; and
 * the web interface sends its security headers. Raw sockets, because an HTTP client would refuse to send (or would
 * repair) these requests.
 */
class EveryRefusalIsAProblemHttpTest extends RegistryHttpTest {

    @LocalServerPort
    int port;

    record Raw(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    record Case(String name, String requestHead) {
    }

    private static List<Case> malformed(String accept) {
        String basic = "Authorization: Basic YXVkaXRvcjp0ZXN0\r\n"; // auditor:test
        StringBuilder manyHeaders = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            manyHeaders.append("X-Filler-").append(i).append(": ").append(i).append("\r\n");
        }
        return List.of(
                new Case("%2f in the path", "GET /api/agreements/a%2fb HTTP/1.1\r\n" + basic),
                new Case("%00 in the path", "GET /api/agreements/a%00b HTTP/1.1\r\n" + basic),
                new Case("%5c in the path", "GET /api/agreements/a%5cb HTTP/1.1\r\n" + basic),
                new Case("a request line over 8 KB", "GET /api/agreements?title=" + "x".repeat(9000) + " HTTP/1.1\r\n" + basic),
                new Case("500 headers", "GET /api/agreements HTTP/1.1\r\n" + basic + manyHeaders),
                new Case("a 64 KB header", "GET /api/agreements HTTP/1.1\r\n" + basic + "X-Big: " + "y".repeat(64 * 1024) + "\r\n"),
                new Case("a control character in X-Correlation-Id",
                        "GET /api/agreements HTTP/1.1\r\n" + basic + "X-Correlation-Id: abc\u0001def\r\n"))
                // Accept right after the request line: Tomcat has read it before it finds what is wrong further on.
                .stream().map(c -> new Case(c.name(), c.requestHead().replaceFirst("\r\n", "\r\n" + accept)
                        + "Host: localhost\r\nConnection: close\r\n"))
                .toList();
    }

    @TestFactory
    List<DynamicTest> requestsTomcatRefusesAreProblemDocuments() {
        return malformed("Accept: application/json\r\n").stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Raw response = send(c.requestHead());
            assertThat(response.status()).as(response.body()).isEqualTo(400);
            assertThat(response.header("Content-Type")).as(response.body()).isEqualTo("application/problem+json");
            JsonNode problem = json.readTree(response.body());
            assertThat(problem.get("status").asInt()).isEqualTo(400);
            assertThat(problem.get("title").asText()).isNotBlank();
            assertThat(problem.get("detail").asText()).isNotBlank();
            assertThat(response.body()).doesNotContain("Tomcat", "Exception");
        })).toList();
    }

    @TestFactory
    List<DynamicTest> aBrowserGetsAPageForThem() {
        return malformed("Accept: text/html,application/xhtml+xml,*/*;q=0.8\r\n").stream()
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> {
                    Raw response = send(c.requestHead().replace("/api/agreements", "/ui/agreements"));
                    assertThat(response.status()).as(response.body()).isEqualTo(400);
                    if (c.name().startsWith("a request line")) {
                        // Refused before Tomcat reads any header: nothing says it is a browser, so a problem.
                        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
                        return;
                    }
                    assertThat(response.header("Content-Type")).startsWith("text/html");
                    assertThat(response.body()).contains("<html", "/ui/ui.css", "Virheellinen pyyntö")
                            .doesNotContain("Tomcat", "Exception");
                })).toList();
    }

    @Test
    void theErrorPathItselfIsNotFoundNotA500() throws IOException {
        Raw api = send("GET /error HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\nConnection: close\r\n");
        assertThat(api.status()).as(api.body()).isEqualTo(404);
        assertThat(api.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(json.readTree(api.body()).get("status").asInt()).isEqualTo(404);

        Raw browser = send("GET /error HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\nConnection: close\r\n");
        assertThat(browser.status()).as(browser.body()).isEqualTo(404);
        assertThat(browser.header("Content-Type")).startsWith("text/html");
    }

    @Test
    void anUnknownAddressIsAProblemForTheApiAndAPageForABrowser() throws IOException {
        Raw api = send("GET /nothing-here HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YXVkaXRvcjp0ZXN0\r\n"
                + "Connection: close\r\n");
        assertThat(api.status()).as(api.body()).isEqualTo(404);
        assertThat(api.header("Content-Type")).isEqualTo("application/problem+json");
    }

    // ---- the web interface: CSRF and role refusals, security headers ----

    private final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final String HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    /** A signed-in browser session: its cookie and a CSRF token of one of its pages. */
    record Session(String cookie, String csrf) {
    }

    private Session signIn(String user) throws IOException, InterruptedException {
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(uri("/ui/login")).header("Accept", HTML).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        String cookie = cookie(page);
        HttpResponse<String> signedIn = browser.send(HttpRequest.newBuilder(uri("/ui/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", HTML)
                .header("Cookie", cookie)
                .POST(form("username", user, "password", PASSWORD, "_csrf", csrf(page))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(302);
        cookie = cookie(signedIn);
        HttpResponse<String> home = browser.send(HttpRequest.newBuilder(uri("/ui/agreements")).header("Accept", HTML)
                .header("Cookie", cookie).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(home.statusCode()).as(home.body()).isEqualTo(200);
        return new Session(cookie, csrf(home));
    }

    private HttpResponse<String> postAs(Session session, String path, String accept, String... fields)
            throws IOException, InterruptedException {
        return browser.send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", accept)
                .header("Cookie", session.cookie()).POST(form(fields)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aFormWithoutACsrfTokenIsRefusedWithTheForbiddenPage() throws Exception {
        Session clerk = signIn(clerkOf("municipality:109"));
        String id = draftKantaHame();

        HttpResponse<String> noToken = postAs(clerk, "/ui/agreements/" + id + "/approvals", HTML,
                "partyId", "municipality:109", "version", "1");

        assertThat(noToken.statusCode()).as(noToken.body()).isEqualTo(403);
        assertThat(noToken.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(noToken.body()).contains("Ei sallittu").doesNotContain("not supported");
        assertThat(storedEventCount(id)).as("nothing recorded").isEqualTo(1);
    }

    @Test
    void anotherSessionsCsrfTokenIsRefused() throws Exception {
        Session clerk = signIn(clerkOf("municipality:109"));
        Session other = signIn(clerkOf("municipality:109"));
        String id = draftKantaHame();

        HttpResponse<String> stolen = postAs(clerk, "/ui/agreements/" + id + "/approvals", HTML,
                "partyId", "municipality:109", "version", "1", "_csrf", other.csrf());

        assertThat(stolen.statusCode()).as(stolen.body()).isEqualTo(403);
        assertThat(stolen.body()).contains("Ei sallittu");
        assertThat(storedEventCount(id)).isEqualTo(1);
    }

    @Test
    void aClerkPostingToAnAdminPageGetsTheForbiddenPageAndAnApiClientAProblem() throws Exception {
        Session clerk = signIn(clerkOf("municipality:109"));

        HttpResponse<String> page = postAs(clerk, "/ui/admin/consistency/repair", HTML, "_csrf", clerk.csrf());
        assertThat(page.statusCode()).as(page.body()).isEqualTo(403);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("Ei sallittu");

        HttpResponse<String> problem = postAs(clerk, "/ui/admin/consistency/repair", "application/json", "_csrf", clerk.csrf());
        assertThat(problem.statusCode()).as(problem.body()).isEqualTo(403);
        assertThat(problem.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json.readTree(problem.body()).get("status").asInt()).isEqualTo(403);
    }

    @Test
    void theWebInterfaceSendsItsSecurityHeadersAndALaxSessionCookie() throws Exception {
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(uri("/ui/login")).header("Accept", HTML).GET()
                .build(), HttpResponse.BodyHandlers.ofString());

        String csp = login.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(login.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(login.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
        assertThat(login.headers().firstValue("Set-Cookie")).hasValueSatisfying(c ->
                assertThat(c).startsWith("JSESSIONID=").contains("HttpOnly", "SameSite=Lax"));
        // No inline script for the policy to block: every script is a file of the registry's own.
        assertThat(login.body()).doesNotContainPattern("<script(?![^>]*\\ssrc=)[^>]*>");
    }

    private static HttpRequest.BodyPublisher form(String... fields) {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < fields.length; i += 2) {
            if (!form.isEmpty()) {
                form.append('&');
            }
            form.append(URLEncoder.encode(fields[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
        }
        return HttpRequest.BodyPublishers.ofString(form.toString());
    }

    private static String cookie(HttpResponse<?> response) {
        return response.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
    }

    private static String csrf(HttpResponse<String> page) {
        Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(token.find()).as(page.body()).isTrue();
        return token.group(1);
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private Raw send(String head) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write((head + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (SocketException e) {
                // The server may answer and close before it has read all of an oversized request: read its answer.
            }
            return parse(readAll(socket.getInputStream()));
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) != -1; ) {
                bytes.write(buffer, 0, n);
            }
        } catch (SocketException e) {
            // a reset after the answer: keep what arrived
        }
        return bytes.toByteArray();
    }

    private static Raw parse(byte[] bytes) {
        // Latin-1 keeps one char per byte, so chunk sizes (in bytes) can be followed; the body is UTF-8 after.
        String raw = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = raw.indexOf("\r\n\r\n");
        assertThat(end).as("an HTTP answer: " + raw).isPositive();
        String[] lines = raw.substring(0, end).split("\r\n");
        Matcher status = Pattern.compile("HTTP/1\\.1 (\\d{3}).*").matcher(lines[0]);
        assertThat(status.matches()).as(lines[0]).isTrue();
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        String body = raw.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = unchunk(body);
        }
        return new Raw(Integer.parseInt(status.group(1)), headers,
                new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }

    private static String unchunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
        return body.toString();
    }
}
