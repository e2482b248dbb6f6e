package fi.agreementregistry.api.security;

import fi.agreementregistry.api.MutableClock;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The throttle's arithmetic, without a server: 5 failures per user per 15 minutes, 3 per address. */
class SignInThrottleTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
    private final SignInThrottle throttle = new SignInThrottle(new SignInThrottleProperties(
            new SignInThrottleProperties.Limit(5, Duration.ofMinutes(15)),
            new SignInThrottleProperties.Limit(3, Duration.ofMinutes(15))), clock, new SimpleMeterRegistry());

    private void fail(String user, String address) {
        UsernamePasswordAuthenticationToken attempt = UsernamePasswordAuthenticationToken.unauthenticated(user, "guess");
        attempt.setDetails(new WebAuthenticationDetails(address, null));
        throttle.onBadCredentials(new AuthenticationFailureBadCredentialsEvent(attempt, new BadCredentialsException("no")));
    }

    @Test
    void failuresThatSlippedPastTheCheckTogetherLengthenTheWait() {
        // Eight parallel guesses all passed the check before any failed: three more than allowed.
        for (int i = 0; i < 8; i++) {
            fail("clerk", "10.0.0." + i);
        }
        // The bucket is 3 tokens in debt: 4 tokens to refill, one per 3 minutes.
        assertThat(throttle.retryAfter("clerk", "10.0.1.1")).hasValue(Duration.ofMinutes(12));
        clock.advance(Duration.ofMinutes(12));
        assertThat(throttle.retryAfter("clerk", "10.0.1.1")).isEmpty();
    }

    @Test
    void anIpv6ClientIsCountedByItsSlash64Network() {
        fail("a", "2001:db8:1:2::a");
        fail("b", "2001:db8:1:2:ffff::b");
        fail("c", "2001:db8:1:2:0:0:0:c");

        assertThat(throttle.retryAfter("d", "2001:db8:1:2::d")).hasValue(Duration.ofMinutes(5));
        assertThat(throttle.retryAfter("d", "2001:db8:1:3::d")).isEmpty();
        assertThat(throttle.retryAfter("d", "10.0.0.1")).isEmpty();
    }

    @Test
    void addressKeys() {
        assertThat(SignInThrottle.addressKey("192.0.2.7")).isEqualTo("192.0.2.7");
        assertThat(SignInThrottle.addressKey("2001:db8::1")).isEqualTo(SignInThrottle.addressKey("2001:0db8:0:0:1::2"));
        assertThat(SignInThrottle.addressKey("not:an:address")).isEqualTo("not:an:address");
    }

    @Test
    void retryAfterIsWholeSecondsRoundedUp() {
        assertThat(SignInThrottle.seconds(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(SignInThrottle.seconds(Duration.ofMillis(179_001))).isEqualTo(180);
        assertThat(SignInThrottle.seconds(Duration.ofSeconds(180))).isEqualTo(180);
    }
}
