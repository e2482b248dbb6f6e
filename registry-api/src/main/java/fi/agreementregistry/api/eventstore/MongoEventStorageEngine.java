package fi.agreementregistry.api.eventstore;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import jakarta.annotation.Nonnull;
import org.axonframework.common.AxonConfigurationException;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.BatchingEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.bson.conversions.Bson;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.axonframework.common.BuilderUtils.assertNonNull;
import static org.axonframework.common.BuilderUtils.assertThat;

/**
 * An Axon {@link org.axonframework.eventsourcing.eventstore.EventStorageEngine} on MongoDB (or the embedded
 * wire-protocol server) whose every access path is an equality or {@code $in} lookup on {@code _id} or on one
 * single-field unique index. See {@code docs/event-store.md} for the layout and its reasoning.
 * <p>
 * One document per append (a <em>commit</em>) holds all of its events, so an append is atomic without transactions.
 * Each event carries a global sequence number allocated from a counter document; the commit lists those numbers in
 * the unique multikey field {@code globalIndexes} and its events' {@code aggregateId/sequence} keys in the unique
 * multikey field {@code aggregateKeys}. Tracking uses {@link GapAwareTrackingToken}s whose index is the global
 * number. Numbers that never become an event are claimed by <em>tombstones</em>: at once by a writer whose append
 * conflicted, and by a tracker for a number missing longer than the gap timeout (a stalled writer arriving later
 * fails on the unique index and retries with fresh numbers, so it cannot slip past a tracker).
 */
public class MongoEventStorageEngine extends BatchingEventStorageEngine {

    /** Field names of a commit or tombstone document in the events collection. */
    static final String ID = "_id";
    static final String GLOBAL_INDEXES = "globalIndexes";
    static final String AGGREGATE_KEYS = "aggregateKeys";
    static final String EVENTS = "events";
    static final String TIMESTAMP = "timestamp";
    static final String LAST_TIMESTAMP = "lastTimestamp";
    static final String TOMBSTONE = "tombstone";
    static final String REASON = "reason";
    static final String GLOBAL_INDEX = "globalIndex";
    static final String EVENT_IDENTIFIER = "eventIdentifier";
    static final String AGGREGATE_IDENTIFIER = "aggregateIdentifier";
    static final String SEQUENCE_NUMBER = "sequenceNumber";
    static final String TYPE = "type";
    static final String PAYLOAD_TYPE = "payloadType";
    static final String PAYLOAD_REVISION = "payloadRevision";
    static final String PAYLOAD = "payload";
    static final String META_DATA = "metaData";
    static final String COUNTER_VALUE = "value";

    static final String GLOBAL_INDEXES_INDEX = "globalIndexes_unique";
    static final String AGGREGATE_KEYS_INDEX = "aggregateKeys_unique";

    private static final long LOWEST_GLOBAL_SEQUENCE = 1;
    private static final int MAX_APPEND_ATTEMPTS = 20;
    private static final int MAX_PROBES_PER_ROUND = 64;

    /** Fixed width, UTC, nanosecond precision: sorts as a string in time order (years 0000-9999). */
    static final DateTimeFormatter TIMESTAMP_FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private static final Logger logger = LoggerFactory.getLogger(MongoEventStorageEngine.class);

    private final MongoCollection<Document> events;
    private final MongoCollection<Document> snapshots;
    private final MongoCollection<Document> counters;
    private final String counterId;
    private final Runnable afterAppend;
    private final Duration gapTimeout;
    private final Clock clock;
    private final int maxGapOffset;
    /** When this engine first saw each still-missing global number (tracker side of the gap timeout). */
    private final Map<Long, Instant> missingSince = new ConcurrentHashMap<>();

    /** Test hook: runs after global numbers were allocated for an append, before its commit is inserted. */
    volatile Consumer<List<Long>> afterAllocation = numbers -> { };

    protected MongoEventStorageEngine(Builder builder) {
        super(builder);
        MongoDatabase database = builder.database;
        this.events = database.getCollection(builder.eventsCollection);
        this.snapshots = database.getCollection(builder.snapshotsCollection);
        this.counters = database.getCollection(builder.countersCollection);
        this.counterId = builder.eventsCollection;
        this.afterAppend = builder.afterAppend;
        this.gapTimeout = builder.gapTimeout;
        this.clock = builder.clock;
        this.maxGapOffset = builder.maxGapOffset;
        if (builder.ensureIndexes) {
            ensureIndexes();
        }
    }

