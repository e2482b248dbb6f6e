package fi.agreementregistry.api.idempotency;

import fi.agreementregistry.api.http.ApiProperties;

import fi.agreementregistry.api.MutableClock;

import com.mongodb.client.MongoClient;
import com.mongodb.event.CommandStartedEvent;
import fi.agreementregistry.api.storage.StorageConfiguration;
import fi.agreementregistry.api.storage.embedded.InMemoryMongo;
import fi.agreementregistry.api.idempotency.IdempotencyKeys.RecordedCommand;
import fi.agreementregistry.api.idempotency.IdempotencyKeys.StoredResponse;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The marker store on the embedded server: a request's changes are conditional on its attempt, a lease is taken over
 * once, a finished key is forced to disk, and every operation a request makes filters on {@code _id} or on the
 * unique {@code attempt} alone (the embedded server serves nothing else from an index).
 */
class IdempotencyKeysTest {

    private final MutableClock clock = new MutableClock(java.time.Instant.parse("2026-03-02T10:00:00Z"));
    private final List<BsonDocument> filters = new CopyOnWriteArrayList<>();
    private final AtomicInteger forcedToDisk = new AtomicInteger();
    @RegisterExtension
    final InMemoryMongo mongo = InMemoryMongo.seeingStartedCommands(this::recordFilters);
    private IdempotencyKeys keys;

    @BeforeEach
    void start() {
        MongoClient client = mongo.client();
        keys = new IdempotencyKeys(client.getDatabase("registry"), clock, new ApiProperties(null, null, null, null),
                new StorageConfiguration.RegistryMongo(client, null, forcedToDisk::incrementAndGet));
        filters.clear();
    }

    private void recordFilters(CommandStartedEvent event) {
        BsonDocument command = event.getCommand();
        switch (event.getCommandName()) {
            case "find" -> filters.add(command.getDocument("filter", new BsonDocument()).clone());
            case "update" -> command.getArray("updates", new BsonArray())
                    .forEach(u -> filters.add(u.asDocument().getDocument("q").clone()));
            case "delete" -> command.getArray("deletes", new BsonArray())
                    .forEach(d -> filters.add(d.asDocument().getDocument("q").clone()));
            case "aggregate", "count" -> filters.add(new BsonDocument("unexpected", command.clone()));
            default -> { }
        }
    }

    @Test
    void aRequestsChangesAreLookupsByIdOrByItsUniqueAttempt() {
        Document id = IdempotencyKeys.id("clerk", "k-1");
        assertThat(keys.insertPending(id, "fp", "attempt-1", "corr-1")).isTrue();
        assertThat(keys.insertPending(id, "fp", "attempt-2", "corr-2")).as("the key is taken").isFalse();
        assertThat(keys.recordCommand(id, "attempt-1", new RecordedCommand("agreement-1", "trace-1"))).isTrue();
        assertThat(keys.holds(id, "attempt-1")).isTrue();
        Document marker = keys.find(id).orElseThrow();
        clock.advance(keys.lease().plusSeconds(1));
        assertThat(keys.takeOver(marker, "attempt-2", "corr-2")).isTrue();
        assertThat(keys.complete(id, "attempt-2", new StoredResponse(201, Map.of("ETag", "\"0\""), "application/json",
                new byte[]{'{', '}'}), true)).isTrue();
        keys.release(id, "attempt-2");

        List<String> fields = new ArrayList<>();
        filters.forEach(filter -> fields.add(String.join(",", filter.keySet())));
        assertThat(fields).as("filters sent: %s", filters).isNotEmpty().allMatch(f -> f.equals("_id") || f.equals("attempt"));
    }

