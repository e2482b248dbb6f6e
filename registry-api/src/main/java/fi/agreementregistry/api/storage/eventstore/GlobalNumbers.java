package fi.agreementregistry.api.storage.eventstore;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.bson.Document;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongConsumer;

import static fi.agreementregistry.api.storage.eventstore.EventDocuments.COUNTER_VALUE;
import static fi.agreementregistry.api.storage.eventstore.EventDocuments.ID;
import static fi.agreementregistry.api.storage.eventstore.EventDocuments.formatTimestamp;
import static fi.agreementregistry.api.storage.eventstore.EventDocuments.isDuplicateKey;
import static fi.agreementregistry.api.storage.eventstore.EventDocuments.tombstone;

/**
 * The global sequence: a counter document hands out consecutive numbers, one per event, before the commit holding
 * them is inserted; a <em>tombstone</em> claims, in the unique {@code globalIndexes} index, a number that will never
 * hold an event. Because a number is held by exactly one commit or tombstone, a tracker that claimed a number knows
 * no commit can arrive at it later (docs/event-store.md, "Gaps and tombstones").
 */
final class GlobalNumbers {

    static final long LOWEST_GLOBAL_SEQUENCE = 1;

    /** Where tombstones are inserted: the events collection, beside the commits they compete with. */
    private final MongoCollection<Document> events;
    /** The counter's collection, read with read concern {@code majority} on the primary. */
    private final MongoCollection<Document> counters;
    private final String counterId;
    private final Clock clock;
    /** Told of every number this engine claimed, so that its trackers stop timing it as missing. */
    private final LongConsumer whenClaimed;

    GlobalNumbers(MongoCollection<Document> events, MongoCollection<Document> counters, String counterId, Clock clock,
                  LongConsumer whenClaimed) {
        this.events = events;
        this.counters = counters;
        this.counterId = counterId;
        this.clock = clock;
        this.whenClaimed = whenClaimed;
    }

    /** Creates the counter document at "nothing allocated" unless it exists (another instance may race us: fine). */
    void createCounterIfMissing() {
        if (counters.find(Filters.eq(ID, counterId)).projection(Projections.include(ID)).first() == null) {
            try {
                counters.insertOne(new Document(ID, counterId).append(COUNTER_VALUE, LOWEST_GLOBAL_SEQUENCE - 1));
            } catch (MongoWriteException e) {
                if (!isDuplicateKey(e)) {
                    throw e;
                }
            }
        }
    }

    /**
     * Allocates {@code count} consecutive global numbers. Projects only the counter: the embedded server copies a
     * projected field inside its lock, but hands out the live document otherwise (two writers got the same number).
     */
    List<Long> allocate(int count) {
        Document counter = counters.findOneAndUpdate(
                Filters.eq(ID, counterId),
                Updates.inc(COUNTER_VALUE, (long) count),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)
                                             .projection(Projections.include(COUNTER_VALUE)));
        if (counter == null) {
            throw new EventStoreException("The global sequence counter '" + counterId + "' does not exist");
        }
        long last = ((Number) counter.get(COUNTER_VALUE)).longValue();
        List<Long> numbers = new ArrayList<>(count);
        for (long n = last - count + 1; n <= last; n++) {
            numbers.add(n);
        }
        return numbers;
    }

    /** The last number handed out (0 before the first): no commit or tombstone holds a number above it. */
    long lastAllocated() {
        Document counter = counters.find(Filters.eq(ID, counterId))
                                   .projection(Projections.include(COUNTER_VALUE))
                                   .first();
        return counter == null ? 0 : ((Number) counter.get(COUNTER_VALUE)).longValue();
    }

    /**
     * Inserts tombstones claiming the given global numbers in the unique index. Returns the numbers this call
     * claimed; a number already held by a commit or another tombstone is left out. One insert for all of them when
     * none is held; otherwise one per number, so that each free one is still claimed.
     */
    Set<Long> claim(Collection<Long> numbers, String reason) {
        if (numbers.isEmpty()) {
            return Set.of();
        }
        List<Long> sorted = new ArrayList<>(new TreeSet<>(numbers));
        String now = formatTimestamp(clock.instant());
        try {
            events.insertOne(tombstone(sorted, reason, now));
            sorted.forEach(whenClaimed::accept);
            return new TreeSet<>(sorted);
        } catch (MongoWriteException e) {
            if (!isDuplicateKey(e) || sorted.size() == 1) {
                if (isDuplicateKey(e)) {
                    return Set.of();
                }
                throw e;
            }
        }
        Set<Long> claimed = new TreeSet<>();
        for (Long n : sorted) {
            try {
                events.insertOne(tombstone(List.of(n), reason, now));
                claimed.add(n);
                whenClaimed.accept(n);
            } catch (MongoWriteException e) {
                if (!isDuplicateKey(e)) {
                    throw e;
                }
            }
        }
        return claimed;
    }
}