    /** A builder; {@code database} and both serializers are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Creates the unique indexes and the counter document if missing. Idempotent; called by the constructor unless
     * {@link Builder#ensureIndexes(boolean)} is {@code false}.
     */
    public void ensureIndexes() {
        events.createIndex(Indexes.ascending(GLOBAL_INDEXES),
                           new IndexOptions().unique(true).name(GLOBAL_INDEXES_INDEX));
        // sparse: tombstones and commits of non-domain events have no aggregate keys
        events.createIndex(Indexes.ascending(AGGREGATE_KEYS),
                           new IndexOptions().unique(true).sparse(true).name(AGGREGATE_KEYS_INDEX));
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

    // ------------------------------------------------------------------------------------------------ append

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> eventMessages, Serializer serializer) {
        if (eventMessages.isEmpty()) {
            return;
        }
        List<Document> serialized = new ArrayList<>(eventMessages.size());
        List<String> aggregateKeys = new ArrayList<>();
        String lastTimestamp = null;
        for (EventMessage<?> event : eventMessages) {
            Document entry = toEventDocument(event, serializer);
            serialized.add(entry);
            String ts = entry.getString(TIMESTAMP);
            lastTimestamp = lastTimestamp == null || ts.compareTo(lastTimestamp) > 0 ? ts : lastTimestamp;
            if (event instanceof DomainEventMessage<?> domainEvent && domainEvent.getAggregateIdentifier() != null) {
                aggregateKeys.add(aggregateKey(domainEvent.getAggregateIdentifier(), domainEvent.getSequenceNumber()));
            }
        }

        for (int attempt = 1; attempt <= MAX_APPEND_ATTEMPTS; attempt++) {
            List<Long> numbers = allocate(serialized.size());
            afterAllocation.accept(numbers);
            Document commit = new Document(ID, numbers.get(0)).append(GLOBAL_INDEXES, numbers);
            if (!aggregateKeys.isEmpty()) {
                commit.append(AGGREGATE_KEYS, aggregateKeys);
            }
            List<Document> entries = new ArrayList<>(serialized.size());
            for (int i = 0; i < serialized.size(); i++) {
                entries.add(new Document(GLOBAL_INDEX, numbers.get(i)));
                entries.get(i).putAll(serialized.get(i));
            }
            commit.append(LAST_TIMESTAMP, lastTimestamp).append(EVENTS, entries);
            try {
                events.insertOne(commit);
            } catch (MongoWriteException e) {
                if (!isDuplicateKey(e)) {
                    claim(numbers, "failed-append");
                    handlePersistenceException(e, eventMessages.get(0));
                }
                Optional<EventMessage<?>> conflicting = firstConflictingEvent(eventMessages, aggregateKeys);
                if (conflicting.isPresent()) {
                    // a competing append owns one of our aggregate sequence numbers: this append lost
                    claim(numbers, "conflict");
                    handlePersistenceException(e, conflicting.get());
                }
                // a tracker declared (some of) our global numbers abandoned: give up the rest of them too, so no
                // tracker waits for them, and retry with fresh numbers (still checked against aggregate keys)
                claim(numbers, "retried");
                continue;
            } catch (RuntimeException e) {
                claim(numbers, "failed-append");
                throw new EventStoreException("Failed to append events starting with "
                                                      + eventMessages.get(0).getIdentifier(), e);
            }
            afterAppend.run();
            return;
        }
        throw new EventStoreException("Could not append events starting with " + eventMessages.get(0).getIdentifier()
                                              + ": every allocated global number was claimed by a tracker");
    }

