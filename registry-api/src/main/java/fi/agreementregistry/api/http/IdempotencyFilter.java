package fi.agreementregistry.api.http;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import fi.agreementregistry.api.security.CurrentUser;
import fi.agreementregistry.api.security.ProblemWriter;
import fi.agreementregistry.api.security.RegistryUser;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.bson.Document;
import org.bson.types.Binary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * {@code Idempotency-Key} on every POST. The first request with a key (per user) inserts a pending
 * marker whose {@code _id} is (user, key); the unique {@code _id} makes sure two copies racing in
 * cannot both run. A successful (2xx) response is stored with the marker (status, Location, ETag,
 * body); a retry with the same key and the same request gets that response again and changes nothing.
 * The same key with another request is a 422. A request that fails (4xx/5xx) stores nothing and frees
 * its key, so the client can correct it and retry.
 * Runs after Spring Security: the user is known, and anonymous or forbidden requests never get here.
 */
@Component
@Order(0)
public class IdempotencyFilter extends OncePerRequestFilter {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    public static final String COLLECTION = "idempotency_keys";
    private static final Pattern SENSIBLE_KEY = Pattern.compile("[\\x21-\\x7e]{1,200}");
    private static final List<String> KEPT_HEADERS = List.of(HttpHeaders.LOCATION, HttpHeaders.ETAG);
    private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);

    private final MongoCollection<Document> keys;
    /** Wall-clock time for expiry only (not a business date, so not the injectable business clock). */
    private final Clock clock = Clock.systemUTC();

    public IdempotencyFilter(MongoDatabase database, ApiProperties properties) {
        this.keys = database.getCollection(COLLECTION);
        try {
            keys.createIndex(Indexes.ascending("createdAt"), new IndexOptions()
                    .expireAfter(properties.idempotencyRetention().toSeconds(), TimeUnit.SECONDS));
        } catch (RuntimeException e) {
            log.warn("Could not create the expiry index of {}: {}", COLLECTION, e.getMessage());
        }
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
        Document id = new Document("user", user.userId()).append("key", key);

        try {
            keys.insertOne(new Document("_id", id).append("state", "PENDING").append("fingerprint", fingerprint)
                    .append("createdAt", Date.from(clock.instant())));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            answerFromStored(keys.find(Filters.eq("_id", id)).first(), fingerprint, response);
            return;
        }

        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        boolean stored = false;
        try {
            chain.doFilter(new CachedBody(request, body), captured);
            int status = captured.getStatus();
            if (status >= 200 && status < 300) {
                Document headers = new Document();
                for (String name : KEPT_HEADERS) {
                    if (captured.getHeader(name) != null) {
                        headers.append(name, captured.getHeader(name));
                    }
                }
                keys.updateOne(Filters.eq("_id", id), new Document("$set", new Document("state", "DONE")
                        .append("status", status).append("headers", headers)
                        .append("contentType", captured.getContentType())
                        .append("body", new Binary(captured.getContentAsByteArray()))));
                stored = true;
            }
        } finally {
            if (!stored) {
                keys.deleteOne(Filters.eq("_id", id));
            }
            captured.copyBodyToResponse();
        }
    }

    private void answerFromStored(Document stored, String fingerprint, HttpServletResponse response) throws IOException {
        if (stored == null) {
            // The first request failed and freed the key between our insert and our read: try again.
            ProblemWriter.write(response, inProgress());
            return;
        }
        if (!fingerprint.equals(stored.getString("fingerprint"))) {
            ProblemWriter.write(response, ProblemWriter.problem(HttpStatus.UNPROCESSABLE_ENTITY,
                    "idempotency-key-reused", "Idempotency-Key already used for another request",
                    "This Idempotency-Key was used for a different request; use a new key for a new request."));
            return;
        }
        if (!"DONE".equals(stored.getString("state"))) {
            ProblemWriter.write(response, inProgress());
            return;
        }
        response.setStatus(stored.getInteger("status"));
        Document headers = stored.get("headers", Document.class);
        if (headers != null) {
            headers.forEach((name, value) -> response.setHeader(name, String.valueOf(value)));
        }
        response.setHeader(REPLAYED, "true");
        if (stored.getString("contentType") != null) {
            response.setContentType(stored.getString("contentType"));
        }
        response.getOutputStream().write(stored.get("body", Binary.class).getData());
    }

    private static ProblemDetail inProgress() {
        ProblemDetail problem = ProblemWriter.problem(HttpStatus.CONFLICT, "idempotency-key-in-progress",
                "The same request is still running", "A request with this Idempotency-Key is still being processed; "
                        + "retry in a moment to get its response.");
        return problem;
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