    @Test
    void aLeaseIsTakenOverOnceAndTheRequestThatLostItChangesNothing() {
        Document id = IdempotencyKeys.id("clerk", "k-2");
        keys.insertPending(id, "fp", "first", "corr-1");
        Document pending = keys.find(id).orElseThrow();
        assertThat(IdempotencyKeys.commands(pending)).isEmpty();
        assertThat(keys.leaseEnd(pending)).isEqualTo(clock.instant().plus(Duration.ofMinutes(2)));
        keys.recordCommand(id, "first", new RecordedCommand("agreement-1", "trace-1"));
        pending = keys.find(id).orElseThrow();

        clock.advance(Duration.ofMinutes(2));
        assertThat(keys.takeOver(pending, "retry-a", "corr-a")).isTrue();
        assertThat(keys.takeOver(pending, "retry-b", "corr-b")).as("a second retry that read the same marker").isFalse();

        assertThat(keys.holds(id, "first")).isFalse();
        assertThat(keys.recordCommand(id, "first", new RecordedCommand("agreement-2", "trace-2"))).isFalse();
        assertThat(keys.complete(id, "first", new StoredResponse(201, Map.of(), null, new byte[0]), false)).isFalse();
        keys.release(id, "first");
        Document taken = keys.find(id).orElseThrow();
        assertThat(taken.getString("attempt")).isEqualTo("retry-a");
        assertThat(IdempotencyKeys.commands(taken)).as("the commands the first request recorded stay")
                .containsExactly(new RecordedCommand("agreement-1", "trace-1"));
        assertThat(forcedToDisk).hasValue(0);

        assertThat(keys.complete(id, "retry-a", new StoredResponse(201, Map.of("Location", "/api/agreements/a"),
                "application/json", "{}".getBytes()), true)).isTrue();
        assertThat(forcedToDisk).as("a kept response is forced to disk").hasValue(1);
        Document done = keys.find(id).orElseThrow();
        assertThat(done.getString("state")).isEqualTo("DONE");
        assertThat(done.containsKey("attempt")).isFalse();
        assertThat(IdempotencyKeys.response(done).headers()).containsEntry("Location", "/api/agreements/a");
        assertThat(keys.holds(id, "retry-a")).as("a finished key is held by nobody").isFalse();
    }

    @Test
    void theTtlIndexOfAnEarlierVersionIsReplacedSoOnlyThePurgeDeletesKeys() {
        var collection = mongo.client().getDatabase("upgraded").getCollection(IdempotencyKeys.COLLECTION);
        collection.createIndex(com.mongodb.client.model.Indexes.ascending("createdAt"),
                new com.mongodb.client.model.IndexOptions().expireAfter(86_400L, java.util.concurrent.TimeUnit.SECONDS));
        assertThat(collection.listIndexes()).anyMatch(index -> index.get("expireAfterSeconds") != null);

        new IdempotencyKeys(mongo.client().getDatabase("upgraded"), clock, new ApiProperties(null, null, null, null),
                new StorageConfiguration.RegistryMongo(mongo.client(), null, () -> { }));

        assertThat(collection.listIndexes()).noneMatch(index -> index.get("expireAfterSeconds") != null)
                .anyMatch(index -> "attempt_unique".equals(index.getString("name")) && index.getBoolean("unique"));
    }

    @Test
    void thePurgeDeletesKeysOlderThanTheRetentionByTheClock() {
        keys.insertPending(IdempotencyKeys.id("clerk", "old"), "fp", "a-old", null);
        clock.advance(Duration.ofHours(23));
        keys.insertPending(IdempotencyKeys.id("clerk", "new"), "fp", "a-new", null);
        assertThat(keys.purgeExpired()).isZero();
        clock.advance(Duration.ofHours(1));
        assertThat(keys.isExpired(keys.find(IdempotencyKeys.id("clerk", "old")).orElseThrow())).isTrue();
        assertThat(keys.purgeExpired()).isEqualTo(1);
        assertThat(keys.find(IdempotencyKeys.id("clerk", "old"))).isEmpty();
        assertThat(keys.find(IdempotencyKeys.id("clerk", "new"))).isPresent();
    }
}
