package fi.agreementregistry.api.security;

import fi.agreementregistry.api.http.problem.ProblemWriter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.www.BasicAuthenticationConverter;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Function;

/**
 * Refuses a sign-in attempt while {@link SignInThrottle} says its user or address must wait, before the password is
 * checked. One instance sits before HTTP Basic in the API's chain, one before the form login in the web interface's.
 */
public class SignInThrottleFilter extends OncePerRequestFilter {

    /** Writes the 429 answer; {@link #problem} for API clients. */
    @FunctionalInterface
    public interface Refusal {
        void write(HttpServletRequest request, HttpServletResponse response, Duration retryAfter)
                throws IOException, ServletException;
    }

    private final SignInThrottle throttle;
    private final Function<HttpServletRequest, String> attemptedUser;
    private final Refusal refusal;

    public SignInThrottleFilter(SignInThrottle throttle, Function<HttpServletRequest, String> attemptedUser,
                                Refusal refusal) {
        this.throttle = throttle;
        this.attemptedUser = attemptedUser;
        this.refusal = refusal;
    }

    /** The user name of an HTTP Basic attempt; null without one (or a malformed one, which Basic itself refuses). */
    public static String basicUser(HttpServletRequest request) {
        try {
            var attempt = new BasicAuthenticationConverter().convert(request);
            return attempt == null ? null : attempt.getName();
        } catch (AuthenticationException | IllegalArgumentException e) {
            return null;
        }
    }

    /** 429 as a problem, with Retry-After in seconds. */
    public static void problem(HttpServletRequest request, HttpServletResponse response, Duration retryAfter)
            throws IOException {
        long seconds = SignInThrottle.seconds(retryAfter);
        ProblemDetail problem = ProblemWriter.problem(HttpStatus.TOO_MANY_REQUESTS, "sign-in-throttled",
                "Too many failed sign-ins", "Too many failed sign-ins for this user name or from this address; "
                        + "try again in " + seconds + " seconds.");
        problem.setProperty("retryAfterSeconds", seconds);
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        ProblemWriter.write(response, problem);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String user = attemptedUser.apply(request);
        if (user != null) {
            var wait = throttle.retryAfter(user, request.getRemoteAddr());
            if (wait.isPresent()) {
                throttle.recordThrottled(user, request.getRemoteAddr(), wait.get());
                refusal.write(request, response, wait.get());
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
