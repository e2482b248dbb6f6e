package fi.agreementregistry.api.idempotency;

import fi.agreementregistry.api.http.CorrelationIdFilter;
import fi.agreementregistry.api.http.RequestSizeLimitFilter;
import fi.agreementregistry.api.http.RequestTooLargeException;

import fi.agreementregistry.api.idempotency.IdempotencyKeys.RecordedCommand;
import fi.agreementregistry.api.idempotency.IdempotencyKeys.StoredResponse;
import fi.agreementregistry.api.security.CurrentUser;
import fi.agreementregistry.api.http.problem.ProblemWriter;
import fi.agreementregistry.api.security.RegistryUser;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * {@code Idempotency-Key} on every POST. The first request with a key (per user) inserts a pending
 * marker whose {@code _id} is (user, key) into {@value IdempotencyKeys#COLLECTION}; the unique {@code _id} makes sure
 * two copies racing in cannot both run. A successful (2xx) response is stored with the marker (status, Location,
 * ETag, body) and written to disk before the client gets it; a retry with the same key and the same request gets that
 * response again and changes nothing. The same key with another request is a 422. A request that fails (4xx/5xx)
 * and stored no events frees its key, so the client can correct it and retry.
 * <p>
 * A running request holds its key for a lease ({@code registry.api.idempotency-lease}): a copy within it gets 409
 * with {@code Retry-After}. A marker still pending after its lease belongs to a request that died with its registry
 * (a crash, {@code kill -9}): the next retry takes the key over and, if the commands that request recorded
 * ({@link IdempotentCommandRecorder}) have events in the store, answers with their outcome
 * ({@link CommandOutcomes}) and keeps it as the key's response; if none were stored, it runs the request. So a
 * command is never carried out twice for one key, and no key stays refused. Keys expire
 * {@code registry.api.idempotency-retention} after their first request: from then on the key is new again, and
 * {@link IdempotencyKeyPurge} deletes it.
 * Runs after Spring Security: the user is known, and anonymous or forbidden requests never get here.
 */
@Component
@Order(0)
public class IdempotencyFilter extends OncePerRequestFilter {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    public static final String COLLECTION = IdempotencyKeys.COLLECTION;
    private static final Pattern SENSIBLE_KEY = Pattern.compile("[\\x21-\\x7e]{1,200}");
    private static final List<String> KEPT_HEADERS = List.of(HttpHeaders.LOCATION, HttpHeaders.ETAG);
    private static final String ATTRIBUTE = KeyedRequest.class.getName();
    /** Reading the marker, taking an expired or abandoned one over: a few rounds at most, then 409. */
    private static final int ROUNDS = 3;
    private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);

    /** The key a request holds while it runs: the marker's id, this request's attempt, the commands it recorded. */
    record KeyedRequest(Document id, String attempt, List<RecordedCommand> recorded) {

        /** The keyed request this thread serves, if any. */
        static Optional<KeyedRequest> current() {
            RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
            return Optional.ofNullable(attributes == null ? null
                    : (KeyedRequest) attributes.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST));
        }
    }

    private final IdempotencyKeys keys;
    private final ObjectProvider<CommandOutcomes> outcomes;

    public IdempotencyFilter(IdempotencyKeys keys, ObjectProvider<CommandOutcomes> outcomes) {
        this.keys = keys;
        this.outcomes = outcomes;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        RegistryUser user = CurrentUser.get().orElse(null);
        if (user == null) {
            chain.doFilter(request, response);
            return;
        }
        if (!SENSIBLE_KEY.matcher(key).matches()) {
            ProblemWriter.write(response, ProblemWriter.problem(HttpStatus.BAD_REQUEST, "invalid-idempotency-key",
                    "Invalid Idempotency-Key", "An Idempotency-Key is 1 to 200 visible ASCII characters, e.g. a UUID."));
            return;
        }
        byte[] body;
        try {
            body = request.getInputStream().readAllBytes();
        } catch (RequestTooLargeException e) {
            ProblemWriter.write(response, RequestSizeLimitFilter.tooLarge(request.getContentLengthLong()));
            return;
        }
        String fingerprint = fingerprint(request, body);
        Document id = IdempotencyKeys.id(user.userId(), key);
        String attempt = UUID.randomUUID().toString();
        String correlationId = CorrelationIdFilter.current().orElse(null);

        List<RecordedCommand> earlier = List.of();
        boolean holding = false;
        for (int round = 0; round < ROUNDS && !holding; round++) {
            if (keys.insertPending(id, fingerprint, attempt, correlationId)) {
                holding = true;
                break;
            }
            Document stored = keys.find(id).orElse(null);
            if (stored == null) {
                continue; // the first request failed and freed the key between our insert and our read
            }
            if (keys.isExpired(stored)) {
                keys.deleteExpired(stored);
                continue;
            }
            if (!fingerprint.equals(stored.getString("fingerprint"))) {
                ProblemWriter.write(response, ProblemWriter.problem(HttpStatus.UNPROCESSABLE_ENTITY,
                        "idempotency-key-reused", "Idempotency-Key already used for another request",
                        "This Idempotency-Key was used for a different request; use a new key for a new request."));
                return;
            }
            if (IdempotencyKeys.DONE.equals(stored.getString("state"))) {
                replay(IdempotencyKeys.response(stored), response);
                return;
            }
            Instant leaseEnd = keys.leaseEnd(stored);
            if (keys.now().isBefore(leaseEnd)) {
                inProgress(response, Duration.between(keys.now(), leaseEnd));
                return;
            }
            if (keys.takeOver(stored, attempt, correlationId)) {
                holding = true;
                earlier = IdempotencyKeys.commands(stored);
                log.warn("Idempotency-Key of {} still pending after its lease (request {} presumably stopped with its "
                        + "registry); this retry takes it over", user.userId(), stored.getString("correlationId"));
            }
        }
        if (!holding) {
            inProgress(response, Duration.ofSeconds(1));
            return;
        }

        if (!earlier.isEmpty()) {
            Optional<StoredResponse> outcome = outcomeOf(request, earlier);
            if (outcome.isPresent()) {
                keys.complete(id, attempt, outcome.get(), true);
                replay(outcome.get(), response);
                return;
            }
        }

        KeyedRequest keyed = new KeyedRequest(id, attempt, new CopyOnWriteArrayList<>());
        request.setAttribute(ATTRIBUTE, keyed);
        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        boolean stored = false;
        try {
            chain.doFilter(new CachedBody(request, body), captured);
            int status = captured.getStatus();
            if (status >= 200 && status < 300) {
                Map<String, String> headers = new LinkedHashMap<>();
                for (String name : KEPT_HEADERS) {
                    if (captured.getHeader(name) != null) {
                        headers.put(name, captured.getHeader(name));
                    }
                }
                if (!keys.complete(id, attempt, new StoredResponse(status, headers, captured.getContentType(),
                        captured.getContentAsByteArray()), false)) {
                    log.warn("A request with an Idempotency-Key of {} ran longer than the lease and was taken over "
                            + "by a retry; its response is not kept", user.userId());
                }
                stored = true;
            }
        } finally {
            request.removeAttribute(ATTRIBUTE);
            if (!stored) {
                settleFailed(request, id, attempt, keyed.recorded());
            }
            captured.copyBodyToResponse();
        }
    }

    /**
     * A request that failed frees its key, unless its commands' events were stored after all (say, it failed while
     * waiting for the read model): then a retry must get that outcome, not run the command again.
     */
    private void settleFailed(HttpServletRequest request, Document id, String attempt, List<RecordedCommand> recorded) {
        Optional<StoredResponse> outcome = Optional.empty();
        if (!recorded.isEmpty()) {
            try {
                outcome = outcomeOf(request, recorded);
            } catch (RuntimeException e) {
                log.warn("Could not check whether a failed keyed request stored events; its key is kept until its "
                        + "lease ends", e);
                return;
            }
        }
        if (outcome.isPresent()) {
            keys.complete(id, attempt, outcome.get(), true);
        } else {
            keys.release(id, attempt);
        }
    }

    private Optional<StoredResponse> outcomeOf(HttpServletRequest request, List<RecordedCommand> commands) {
        CommandOutcomes found = outcomes.getIfAvailable();
        return found == null ? Optional.empty()
                : found.outcomeOf(request.getMethod(), request.getRequestURI(), commands);
    }

    private static void replay(StoredResponse stored, HttpServletResponse response) throws IOException {
        response.setStatus(stored.status());
        stored.headers().forEach(response::setHeader);
        response.setHeader(REPLAYED, "true");
        if (stored.contentType() != null) {
            response.setContentType(stored.contentType());
        }
        response.getOutputStream().write(stored.body());
    }

    private static void inProgress(HttpServletResponse response, Duration retryAfter) throws IOException {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
        ProblemWriter.write(response, ProblemWriter.problem(HttpStatus.CONFLICT, "idempotency-key-in-progress",
                "The same request is still running", "A request with this Idempotency-Key is still being processed; "
                        + "retry in " + seconds + " s to get its response."));
    }

    /** A request that ran past its lease and was taken over by a retry: it dispatches nothing more. */
    static ProblemDetail takenOver() {
        return ProblemWriter.problem(HttpStatus.CONFLICT, "idempotency-key-in-progress",
                "The same request was taken over by a retry", "This request ran longer than its Idempotency-Key's "
                        + "lease and a retry with the same key took over; that retry's response counts.");
    }

    /** Method, path, query and body: the same key for a different call is a different request. */
    private static String fingerprint(HttpServletRequest request, byte[] body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((request.getMethod() + " " + request.getRequestURI() + "?"
                    + (request.getQueryString() == null ? "" : request.getQueryString()) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            sha.update(body);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class CachedBody extends HttpServletRequestWrapper {
        private final byte[] body;

        CachedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