    private Document toEventDocument(EventMessage<?> event, Serializer serializer) {
        SerializedObject<String> payload = event.serializePayload(serializer, String.class);
        SerializedObject<String> metaData = event.serializeMetaData(serializer, String.class);
        Document entry = new Document()
                .append(EVENT_IDENTIFIER, event.getIdentifier())
                .append(TIMESTAMP, formatTimestamp(event.getTimestamp()))
                .append(PAYLOAD_TYPE, payload.getType().getName())
                .append(PAYLOAD_REVISION, payload.getType().getRevision())
                .append(PAYLOAD, payload.getData())
                .append(META_DATA, metaData.getData());
        if (event instanceof DomainEventMessage<?> domainEvent && domainEvent.getAggregateIdentifier() != null) {
            entry.append(TYPE, domainEvent.getType())
                 .append(AGGREGATE_IDENTIFIER, domainEvent.getAggregateIdentifier())
                 .append(SEQUENCE_NUMBER, domainEvent.getSequenceNumber());
        }
        return entry;
    }

    /** Allocates {@code count} consecutive global numbers; projects only the counter (see the docs for why). */
    private List<Long> allocate(int count) {
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

    private Optional<EventMessage<?>> firstConflictingEvent(List<? extends EventMessage<?>> eventMessages,
                                                            List<String> aggregateKeys) {
        if (aggregateKeys.isEmpty()) {
            return Optional.empty();
        }
        Set<String> existing = new HashSet<>();
        try (MongoCursor<Document> cursor = events.find(Filters.in(AGGREGATE_KEYS, aggregateKeys))
                                                  .projection(Projections.include(AGGREGATE_KEYS))
                                                  .batchSize(aggregateKeys.size())
                                                  .iterator()) {
            cursor.forEachRemaining(doc -> existing.addAll(doc.getList(AGGREGATE_KEYS, String.class)));
        }
        for (EventMessage<?> event : eventMessages) {
            if (event instanceof DomainEventMessage<?> d && d.getAggregateIdentifier() != null
                    && existing.contains(aggregateKey(d.getAggregateIdentifier(), d.getSequenceNumber()))) {
                return Optional.of(event);
            }
        }
        return Optional.empty();
    }

    /**
     * Inserts tombstones claiming the given global numbers in the unique index. Returns the numbers this call
     * claimed; a number already held by a commit or another tombstone is left out.
     */
    Set<Long> claim(Collection<Long> numbers, String reason) {
        if (numbers.isEmpty()) {
            return Set.of();
        }
        List<Long> sorted = new ArrayList<>(new TreeSet<>(numbers));
        String now = formatTimestamp(clock.instant());
        try {
            events.insertOne(tombstone(sorted, reason, now));
            sorted.forEach(missingSince::remove);
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
                missingSince.remove(n);
            } catch (MongoWriteException e) {
                if (!isDuplicateKey(e)) {
                    throw e;
                }
            }
        }
        return claimed;
    }

    private static Document tombstone(List<Long> numbers, String reason, String now) {
        return new Document(ID, numbers.get(0))
                .append(GLOBAL_INDEXES, numbers)
                .append(TOMBSTONE, true)
                .append(REASON, reason)
                .append(LAST_TIMESTAMP, now);
    }

    // ------------------------------------------------------------------------------------------------ snapshots

    @Override
    protected void storeSnapshot(DomainEventMessage<?> snapshot, Serializer serializer) {
        Document doc = toEventDocument(snapshot, serializer);
        doc.put(ID, snapshot.getAggregateIdentifier());
        try {
            snapshots.replaceOne(Filters.eq(ID, snapshot.getAggregateIdentifier()), doc,
                                 new ReplaceOptions().upsert(true));
        } catch (MongoWriteException e) {
            if (!isDuplicateKey(e)) {   // a concurrent first snapshot of the same aggregate won: fine
                throw new EventStoreException("Failed to store snapshot of " + snapshot.getAggregateIdentifier(), e);
            }
        }
    }

