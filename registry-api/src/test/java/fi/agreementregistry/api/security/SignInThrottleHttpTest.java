package fi.agreementregistry.api.security;

import fi.agreementregistry.api.MutableClock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.verify;

/**
 * Issue 13, section 4: guessing passwords costs time. After the allowed failures for a user name (or from one
 * address) every attempt, even with the right password, is 429 with Retry-After until the allowance refills; time
 * is the application's clock, moved by the test. Its own application context (a clock it can move, a spy on the
 * password encoder), so the shared one's sign-ins are never throttled by these failures.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "registry.embedded.backend=memory",
        "registry.security.sign-in-throttle.per-user.failures=5",
        "registry.security.sign-in-throttle.per-user.period=PT15M",
        "registry.security.sign-in-throttle.per-address.failures=12",
        "registry.security.sign-in-throttle.per-address.period=PT15M"})
@ActiveProfiles("test")
@ExtendWith(OutputCaptureExtension.class)
class SignInThrottleHttpTest {

    private static final String PASSWORD = "test";
    private static final String CLERK = "clerk-municipality-109";

    @TestConfiguration
    static class MovableClock {
        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    MeterRegistry meters;

    @MockitoSpyBean
    PasswordEncoder passwordEncoder;

    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final ObjectMapper json = new ObjectMapper();

    /** Every test starts with full allowances: a day later, every bucket has refilled. */
    @BeforeEach
    void aDayLater() {
        clock.advance(Duration.ofDays(1));
    }

    @Test
    void afterFiveWrongPasswordsEvenTheRightOneWaitsThenWorksOnceTheAllowanceRefills(CapturedOutput log) throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(basic(CLERK, "guess-" + i).statusCode()).isEqualTo(401);
        }
        double throttledBefore = refusals("throttled");

        HttpResponse<String> throttled = basic(CLERK, "guess-5");
        HttpResponse<String> rightPassword = basic(CLERK, PASSWORD);

        for (HttpResponse<String> response : java.util.List.of(throttled, rightPassword)) {
            assertThat(response.statusCode()).isEqualTo(429);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            JsonNode problem = json.readTree(response.body());
            assertThat(problem.get("type").asText()).isEqualTo("/problems/sign-in-throttled");
            // 5 failures per 15 minutes: one more attempt every 3 minutes.
            assertThat(response.headers().firstValue("Retry-After")).hasValue("180");
            assertThat(problem.get("retryAfterSeconds").asLong()).isEqualTo(180);
        }
        assertThat(refusals("throttled")).as("each throttled attempt is recorded").isEqualTo(throttledBefore + 2);
        assertThat(log.getOut()).contains("Sign-in failed: wrong user name or password for user '" + CLERK + "'")
                .contains("Sign-in refused, too many failures: user '" + CLERK + "'");

        clock.advance(Duration.ofSeconds(179));
        assertThat(basic(CLERK, PASSWORD).statusCode()).isEqualTo(429);
        assertThat(basic(CLERK, PASSWORD).headers().firstValue("Retry-After")).hasValue("1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(basic(CLERK, PASSWORD).statusCode()).isEqualTo(200);
    }

    @Test
    void anotherUserIsNotHeldUpByOnesFailures() throws Exception {
        for (int i = 0; i < 5; i++) {
            basic(CLERK, "guess-" + i);
        }
        assertThat(basic(CLERK, PASSWORD).statusCode()).isEqualTo(429);
        assertThat(basic("auditor", PASSWORD).statusCode()).isEqualTo(200);
    }

    @Test
    void anUnknownUserIsThrottledExactlyLikeAKnownOne() throws Exception {
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> unknown = basic("no-such-user", "guess-" + i);
            HttpResponse<String> known = basic(CLERK, "guess-" + i);
            assertThat(unknown.statusCode()).isEqualTo(known.statusCode()).isEqualTo(401);
            assertThat(unknown.body()).isEqualTo(known.body());
        }
        HttpResponse<String> unknown = basic("no-such-user", "guess");
        HttpResponse<String> known = basic(CLERK, "guess");
        assertThat(unknown.statusCode()).isEqualTo(known.statusCode()).isEqualTo(429);
        assertThat(unknown.body()).isEqualTo(known.body());
        assertThat(unknown.headers().firstValue("Retry-After")).isEqualTo(known.headers().firstValue("Retry-After"));
    }

    @Test
    void anUnknownUsersPasswordIsCheckedAgainstAHashOfTheSameCostAsAKnownUsers() throws Exception {
        clearInvocations(passwordEncoder);
        basic("no-such-user", "guess");
        ArgumentCaptor<String> unknownHash = ArgumentCaptor.forClass(String.class);
        verify(passwordEncoder, atLeastOnce()).matches(any(), unknownHash.capture());

        clearInvocations(passwordEncoder);
        basic(CLERK, "guess");
        ArgumentCaptor<String> knownHash = ArgumentCaptor.forClass(String.class);
        verify(passwordEncoder, atLeastOnce()).matches(any(), knownHash.capture());

        // The test users' hashes have cost 4: the stand-in hash for unknown users must too, or it takes longer.
        assertThat(knownHash.getValue()).startsWith("$2a$04$");
        assertThat(unknownHash.getValue()).startsWith("$2a$04$");
    }

    @Test
    void sprayingManyUserNamesFromOneAddressIsThrottledPerAddress() throws Exception {
        for (int i = 0; i < 12; i++) {
            assertThat(basic("sprayed-" + i, "guess").statusCode()).isEqualTo(401);
        }
        HttpResponse<String> next = basic("auditor", PASSWORD);
        assertThat(next.statusCode()).isEqualTo(429);
        // 12 per 15 minutes: one more every 75 seconds.
        assertThat(next.headers().firstValue("Retry-After")).hasValue("75");
        clock.advance(Duration.ofSeconds(75));
        assertThat(basic("auditor", PASSWORD).statusCode()).isEqualTo(200);
    }

    @Test
    void theWebFormIsThrottledTooAndSaysHowLongToWait() throws Exception {
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> failed = formLogin(CLERK, "guess-" + i);
            assertThat(failed.statusCode()).isEqualTo(302);
            assertThat(failed.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/ui/login?error"));
        }
        HttpResponse<String> throttled = formLogin(CLERK, PASSWORD);

        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(throttled.headers().firstValue("Retry-After")).hasValue("180");
        assertThat(throttled.body()).contains("Liian monta epäonnistunutta kirjautumista. Yritä uudelleen 3 min kuluttua.");

        clock.advance(Duration.ofMinutes(3));
        HttpResponse<String> signedIn = formLogin(CLERK, PASSWORD);
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/ui"));
    }

    @Test
    void spacesAroundTheUserNameInTheFormDoNotGetPastTheThrottle() throws Exception {
        for (int i = 0; i < 5; i++) {
            formLogin(CLERK, "guess-" + i);
        }
        // The form login trims the name, so " clerk " is the same account and must be the same allowance.
        assertThat(formLogin(" " + CLERK + " ", "guess-5").statusCode()).isEqualTo(429);
    }

    @Test
    void failuresThroughTheFormAndThroughBasicShareOneAllowance() throws Exception {
        for (int i = 0; i < 3; i++) {
            formLogin(CLERK, "guess-" + i);
        }
        basic(CLERK, "guess-3");
        basic(CLERK, "guess-4");
        assertThat(basic(CLERK, PASSWORD).statusCode()).isEqualTo(429);
        assertThat(formLogin(CLERK, PASSWORD).statusCode()).isEqualTo(429);
    }

    private double refusals(String reason) {
        var counter = meters.find("registry.sign-in.refusals").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private HttpResponse<String> basic(String user, String password) throws IOException, InterruptedException {
        String credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return client.send(HttpRequest.newBuilder(uri("/api/parties/municipality:109"))
                .header("Authorization", "Basic " + credentials).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Opens the sign-in page (a session and its CSRF token), then posts the form as a browser does. */
    private HttpResponse<String> formLogin(String user, String password) throws IOException, InterruptedException {
        HttpResponse<String> page = client.send(HttpRequest.newBuilder(uri("/ui/login")).header("Accept", "text/html")
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        String session = page.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(csrf.find()).as(page.body()).isTrue();
        String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8)
                + "&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        return client.send(HttpRequest.newBuilder(uri("/ui/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
                .header("Cookie", session)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
