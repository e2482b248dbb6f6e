package fi.agreementregistry.api.application;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import fi.agreementregistry.api.application.requests.AccessibilityFeedbackRequest;
import fi.agreementregistry.api.security.ClockTimeMeter;
import fi.agreementregistry.api.security.SignInThrottle;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import org.bson.Document;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Feedback on the registry's accessibility (Act 306/2019, section 15: the statement's feedback channel), sent by
 * anyone through the statement's form and read by administrators on the admin page and at
 * {@code GET /api/admin/accessibility-feedback}. Stored in {@value #COLLECTION}, one document per message.
 * <p>
 * Nobody signs in to send one, so sending is limited: each client address, and everyone together, may send so many
 * messages per period ({@link AccessibilityProperties.Feedback}; Bucket4j token buckets on the application's
 * {@link Clock}, in memory per instance), and a message has a size limit ({@link AccessibilityFeedbackRequest}).
 */
@Service
@EnableConfigurationProperties(AccessibilityProperties.class)
public class AccessibilityFeedback {

    public static final String COLLECTION = "accessibility_feedback";
    private static final int MAX_ADDRESSES = 100_000;

    /** One message as administrators read it. */
    public record Message(String id, Instant receivedAt, String message, String email, String page, String language) {
    }

    /** The newest messages, and how many there are in all. */
    public record Messages(long total, List<Message> messages) {
    }

    /** Too many messages from this address, or from everyone, in the period: try again after {@code retryAfter}. */
    public static class TooManyMessages extends RuntimeException {
        private final transient Duration retryAfter;

        TooManyMessages(Duration retryAfter) {
            super("Too many feedback messages; try again in " + retryAfter.toMinutes() + " minutes.");
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    private final MongoDatabase database;
    private final Clock clock;
    private final AccessibilityProperties.Feedback limits;
    private final ClockTimeMeter time;
    private final Cache<String, Bucket> addresses;
    private final Bucket everyone;

    public AccessibilityFeedback(MongoDatabase database, Clock clock, AccessibilityProperties properties) {
        this.database = database;
        this.clock = clock;
        this.limits = properties.feedback();
        this.time = new ClockTimeMeter(clock);
        // A bucket untouched for twice its period is full again: forgetting it is harmless.
        this.addresses = Caffeine.newBuilder().maximumSize(MAX_ADDRESSES)
                .expireAfterAccess(limits.period().multipliedBy(2))
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis())).build();
        this.everyone = bucket(limits.perPeriod());
    }

    private Bucket bucket(int capacity) {
        return Bucket.builder().addLimit(l -> l.capacity(capacity).refillGreedy(capacity, limits.period()))
                .withCustomTimePrecision(time).build();
    }

    /**
     * Stores a message the caller has validated ({@link AccessibilityFeedbackRequest}).
     *
     * @param clientAddress where it came from: its limit; not stored
     * @throws TooManyMessages this address, or everyone together, has sent as many as the period allows
     */
    public Message submit(AccessibilityFeedbackRequest request, String clientAddress) {
        // By SignInThrottle.addressKey: an IPv6 client cannot take a fresh address of its /64 for every message.
        Bucket own = addresses.get(String.valueOf(SignInThrottle.addressKey(clientAddress)),
                key -> bucket(limits.perAddress()));
        refuseUnless(own);
        try {
            refuseUnless(everyone);
        } catch (TooManyMessages e) {
            own.addTokens(1);
            throw e;
        }
        Message message = new Message(UUID.randomUUID().toString(), clock.instant(), request.message().strip(),
                blankToNull(request.email()), blankToNull(request.page()), blankToNull(request.language()));
        collection().insertOne(new Document("_id", message.id()).append("receivedAt", Date.from(message.receivedAt()))
                .append("message", message.message()).append("email", message.email())
                .append("page", message.page()).append("language", message.language()));
        return message;
    }

    private static void refuseUnless(Bucket bucket) {
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throw new TooManyMessages(Duration.ofNanos(Math.max(1, probe.getNanosToWaitForRefill())));
        }
    }

    /** The newest messages first; {@code limit} as every list's (1 to 1,000, default 100). */
    public Messages list(Integer limit) {
        List<Message> messages = new ArrayList<>();
        for (Document d : collection().find().sort(Sorts.descending("receivedAt")).limit(Pages.limit(limit))) {
            messages.add(new Message(d.getString("_id"), d.getDate("receivedAt").toInstant(),
                    d.getString("message"), d.getString("email"), d.getString("page"), d.getString("language")));
        }
        return new Messages(collection().countDocuments(), messages);
    }

    private MongoCollection<Document> collection() {
        return database.getCollection(COLLECTION);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