    /**
     * The aggregate's snapshot if the snapshot filter accepts it (the app's filter: the aggregate's current revision)
     * and it deserializes; otherwise empty, so the aggregate is rebuilt from its events and the next trigger replaces
     * the snapshot. Axon deserializes payloads lazily, after the event store's own error handling, so the payload is
     * read here, where a failure can still be ignored instead of failing the command.
     */
    @Override
    public Optional<DomainEventMessage<?>> readSnapshot(@Nonnull String aggregateIdentifier) {
        try {
            Optional<DomainEventMessage<?>> snapshot = super.readSnapshot(aggregateIdentifier);
            snapshot.ifPresent(DomainEventMessage::getPayload);
            return snapshot;
        } catch (RuntimeException | LinkageError e) {
            logger.warn("Ignoring the unreadable snapshot of aggregate [{}]; rebuilding it from its events: {}",
                        aggregateIdentifier, e.toString());
            return Optional.empty();
        }
    }

    @Override
    protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
        Document doc = snapshots.find(Filters.eq(ID, aggregateIdentifier)).first();
        return doc == null ? Stream.empty() : Stream.of(toDomainEventData(doc));
    }

    // ------------------------------------------------------------------------------------------------ aggregates

    @Override
    protected List<? extends DomainEventData<?>> fetchDomainEvents(String aggregateIdentifier,
                                                                   long firstSequenceNumber, int batchSize) {
        List<String> keys = new ArrayList<>(batchSize);
        for (long seq = firstSequenceNumber; seq < firstSequenceNumber + batchSize; seq++) {
            keys.add(aggregateKey(aggregateIdentifier, seq));
        }
        TreeMap<Long, DomainEventData<?>> bySequence = new TreeMap<>();
        Set<Object> seen = new HashSet<>();
        try (MongoCursor<Document> cursor = events.find(Filters.in(AGGREGATE_KEYS, keys))
                                                  .batchSize(batchSize)
                                                  .iterator()) {
            while (cursor.hasNext()) {
                Document commit = cursor.next();
                if (!seen.add(commit.get(ID))) {
                    continue;     // the embedded server returns a commit once per matching key
                }
                for (Document event : commit.getList(EVENTS, Document.class)) {
                    Object rawSeq = event.get(SEQUENCE_NUMBER);
                    long seq = rawSeq == null ? -1 : ((Number) rawSeq).longValue();
                    if (aggregateIdentifier.equals(event.getString(AGGREGATE_IDENTIFIER))
                            && seq >= firstSequenceNumber && seq < firstSequenceNumber + batchSize) {
                        bySequence.put(seq, toDomainEventData(event));
                    }
                }
            }
        }
        // only a contiguous run counts: aggregate sequences have no holes, so stop at the first missing one
        List<DomainEventData<?>> result = new ArrayList<>(bySequence.size());
        long expected = firstSequenceNumber;
        for (Map.Entry<Long, DomainEventData<?>> entry : bySequence.entrySet()) {
            if (entry.getKey() != expected && !result.isEmpty()) {
                break;
            }
            result.add(entry.getValue());
            expected = entry.getKey() + 1;
        }
        return result;
    }

    /**
     * The highest sequence number stored for the aggregate, found by probing for the existence of
     * {@code aggregateId/seq} keys with {@code $in} lookups (galloping, then narrowing): about
     * {@code log64(length)} + 1 index lookups, no range query.
     */
    @Override
    public Optional<Long> lastSequenceNumberFor(@Nonnull String aggregateIdentifier) {
        List<Long> probes = new ArrayList<>();
        probes.add(0L);
        for (long p = 1; p > 0 && p < (1L << 40); p <<= 1) {
            probes.add(p);
        }
        Set<Long> present = existingSequences(aggregateIdentifier, probes);
        if (present.isEmpty()) {
            return Optional.empty();
        }
        long lo = present.stream().mapToLong(Long::longValue).max().orElseThrow();
        long hi = lo == 0 ? 1 : lo * 2;   // known absent (or beyond the last probe)
        while (hi - lo > 1) {
            long span = hi - lo - 1;
            int count = (int) Math.min(span, MAX_PROBES_PER_ROUND);
            List<Long> round = new ArrayList<>(count);
            for (int i = 1; i <= count; i++) {
                round.add(lo + Math.max(1, (span * i) / count));
            }
            Set<Long> found = existingSequences(aggregateIdentifier, round);
            long newLo = lo;
            for (Long p : round) {
                if (found.contains(p)) {
                    newLo = Math.max(newLo, p);
                }
            }
            long newHi = hi;
            for (Long p : round) {
                if (p > newLo && !found.contains(p)) {
                    newHi = Math.min(newHi, p);
                }
            }
            lo = newLo;
            hi = newHi;
        }
        return Optional.of(lo);
    }

    private Set<Long> existingSequences(String aggregateIdentifier, List<Long> sequences) {
        Map<String, Long> byKey = new LinkedHashMap<>();
        sequences.forEach(seq -> byKey.put(aggregateKey(aggregateIdentifier, seq), seq));
        Set<Long> found = new HashSet<>();
        try (MongoCursor<Document> cursor = events.find(Filters.in(AGGREGATE_KEYS, new ArrayList<>(byKey.keySet())))
                                                  .projection(Projections.include(AGGREGATE_KEYS))
                                                  .iterator()) {
            cursor.forEachRemaining(doc -> doc.getList(AGGREGATE_KEYS, String.class).forEach(key -> {
                Long seq = byKey.get(key);
                if (seq != null) {
                    found.add(seq);
                }
            }));
        }
        return found;
    }

    // ------------------------------------------------------------------------------------------------ tracking

    @Override
    protected List<? extends TrackedEventData<?>> fetchTrackedEvents(TrackingToken lastToken, int batchSize) {
        if (lastToken != null && !(lastToken instanceof GapAwareTrackingToken)) {
            throw new IllegalArgumentException("Token [" + lastToken + "] is of the wrong type. Expected ["
                                                       + GapAwareTrackingToken.class.getSimpleName() + "]");
        }
        GapAwareTrackingToken start = (GapAwareTrackingToken) lastToken;
        Instant now = clock.instant();
        if (start != null && start.hasGaps()) {
            claimExpiredGaps(start.getGaps(), now);
        }

        GapAwareTrackingToken current = start;
        List<TrackedEventData<?>> result = new ArrayList<>();
        Set<Long> gapsToQuery = start == null ? Set.of() : new TreeSet<>(start.getGaps());
        long windowStart = start == null ? LOWEST_GLOBAL_SEQUENCE : start.getIndex() + 1;
        Long counterEnd = null;
        while (true) {
            TreeSet<Long> candidates = new TreeSet<>(gapsToQuery);
            for (long n = windowStart; n < windowStart + batchSize; n++) {
                candidates.add(n);
            }
            TreeMap<Long, Document> found = findByGlobalIndexes(candidates, batchSize);
            for (Map.Entry<Long, Document> entry : found.entrySet()) {
                long n = entry.getKey();
                missingSince.remove(n);
                if (current != null && n <= current.getIndex() && !current.getGaps().contains(n)) {
                    continue;      // already covered (e.g. both a gap and in the window)
                }
                if (current != null && !protectGapsBeforeTruncation(current, n)) {
                    return result; // a gap about to be dropped was filled meanwhile: read it on the next call
                }
                current = advance(current, n);
                Document event = entry.getValue();
                if (event != null) {   // null: a tombstone; the token moves over it, nothing is emitted
                    result.add(new TrackedDomainEventData<>(current, toDomainEventData(event)));
                }
            }
            if (current != null) {
                // the tracker's gap clock starts when it first sees a number missing behind a later one
                current.getGaps().forEach(gap -> missingSince.putIfAbsent(gap, now));
            }
            if (!result.isEmpty()) {
                return result;
            }
            // only tombstones or nothing in this window: look further while the counter says numbers exist
            if (counterEnd == null) {
                counterEnd = counterValue();
            }
            windowStart += batchSize;
            gapsToQuery = Set.of();
            if (windowStart > counterEnd) {
                return result;
            }
        }
    }

    /** Maps each candidate number found to its event document, or to {@code null} for a tombstone. */
    private TreeMap<Long, Document> findByGlobalIndexes(Collection<Long> candidates, int batchSize) {
        TreeMap<Long, Document> found = new TreeMap<>();
        Set<Object> seen = new HashSet<>();
        Set<Long> wanted = candidates instanceof Set<Long> s ? s : new HashSet<>(candidates);
        try (MongoCursor<Document> cursor = events.find(Filters.in(GLOBAL_INDEXES, new ArrayList<>(candidates)))
                                                  .batchSize(batchSize)
                                                  .iterator()) {
            while (cursor.hasNext()) {
                Document commit = cursor.next();
                if (!seen.add(commit.get(ID))) {
                    continue;     // the embedded server returns a commit once per matching number
                }
                if (Boolean.TRUE.equals(commit.getBoolean(TOMBSTONE))) {
                    for (Object n : commit.getList(GLOBAL_INDEXES, Object.class)) {
                        long number = ((Number) n).longValue();
                        if (wanted.contains(number)) {
                            found.put(number, null);
                        }
                    }
                } else {
                    for (Document event : commit.getList(EVENTS, Document.class)) {
                        long number = ((Number) event.get(GLOBAL_INDEX)).longValue();
                        if (wanted.contains(number)) {
                            found.put(number, event);
                        }
                    }
                }
            }
        }
        return found;
    }

    private GapAwareTrackingToken advance(GapAwareTrackingToken current, long n) {
        if (current == null) {
            TreeSet<Long> gaps = new TreeSet<>();
            for (long g = Math.max(LOWEST_GLOBAL_SEQUENCE, n - maxGapOffset); g < n; g++) {
                gaps.add(g);
            }
            return GapAwareTrackingToken.newInstance(n, gaps);
        }
        return current.advanceTo(n, maxGapOffset);
    }

    /**
     * Advancing to {@code n} drops gaps older than {@code maxGapOffset}. A gap may only be dropped once it is
     * claimed by a tombstone; returns {@code false} if one of them is held by a real commit by now.
     */
    private boolean protectGapsBeforeTruncation(GapAwareTrackingToken current, long n) {
        long smallestKept = Math.max(n, current.getIndex()) - maxGapOffset;
        SortedSet<Long> dropped = current.getGaps().headSet(smallestKept);
        if (dropped.isEmpty()) {
            return true;
        }
        Set<Long> claimed = claim(dropped, "abandoned");
        if (claimed.size() == dropped.size()) {
            return true;
        }
        // some were not claimable: held by a tombstone (fine) or by a late commit (must be delivered)
        Set<Long> unclaimed = new TreeSet<>(dropped);
        unclaimed.removeAll(claimed);
        TreeMap<Long, Document> holders = findByGlobalIndexes(unclaimed, unclaimed.size());
        return holders.values().stream().allMatch(Objects::isNull);
    }

    private void claimExpiredGaps(SortedSet<Long> gaps, Instant now) {
        List<Long> expired = new ArrayList<>();
        for (Long gap : gaps) {
            Instant since = missingSince.computeIfAbsent(gap, g -> now);
            if (!now.isBefore(since.plus(gapTimeout))) {
                expired.add(gap);
            }
        }
        if (!expired.isEmpty()) {
            claim(expired, "abandoned");
            expired.forEach(missingSince::remove);
        }
    }

    private long counterValue() {
        Document counter = counters.find(Filters.eq(ID, counterId))
                                   .projection(Projections.include(COUNTER_VALUE))
                                   .first();
        return counter == null ? 0 : ((Number) counter.get(COUNTER_VALUE)).longValue();
    }

    /** {@code null}: a stream from the start. */
    @Override
    public TrackingToken createTailToken() {
        return null;
    }

    /**
     * A token at the counter's current value; numbers among the last {@code batchSize} that are allocated but not
     * yet visible are kept as gaps, so an append in flight is not skipped.
     */
    @Override
    public TrackingToken createHeadToken() {
        long head = counterValue();
        if (head < LOWEST_GLOBAL_SEQUENCE) {
            return null;
        }
        long low = Math.max(LOWEST_GLOBAL_SEQUENCE, head - batchSize() + 1);
        TreeSet<Long> window = new TreeSet<>();
        for (long n = low; n <= head; n++) {
            window.add(n);
        }
        TreeMap<Long, Document> present = findByGlobalIndexes(window, batchSize());
        if (present.isEmpty()) {
            return low - 1 < LOWEST_GLOBAL_SEQUENCE ? null : GapAwareTrackingToken.newInstance(low - 1, Set.of());
        }
        long index = present.lastKey();
        window.removeAll(present.keySet());
        return GapAwareTrackingToken.newInstance(index, window.headSet(index));
    }

    /**
     * The position just before the first event stored at or after {@code dateTime}. An administrative operation:
     * it scans commits by their (sortable) last timestamp.
     */
    @Override
    public TrackingToken createTokenAt(@Nonnull Instant dateTime) {
        String from = formatTimestamp(dateTime);
        long first = Long.MAX_VALUE;
        try (MongoCursor<Document> cursor = events.find(Filters.gte(LAST_TIMESTAMP, from))
                                                  .projection(Projections.include(EVENTS + "." + GLOBAL_INDEX,
                                                                                  EVENTS + "." + TIMESTAMP))
                                                  .batchSize(1000)
                                                  .iterator()) {
            while (cursor.hasNext()) {
                List<Document> entries = cursor.next().getList(EVENTS, Document.class);
                if (entries == null) {
                    continue;  // a tombstone
                }
                for (Document event : entries) {
                    if (event.getString(TIMESTAMP).compareTo(from) >= 0) {
                        first = Math.min(first, ((Number) event.get(GLOBAL_INDEX)).longValue());
                    }
                }
            }
        }
        if (first == Long.MAX_VALUE) {
            return createHeadToken();
        }
        return first - 1 < LOWEST_GLOBAL_SEQUENCE ? null : GapAwareTrackingToken.newInstance(first - 1, Set.of());
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static DomainEventData<?> toDomainEventData(Document event) {
        Object seq = event.get(SEQUENCE_NUMBER);
        return new GenericDomainEventEntry<>(event.getString(TYPE),
                                             event.getString(AGGREGATE_IDENTIFIER),
                                             seq == null ? 0L : ((Number) seq).longValue(),
                                             event.getString(EVENT_IDENTIFIER),
                                             event.getString(TIMESTAMP),
                                             event.getString(PAYLOAD_TYPE),
                                             event.getString(PAYLOAD_REVISION),
                                             event.getString(PAYLOAD),
                                             event.getString(META_DATA));
    }

    static String aggregateKey(String aggregateIdentifier, long sequenceNumber) {
        return aggregateIdentifier + "/" + sequenceNumber;
    }

    static String formatTimestamp(Instant instant) {
        return TIMESTAMP_FORMAT.format(instant);
    }

    private static boolean isDuplicateKey(MongoWriteException e) {
        return ErrorCategory.fromErrorCode(e.getError().getCode()) == ErrorCategory.DUPLICATE_KEY;
    }

    /** Recognises a duplicate key on the unique indexes, so the parent raises Axon's concurrency exceptions. */
    static final PersistenceExceptionResolver DUPLICATE_KEY_RESOLVER =
            e -> e instanceof MongoWriteException mwe && isDuplicateKey(mwe);

    // ------------------------------------------------------------------------------------------------ builder

    /**
     * Builder of {@link MongoEventStorageEngine}. Required: {@link #database(MongoDatabase)},
     * {@link #eventSerializer(Serializer)} and {@link #snapshotSerializer(Serializer)} (never defaulted to Axon's XML serializer).
     */
    public static class Builder extends BatchingEventStorageEngine.Builder {

        private MongoDatabase database;
        private String eventsCollection = "domain_events";
        private String snapshotsCollection = "snapshot_events";
        private String countersCollection = "event_counters";
        private Runnable afterAppend = () -> { };
        private Duration gapTimeout = Duration.ofSeconds(60);
        private Clock clock = Clock.systemUTC();
        private int maxGapOffset = 10_000;
        private boolean ensureIndexes = true;
        private boolean eventSerializerSet;
        private boolean snapshotSerializerSet;

        protected Builder() {
            persistenceExceptionResolver(DUPLICATE_KEY_RESOLVER);
        }

        /** The database holding the three collections (required). */
        public Builder database(MongoDatabase database) {
            assertNonNull(database, "The MongoDatabase may not be null");
            this.database = database;
            return this;
        }

        /** Collection of commits and tombstones; default {@code domain_events}. Also the counter's {@code _id}. */
        public Builder eventsCollection(String name) {
            assertThat(name, n -> n != null && !n.isBlank(), "The events collection name may not be empty");
            this.eventsCollection = name;
            return this;
        }

        /** Collection of snapshots ({@code _id} = aggregate id); default {@code snapshot_events}. */
        public Builder snapshotsCollection(String name) {
            assertThat(name, n -> n != null && !n.isBlank(), "The snapshots collection name may not be empty");
            this.snapshotsCollection = name;
            return this;
        }

        /** Collection of the global sequence counter; default {@code event_counters}. */
        public Builder countersCollection(String name) {
            assertThat(name, n -> n != null && !n.isBlank(), "The counters collection name may not be empty");
            this.countersCollection = name;
            return this;
        }

        /**
         * Durability hook run after each successful append, before {@code appendEvents} returns (e.g.
         * {@code EmbeddedMongoServer::durabilityHook}). Default: no-op. If it throws, the append is reported as failed
         * although it may be stored.
         */
        public Builder afterAppend(Runnable afterAppend) {
            assertNonNull(afterAppend, "afterAppend may not be null");
            this.afterAppend = afterAppend;
            return this;
        }

        /**
         * How long a tracker waits, from when it first saw a global number missing, before it claims the number
         * with a tombstone (the writer then retries with a fresh number). Default 60 s.
         */
        public Builder gapTimeout(Duration gapTimeout) {
            assertThat(gapTimeout, t -> t != null && !t.isNegative(), "The gapTimeout must be zero or positive");
            this.gapTimeout = gapTimeout;
            return this;
        }

        /** Clock for gap timing and tombstone timestamps; default {@code Clock.systemUTC()}. */
        public Builder clock(Clock clock) {
            assertNonNull(clock, "The clock may not be null");
            this.clock = clock;
            return this;
        }

        /** Gaps further than this behind the token's index are claimed by tombstones and dropped; default 10,000. */
        public Builder maxGapOffset(int maxGapOffset) {
            assertThat(maxGapOffset, n -> n > 0, "The maxGapOffset must be positive");
            this.maxGapOffset = maxGapOffset;
            return this;
        }

        /** Whether the constructor creates the indexes and the counter document; default {@code true}. */
        public Builder ensureIndexes(boolean ensureIndexes) {
            this.ensureIndexes = ensureIndexes;
            return this;
        }

        @Override
        public Builder snapshotSerializer(Serializer snapshotSerializer) {
            super.snapshotSerializer(snapshotSerializer);
            this.snapshotSerializerSet = true;
            return this;
        }

        @Override
        public Builder upcasterChain(EventUpcaster upcasterChain) {
            super.upcasterChain(upcasterChain);
            return this;
        }

        @Override
        public Builder persistenceExceptionResolver(PersistenceExceptionResolver persistenceExceptionResolver) {
            super.persistenceExceptionResolver(persistenceExceptionResolver);
            return this;
        }

        @Override
        public Builder eventSerializer(Serializer eventSerializer) {
            super.eventSerializer(eventSerializer);
            this.eventSerializerSet = true;
            return this;
        }

        @Override
        public Builder finalAggregateBatchPredicate(
                Predicate<List<? extends DomainEventData<?>>> finalAggregateBatchPredicate) {
            super.finalAggregateBatchPredicate(finalAggregateBatchPredicate);
            return this;
        }

        @Override
        @Deprecated
        public Builder snapshotFilter(Predicate<? super DomainEventData<?>> snapshotFilter) {
            super.snapshotFilter(snapshotFilter);
            return this;
        }

        @Override
        public Builder snapshotFilter(SnapshotFilter snapshotFilter) {
            super.snapshotFilter(snapshotFilter);
            return this;
        }

        @Override
        public Builder batchSize(int batchSize) {
            super.batchSize(batchSize);
            return this;
        }

        @Override
        protected void validate() throws AxonConfigurationException {
            assertNonNull(database, "The MongoDatabase is a hard requirement and should be provided");
            if (!eventSerializerSet || !snapshotSerializerSet) {
                throw new AxonConfigurationException(
                        "The event and snapshot serializers are hard requirements (no XML serializer default)");
            }
            super.validate();
        }

        public MongoEventStorageEngine build() {
            return new MongoEventStorageEngine(this);
        }
    }
}
