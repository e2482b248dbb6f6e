package fi.agreementregistry.api.accesslog;

import fi.agreementregistry.api.http.CorrelationIdFilter;
import fi.agreementregistry.api.security.CurrentUser;
import fi.agreementregistry.api.security.PublicPaths;
import fi.agreementregistry.api.security.RegistryUser;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes an access log entry for every request to the API, the web interface and the calendar feeds (static files,
 * health and the API description aside), after its response is decided, whether it was allowed or refused. Runs
 * before Spring Security (so a 401 or 403 is seen too) and after the correlation id; who the caller was comes from
 * the security context the request was authenticated with. A refused sign-in names the user name that was tried
 * (with no role: it is not a verified identity).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class AccessLogFilter extends OncePerRequestFilter {

    /**
     * A request attribute naming what a request without a path variable {@code id} was about, when its path must not
     * be logged (a calendar feed's address holds its secret token): e.g. {@code calendar-feed:<id>}.
     */
    public static final String TARGET = AccessLogFilter.class.getName() + ".target";
    /**
     * A request attribute holding the {@link RegistryUser} a request without a sign-in read for (a calendar feed is
     * read with its owner's rights), so the log names whose data was disclosed.
     */
    public static final String READ_FOR = AccessLogFilter.class.getName() + ".readFor";

    private static final Pattern AGREEMENT_PATH = Pattern.compile("/(?:api|ui)/agreements/([^/?]+).*");

    private final AccessLog log;
    private final Clock clock;
    /** What recording costs a request (building the entry and queueing it): the benchmark reports it. */
    private final Timer recording;

    public AccessLogFilter(AccessLog log, Clock clock, MeterRegistry meters) {
        this.log = log;
        this.clock = clock;
        this.recording = Timer.builder("registry.accesslog.record")
                .description("Time a request spends handing its access log entry to the writer")
                .publishPercentiles(0.5, 0.99).register(meters);
    }

    /**
     * The public register's pages and open data ({@link PublicPaths}) are not logged either: they disclose nothing
     * personal, and an entry would keep each reader's address for the retention time for no purpose.
     */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean logged = path.startsWith("/api/") || path.startsWith("/ui") || path.startsWith("/calendar/");
        return !logged || PublicPaths.isPublic(path) || path.startsWith("/ui/static/")
                || path.matches("/ui/.*\\.(css|js|png|svg|ico|woff2?)");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } finally {
            long started = System.nanoTime();
            int status = response.getStatus();
            Optional<RegistryUser> user = userOf(request);
            log.record(new AccessEntry(clock.instant(),
                    user.map(RegistryUser::userId).orElseGet(() -> triedUserName(request)),
                    user.map(u -> u.role().name()).orElse(null),
                    user.map(RegistryUser::partyId).map(Object::toString).orElse(null),
                    request.getMethod() + " " + route(request), target(request, response), AccessEntry.outcomeOf(status),
                    status,
                    CorrelationIdFilter.current().orElse(null), request.getRemoteAddr()));
            recording.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    /** The authenticated user: from the request's security context, or the web interface's session. */
    private static Optional<RegistryUser> userOf(HttpServletRequest request) {
        if (request.getAttribute(READ_FOR) instanceof RegistryUser owner) {
            return Optional.of(owner);
        }
        Object context = request.getAttribute(RequestAttributeSecurityContextRepository.DEFAULT_REQUEST_ATTR_NAME);
        if (context == null) {
            HttpSession session = request.getSession(false);
            context = session == null ? null
                    : session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
        }
        return context instanceof SecurityContext security ? CurrentUser.of(security.getAuthentication())
                : Optional.empty();
    }

    /** The user name of an HTTP Basic attempt that did not sign in (never the password). */
    private static String triedUserName(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            String name = colon < 0 ? decoded : decoded.substring(0, colon);
            return name.isBlank() ? null : name.substring(0, Math.min(name.length(), 200));
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    /** The route the request matched ({@code /api/agreements/{id}/history}), or its path when it matched none. */
    private static String route(HttpServletRequest request) {
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return pattern instanceof String matched && !matched.equals("/**") ? matched : withoutSecrets(path);
    }

    /** A calendar feed's path holds its secret token, which the log never keeps, even of a request that failed. */
    private static String withoutSecrets(String path) {
        return path.startsWith("/calendar/") ? "/calendar/{token}" : path;
    }

    /** The agreement the request is about (a draft's: the one it created), or its path. */
    private static String target(HttpServletRequest request, HttpServletResponse response) {
        if (request.getAttribute(TARGET) instanceof String named) {
            return named;
        }
        Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        if (variables instanceof Map<?, ?> map && map.get("id") instanceof String id) {
            return id;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String created = response.getHeader(HttpHeaders.LOCATION);
        Matcher agreement = AGREEMENT_PATH.matcher(created != null && created.startsWith("/api/agreements/")
                ? created : path);
        if (agreement.matches()) {
            return agreement.group(1);
        }
        if (path.startsWith("/calendar/")) {
            return withoutSecrets(path);
        }
        String query = request.getQueryString();
        return query == null ? path : path + "?" + query;
    }
}
