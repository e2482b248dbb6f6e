package fi.agreementregistry.api.web;

import fi.agreementregistry.api.http.problem.ProblemWriter;
import fi.agreementregistry.api.security.PageHeaders;
import fi.agreementregistry.api.security.Role;
import fi.agreementregistry.api.security.SignInThrottle;
import fi.agreementregistry.api.security.SignInThrottleFilter;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;

import java.io.IOException;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * Sign-in for the web pages: a form and a session (with CSRF tokens on every form), for the same users and
 * roles as the API. Ordered before the API's stateless chain, which keeps every other URL as it was.
 * The pages call the API's controllers, so the party scope of a clerk is checked there, exactly as for the API.
 */
@ConditionalOnWebApplication
@Configuration(proxyBeanMethods = false)
public class UiSecurityConfiguration {

    private static final String[] READ_ROLES = {Role.CLERK.name(), Role.COMMITTEE.name(), Role.AUDITOR.name()};

    @Bean
    @Order(1)
    public SecurityFilterChain uiSecurity(HttpSecurity http, SignInThrottle throttle) throws Exception {
        http.securityMatcher(matched())
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/ui/login", "/ui/login/throttled", "/ui/forbidden", "/ui/ui.css", "/ui/ui.js", "/webjars/**").permitAll()
                        // The accessibility statement and its feedback form are for everyone (Act 306/2019), with the
                        // pages' session and CSRF token, so a signed-in reader stays signed in on it.
                        .requestMatchers(AccessibilityStatementController.PATHS.values().toArray(String[]::new)).permitAll()
                        .requestMatchers("/ui/admin", "/ui/admin/**").hasRole(Role.ADMIN.name())
                        .requestMatchers(HttpMethod.GET, "/ui/access", "/ui/access.csv").hasRole(Role.AUDITOR.name())
                        // Recording an approval or a signature is a clerk's, for their own party (PartyScope).
                        .requestMatchers(HttpMethod.POST, "/ui/agreements/*/approvals", "/ui/agreements/*/signatures")
                        .hasRole(Role.CLERK.name())
                        // Calendar subscriptions: anyone who reads reviews makes and removes their own.
                        .requestMatchers(HttpMethod.POST, "/ui/deadlines/calendar-feeds",
                                "/ui/deadlines/calendar-feeds/*/revoke").hasAnyRole(READ_ROLES)
                        .requestMatchers("/ui/agreements", "/ui/agreements/**", "/ui/deadlines", "/ui/history",
                                "/ui/history.csv", "/ui/party", "/ui/counties", "/ui/counties/*").hasAnyRole(READ_ROLES)
                        .requestMatchers(HttpMethod.GET, "/ui").authenticated()
                        .anyRequest().denyAll())
                .formLogin(form -> form.loginPage("/ui/login").defaultSuccessUrl("/ui", true).permitAll())
                .logout(logout -> logout.logoutUrl("/ui/logout").logoutSuccessUrl("/ui/login?logout"))
                .exceptionHandling(e -> e.accessDeniedHandler(UiSecurityConfiguration::denied))
                .headers(h -> h
                        // Scripts, styles and images only from the registry itself; no inline script (there is none).
                        .contentSecurityPolicy(csp -> csp.policyDirectives(PageHeaders.CONTENT_SECURITY_POLICY))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)))
                .addFilterBefore(new SignInThrottleFilter(throttle, UiSecurityConfiguration::formUser,
                        UiSecurityConfiguration::throttled), UsernamePasswordAuthenticationFilter.class);
        return http.build();
    }

    /** The addresses this chain answers: the pages, their static files and the accessibility statement. */
    private static String[] matched() {
        return Stream.concat(Stream.of("/ui", "/ui/**", "/webjars/**"),
                AccessibilityStatementController.PATHS.values().stream()).toArray(String[]::new);
    }

    /**
     * A refused request (no or a wrong CSRF token, or a role that may not): the forbidden page with 403, whatever
     * the method, or a problem for a client that asked for JSON.
     */
    private static void denied(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException, ServletException {
        if (!ProblemWriter.wantsHtml(request)) {
            ProblemWriter.write(response, ProblemWriter.problem(HttpStatus.FORBIDDEN, "forbidden", "Not allowed",
                    e instanceof CsrfException
                            ? "The form's security token is missing or belongs to another session; reload the page."
                            : "Your role may not " + request.getMethod() + " " + request.getRequestURI() + "."));
            return;
        }
        AccessDeniedHandlerImpl page = new AccessDeniedHandlerImpl();
        page.setErrorPage("/ui/forbidden");
        page.handle(request, response, e);
    }

    /**
     * The user name of a sign-in through the form, as the form login reads it (trimmed, none is ""), so that
     * "clerk " is held up exactly like "clerk".
     */
    static String formUser(HttpServletRequest request) {
        if (!HttpMethod.POST.matches(request.getMethod()) || !"/ui/login".equals(request.getServletPath())) {
            return null;
        }
        String user = request.getParameter("username");
        return user == null ? "" : user.trim();
    }

    /** A throttled sign-in: the form again with the wait (429), or a problem for a client that asked for JSON. */
    private static void throttled(HttpServletRequest request, HttpServletResponse response, Duration retryAfter)
            throws IOException, ServletException {
        if (!ProblemWriter.wantsHtml(request)) {
            SignInThrottleFilter.problem(request, response, retryAfter);
            return;
        }
        request.setAttribute(HomePageController.RETRY_AFTER, retryAfter);
        request.getRequestDispatcher("/ui/login/throttled").forward(request, response);
    }
}
