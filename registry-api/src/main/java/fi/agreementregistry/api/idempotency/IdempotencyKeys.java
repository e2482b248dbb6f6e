package fi.agreementregistry.api.idempotency;

import fi.agreementregistry.api.http.ApiProperties;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import fi.agreementregistry.api.storage.StorageConfiguration;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The collection {@value #COLLECTION}: one marker per (user, Idempotency-Key), {@code _id} = {user, key}.
 * <pre>
 * { _id: {user, key}, fingerprint, state: "PENDING" | "DONE",
 *   createdAt,                 // the first request: the key expires retention after it
 *   attempt, leasedAt,         // PENDING: the request that holds the key now (unique) and since when (its lease)
 *   correlationId,             // that request's correlation id, for the logs
 *   commands: [{aggregateId, traceId}],  // every command a request with this key dispatched
 *   status, headers, contentType, body, recovered, completedBy }   // DONE: the response to repeat
 * </pre>
 * Every change of a pending marker is conditional on the attempt that holds it, so a request whose lease was taken
 * over by a retry can change nothing any more. {@code attempt} is a random id with a unique sparse index and is
 * removed when the key is DONE, so "{@code {attempt: a}}" alone means "pending and held by a", and each of these
 * changes is one lookup on a unique index: the embedded server serves only those (and {@code _id}) from an index.
 * Expiry and the lease are computed with the application's {@link Clock} and the current settings when a marker is
 * read (so a changed setting applies to stored markers too), and {@link #purgeExpired()} deletes expired markers:
 * the registry does not rely on a TTL index, which the embedded server ignores.
 */
@Component
public class IdempotencyKeys {

    public static final String COLLECTION = "idempotency_keys";
    static final String PENDING = "PENDING";
    static final String DONE = "DONE";
    private static final String ATTEMPT = "attempt";
    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeys.class);

    /** A command a keyed request dispatched: its events carry {@code traceId} in their metadata. */
    public record RecordedCommand(String aggregateId, String traceId) {
    }

    /** A response to repeat: status, the kept headers, content type and body. */
    public record StoredResponse(int status, Map<String, String> headers, String contentType, byte[] body) {
    }

    private final MongoCollection<Document> keys;
    private final Clock clock;
    private final Duration retention;
    private final Duration lease;
    private final Runnable durabilityHook;

    public IdempotencyKeys(MongoDatabase database, Clock clock, ApiProperties properties,
                           StorageConfiguration.RegistryMongo registryMongo) {
        this.keys = database.getCollection(COLLECTION);
        this.clock = clock;
        this.retention = properties.idempotencyRetention();
        this.lease = properties.idempotencyLease();
        this.durabilityHook = registryMongo.durabilityHook();
        ensureIndexes();
    }

    /**
     * The unique sparse index on {@code attempt}, and a plain one on {@code createdAt} for the purge on a real MongoDB.
     * Earlier versions made that one a TTL index: it is replaced, so that only the registry's own purge deletes keys.
     */
    private void ensureIndexes() {
        keys.createIndex(Indexes.ascending(ATTEMPT), new IndexOptions().name("attempt_unique").unique(true).sparse(true));
        try {
            for (Document index : keys.listIndexes()) {
                if (index.get("expireAfterSeconds") != null) {
                    keys.dropIndex(index.getString("name"));
                    log.info("Dropped the TTL index {} of {}: the registry purges expired keys itself",
                            index.getString("name"), COLLECTION);
                }
            }
            keys.createIndex(Indexes.ascending("createdAt"));
        } catch (RuntimeException e) {
            log.warn("Could not replace the TTL index of {}: {}", COLLECTION, e.getMessage());
        }
    }

    public Instant now() {
        return clock.instant();
    }

    public Duration lease() {
        return lease;
    }

    static Document id(String user, String key) {
        return new Document("user", user).append("key", key);
    }

    /** Inserts a pending marker held by {@code attempt}; {@code false} if the key already has one. */
    boolean insertPending(Document id, String fingerprint, String attempt, String correlationId) {
        Date now = Date.from(now());
        try {
            keys.insertOne(new Document("_id", id).append("state", PENDING).append("fingerprint", fingerprint)
                    .append("createdAt", now).append(ATTEMPT, attempt).append("leasedAt", now)
                    .append("correlationId", correlationId).append("commands", List.of()));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            return false;
        }
    }

    Optional<Document> find(Document id) {
        return Optional.ofNullable(keys.find(Filters.eq("_id", id)).first());
    }

    boolean isExpired(Document marker) {
        return !marker.getDate("createdAt").toInstant().plus(retention).isAfter(now());
    }

    /** When the lease of a pending marker ends: from then on a retry may take the key over. */
    Instant leaseEnd(Document marker) {
        Date leasedAt = marker.getDate("leasedAt");
        return (leasedAt != null ? leasedAt : marker.getDate("createdAt")).toInstant().plus(lease);
    }

    /** Deletes an expired marker, unless another request replaced it since it was read (rare: no index needed). */
    void deleteExpired(Document marker) {
        keys.deleteOne(Filters.and(Filters.eq("_id", marker.get("_id")),
                Filters.eq("createdAt", marker.getDate("createdAt")), heldBy(marker.getString(ATTEMPT))));
    }

    /**
     * Moves a pending marker whose lease ended from its attempt to {@code attempt}; {@code false} if another retry
     * took it over first or the marker changed. The commands recorded so far stay: their events may be stored.
     */
    boolean takeOver(Document marker, String attempt, String correlationId) {
        return keys.updateOne(heldBy(marker.get("_id"), marker.getString(ATTEMPT)),
                Updates.combine(Updates.set(ATTEMPT, attempt), Updates.set("leasedAt", Date.from(now())),
                        Updates.set("correlationId", correlationId))).getMatchedCount() == 1;
    }

    /**
     * Records a command a keyed request is about to dispatch, before it is dispatched, so a retry after a crash can
     * find its events; {@code false} if the request no longer holds the key (its lease was taken over).
     */
    boolean recordCommand(Document id, String attempt, RecordedCommand command) {
        return keys.updateOne(heldBy(id, attempt),
                Updates.addToSet("commands", new Document("aggregateId", command.aggregateId())
                        .append("traceId", command.traceId()))).getMatchedCount() == 1;
    }

    /** Whether {@code attempt} still holds the pending marker. */
    boolean holds(Document id, String attempt) {
        return keys.find(heldBy(id, attempt)).projection(new Document("_id", 1)).first() != null;
    }

    static List<RecordedCommand> commands(Document marker) {
        List<RecordedCommand> commands = new ArrayList<>();
        for (Document command : marker.getList("commands", Document.class, List.of())) {
            commands.add(new RecordedCommand(command.getString("aggregateId"), command.getString("traceId")));
        }
        return commands;
    }

    /**
     * Stores the response and marks the key DONE, then forces the write to disk on the embedded server (a real
     * MongoDB acknowledges it journaled), so a response the client may have seen is never forgotten by a crash.
     * {@code false} if {@code attempt} no longer holds the key.
     */
    boolean complete(Document id, String attempt, StoredResponse response, boolean recovered) {
        Document headers = new Document();
        response.headers().forEach(headers::append);
        boolean stored = keys.updateOne(heldBy(id, attempt),
                Updates.combine(Updates.set("state", DONE), Updates.unset(ATTEMPT), Updates.set("completedBy", attempt),
                        Updates.set("status", response.status()),
                        Updates.set("headers", headers), Updates.set("contentType", response.contentType()),
                        Updates.set("body", new Binary(response.body())), Updates.set("recovered", recovered)))
                .getMatchedCount() == 1;
        if (stored) {
            durabilityHook.run();
        }
        return stored;
    }

    static StoredResponse response(Document marker) {
        Map<String, String> headers = new LinkedHashMap<>();
        Document stored = marker.get("headers", Document.class);
        if (stored != null) {
            stored.forEach((name, value) -> headers.put(name, String.valueOf(value)));
        }
        return new StoredResponse(marker.getInteger("status"), headers, marker.getString("contentType"),
                marker.get("body", Binary.class).getData());
    }

    /** Frees the key of a request that failed and stored nothing, so the corrected request can use it. */
    void release(Document id, String attempt) {
        keys.deleteOne(heldBy(id, attempt));
    }

    /** Deletes every marker older than the retention; returns how many. */
    public long purgeExpired() {
        return keys.deleteMany(Filters.lte("createdAt", Date.from(now().minus(retention)))).getDeletedCount();
    }

    /**
     * The pending marker {@code id} held by {@code attempt}: {@code {attempt}} alone, a unique-index lookup. Markers of
     * earlier versions have no attempt: those are matched by {@code _id} and state.
     */
    private static Bson heldBy(Object id, String attempt) {
        return attempt != null ? Filters.eq(ATTEMPT, attempt)
                : Filters.and(Filters.eq("_id", id), Filters.eq("state", PENDING), Filters.exists(ATTEMPT, false));
    }

    private static Bson heldBy(String attempt) {
        return attempt == null ? Filters.exists(ATTEMPT, false) : Filters.eq(ATTEMPT, attempt);
    }
}
