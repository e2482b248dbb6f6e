package fi.agreementregistry.api.security;

import fi.agreementregistry.api.http.problem.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ShallowEtagHeaderFilter;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;

/**
 * The public register's own chain, before the web interface's and the API's: its pages and open data
 * ({@link PublicPaths}) are read without signing in, and nothing else is reachable through it. Only GET and HEAD
 * (anything else is 405); no authentication at all (credentials sent along are ignored, so a signed-in user reads
 * exactly what anyone reads); no session, so no cookie; the web interface's Content-Security-Policy.
 * A rate limit per client address ({@link PublicRateLimit}) answers 429 with Retry-After (a problem, or for a browser the
 * error page). Answers carry {@code Cache-Control: public, max-age} and an ETag of their content, so a client that
 * sends it back as {@code If-None-Match} gets 304 while nothing it shows has changed.
 */
@ConditionalOnWebApplication
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PublicAccessProperties.class)
public class PublicSecurityConfiguration {

    @Bean
    @Order(0)
    public SecurityFilterChain publicRegisterSecurity(HttpSecurity http, PublicRateLimit limit) throws Exception {
        http.securityMatcher(PublicPaths.MATCHERS)
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(HttpMethod.GET, PublicPaths.MATCHERS).permitAll()
                        .requestMatchers(HttpMethod.HEAD, PublicPaths.MATCHERS).permitAll()
                        .anyRequest().denyAll())
                // Nothing here changes anything (GET and HEAD only), and nothing is signed in: no tokens, no session.
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, refused) -> methodNotAllowed(response))
                        .accessDeniedHandler((request, response, refused) -> methodNotAllowed(response)))
                .headers(h -> h
                        // Spring Security forbids caching by default; these answers are public and cacheable.
                        .cacheControl(c -> c.disable())
                        .contentSecurityPolicy(csp -> csp.policyDirectives(PageHeaders.CONTENT_SECURITY_POLICY))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)))
                .addFilterBefore(new RateLimitFilter(limit), AuthorizationFilter.class);
        return http.build();
    }

    private static void methodNotAllowed(HttpServletResponse response) throws IOException {
        response.setHeader(HttpHeaders.ALLOW, "GET, HEAD");
        ProblemWriter.write(response, ProblemWriter.problem(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed",
                "Method not allowed", "The public register is read only: GET or HEAD."));
    }

    /** Cache-Control and the ETag of every public answer (after the security chain, so a 429 is neither). */
    @Bean
    public FilterRegistrationBean<PublicCaching> publicCaching(PublicAccessProperties properties) {
        FilterRegistrationBean<PublicCaching> registration =
                new FilterRegistrationBean<>(new PublicCaching(properties.cacheMaxAge()));
        registration.setUrlPatterns(Arrays.stream(PublicPaths.MATCHERS)
                .map(pattern -> pattern.replace("/**", "/*")).distinct().toList());
        return registration;
    }

    /**
     * Spring's ETag of the content (an MD5 of the body, 304 for a matching If-None-Match) with the cache lifetime: a
     * successful answer may be kept {@code registry.public.cache-max-age} by anyone; any other is not kept.
     */
    public static final class PublicCaching extends ShallowEtagHeaderFilter {

        private final String cacheControl;

        PublicCaching(Duration maxAge) {
            this.cacheControl = "public, max-age=" + maxAge.toSeconds();
        }

        @Override
        protected boolean isEligibleForEtag(HttpServletRequest request, HttpServletResponse response,
                                            int responseStatusCode, InputStream inputStream) {
            if (!response.isCommitted()) {
                boolean success = responseStatusCode >= 200 && responseStatusCode < 300;
                response.setHeader(HttpHeaders.CACHE_CONTROL, success ? cacheControl : "no-store");
            }
            return super.isEligibleForEtag(request, response, responseStatusCode, inputStream);
        }
    }

    /** Takes a token for each request; without one, 429 and how long to wait. */
    static final class RateLimitFilter extends OncePerRequestFilter {

        private final PublicRateLimit limit;

        RateLimitFilter(PublicRateLimit limit) {
            this.limit = limit;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            var wait = limit.take(request.getRemoteAddr());
            if (wait.isEmpty()) {
                chain.doFilter(request, response);
                return;
            }
            long seconds = SignInThrottle.seconds(wait.get());
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            if (ProblemWriter.wantsHtml(request)) {
                response.sendError(HttpStatus.TOO_MANY_REQUESTS.value());
                return;
            }
            ProblemDetail problem = ProblemWriter.problem(HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
                    "Too many requests", "Too many requests from this address; try again in " + seconds
                            + " seconds.");
            problem.setProperty("retryAfterSeconds", seconds);
            ProblemWriter.write(response, problem);
        }
    }
}
