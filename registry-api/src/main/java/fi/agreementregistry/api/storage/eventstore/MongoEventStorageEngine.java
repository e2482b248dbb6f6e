package fi.agreementregistry.api.storage.eventstore;

import com.mongodb.ErrorCategory;
import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
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
import fi.agreementregistry.projections.processors.HeadPosition;
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
public class MongoEventStorageEngine extends BatchingEventStorageEngine implements HeadPosition {

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

    /** For writes, and for the conflict check after a duplicate key, which must see the competing write at once. */
    private final MongoCollection<Document> events;
    /**
     * For every read that acts on what it finds (tracking, aggregate loads, head tokens): read concern
     * {@code majority} on the primary, so nothing that a failover could roll back is delivered or passed over.
     */
    private final MongoCollection<Document> committedEvents;
    private final MongoCollection<Document> snapshots;
    private final MongoCollection<Document> counters;
    private final String counterId;
    private final Runnable afterAppend;
    private final Duration gapTimeout;
    private final Clock clock;
    private final int maxGapOffset;
    /** When this engine first saw each still-missing global number (tracker side of the gap timeout). */
    private final Map<Long, Instant> missingSince = new ConcurrentHashMap<>();
    /**
     * Every global number up to this one is known to be held by a commit or a tombstone (learnt from the tokens this
     * engine makes), so a head token need only look for missing numbers above it.
     */
    private final java.util.concurrent.atomic.AtomicLong accountedUpTo = new java.util.concurrent.atomic.AtomicLong();
    private static final int SCAN_PAGE = 1_000;

    /** Test hook: runs after global numbers were allocated for an append, before its commit is inserted. */
    volatile Consumer<List<Long>> afterAllocation = numbers -> { };

    protected MongoEventStorageEngine(Builder builder) {
        super(builder);
        MongoDatabase database = builder.database;
        this.events = database.getCollection(builder.eventsCollection);
        this.committedEvents = majority(events);
        this.snapshots = majority(database.getCollection(builder.snapshotsCollection));
        this.counters = majority(database.getCollection(builder.countersCollection));
        this.counterId = builder.eventsCollection;
        this.afterAppend = builder.afterAppend;
        this.gapTimeout = builder.gapTimeout;
        this.clock = builder.clock;
        this.maxGapOffset = builder.maxGapOffset;
        if (builder.ensureIndexes) {
            ensureIndexes();
        }
    }

    private static MongoCollection<Document> majority(MongoCollection<Document> collection) {
        return collection.withReadConcern(ReadConcern.MAJORITY).withReadPreference(ReadPreference.primary());
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
                // A write-concern timeout or a lost connection may come after the server applied the insert: the
                // append is reported as it is, so a client never retries (and repeats) an action that was stored.
                String firstEvent = serialized.get(0).getString(EVENT_IDENTIFIER);
                if (storedAsOurs(numbers.get(0), firstEvent, e)) {
                    logger.warn("The append of event {} reported an error after it was stored ({}); it is stored",
                                firstEvent, e.toString());
                    afterAppend.run();
                    return;
                }
                Set<Long> claimed = claim(numbers, "failed-append");
                if (!claimed.contains(numbers.get(0)) && storedAsOurs(numbers.get(0), firstEvent, e)) {
                    afterAppend.run();   // the insert reached the server after our first look
                    return;
                }
                throw new EventStoreException("Failed to append events starting with "
                                                      + eventMessages.get(0).getIdentifier(), e);
            }
            afterAppend.run();
            return;
        }
        throw new EventStoreException("Could not append events starting with " + eventMessages.get(0).getIdentifier()
                                              + ": every allocated global number was claimed by a tracker");
    }

    /**
     * Whether the commit at {@code firstNumber} exists and starts with {@code firstEventIdentifier}: the outcome of an
     * insert whose acknowledgement failed. Read on the primary without waiting for a majority (the insert may have
     * reached the primary only). A look-up that fails too leaves the outcome unknown: reported as a failure that
     * says so.
     */
    private boolean storedAsOurs(long firstNumber, String firstEventIdentifier, RuntimeException appendError) {
        for (int attempt = 1; ; attempt++) {
            try {
                Document commit = events.withReadConcern(ReadConcern.LOCAL)
                                        .find(Filters.eq(ID, firstNumber))
                                        .projection(Projections.include(EVENTS + "." + EVENT_IDENTIFIER))
                                        .first();
                List<Document> entries = commit == null ? null : commit.getList(EVENTS, Document.class);
                return entries != null && !entries.isEmpty()
                        && firstEventIdentifier.equals(entries.get(0).getString(EVENT_IDENTIFIER));
            } catch (RuntimeException lookup) {
                if (attempt == 3) {
                    EventStoreException unknown = new EventStoreException(
                            "The append of event " + firstEventIdentifier + " failed (" + appendError
                                    + ") and whether it was stored cannot be read (" + lookup + "): its outcome is"
                                    + " unknown; read the agreement before repeating the action", appendError);
                    unknown.addSuppressed(lookup);
                    throw unknown;
                }
            }
        }
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
        // local, not majority: the competing commit may be acknowledged by the primary only, for now
        try (MongoCursor<Document> cursor = events.withReadConcern(ReadConcern.LOCAL)
                                                  .find(Filters.in(AGGREGATE_KEYS, aggregateKeys))
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
        try (MongoCursor<Document> cursor = committedEvents.find(Filters.in(AGGREGATE_KEYS, keys))
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
        try (MongoCursor<Document> cursor = committedEvents.find(Filters.in(AGGREGATE_KEYS,
                                                                                 new ArrayList<>(byKey.keySet())))
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
        forgetStaleGapClocks(now);
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
                if (!accountForPassedNumbers(current, n)) {
                    return result; // a number about to be passed was filled meanwhile: read it on the next call
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
                accounted(current);
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
        try (MongoCursor<Document> cursor = committedEvents.find(Filters.in(GLOBAL_INDEXES, new ArrayList<>(candidates)))
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
     * Advancing to {@code n} passes, without reading them, the gaps older than {@code maxGapOffset} and the numbers
     * between the token's index and {@code n} that are already that far behind (a jump over an empty window, or the
     * first event of a stream that starts from nothing). Every such number must be accounted for: claimed by a
     * tombstone now, or already held by one. Returns {@code false} if one of them is held by a commit by now (it must
     * be delivered), or is held by something this read cannot see yet (a write not yet majority-committed).
     */
    private boolean accountForPassedNumbers(GapAwareTrackingToken current, long n) {
        long index = current == null ? LOWEST_GLOBAL_SEQUENCE - 1 : current.getIndex();
        long smallestKept = Math.max(n, index) - maxGapOffset;
        SortedSet<Long> passed = new TreeSet<>();
        if (current != null) {
            passed.addAll(current.getGaps().headSet(smallestKept));
        }
        for (long skipped = index + 1; skipped < Math.min(n, smallestKept); skipped++) {
            passed.add(skipped);
        }
        if (passed.isEmpty()) {
            return true;
        }
        Set<Long> claimed = claim(passed, "abandoned");
        if (claimed.size() == passed.size()) {
            return true;
        }
        // some were not claimable: held by a tombstone (fine) or by a late commit (must be delivered)
        Set<Long> unclaimed = new TreeSet<>(passed);
        unclaimed.removeAll(claimed);
        TreeMap<Long, Document> holders = findByGlobalIndexes(unclaimed, unclaimed.size());
        // every number must be accounted for: one we could neither claim nor see is not known to be a tombstone
        return holders.keySet().containsAll(unclaimed) && holders.values().stream().allMatch(Objects::isNull);
    }

    /**
     * A gap whose clock is older than twice the gap timeout is no tracker's gap any more (a tracker with it would have
     * claimed it on its next fetch): its segment moved to another instance, or its tracker stopped. Forgetting it
     * bounds the map; a tracker that still has it starts its clock again, which only delays the claim.
     */
    private void forgetStaleGapClocks(Instant now) {
        Instant stale = now.minus(gapTimeout.multipliedBy(2));
        missingSince.values().removeIf(since -> since.isBefore(stale));
    }

    /** How many missing numbers this engine is timing (tests). */
    int gapClocks() {
        return missingSince.size();
    }

    private void accounted(GapAwareTrackingToken token) {
        long upTo = token.getGaps().isEmpty() ? token.getIndex() : token.getGaps().first() - 1;
        accountedUpTo.accumulateAndGet(upTo, Math::max);
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
     * The global number of the last stored commit or tombstone, -1 when the store is empty: the counter's value,
     * less the numbers at the top that are allocated but not yet visible (looked for among the last
     * {@code batchSize}). Cheap (two lookups): for status, lag and health figures.
     */
    @Override
    public long lastStoredPosition() {
        long head = counterValue();
        if (head < LOWEST_GLOBAL_SEQUENCE) {
            return -1;
        }
        long low = Math.max(LOWEST_GLOBAL_SEQUENCE, head - batchSize() + 1);
        TreeSet<Long> window = new TreeSet<>();
        for (long n = low; n <= head; n++) {
            window.add(n);
        }
        TreeMap<Long, Document> present = findByGlobalIndexes(window, batchSize());
        long index = present.isEmpty() ? low - 1 : present.lastKey();
        return index < LOWEST_GLOBAL_SEQUENCE ? -1 : index;
    }

    /**
     * A token at the last stored commit or tombstone ({@link #lastStoredPosition()}). Every number below it that is
     * allocated but not stored (an append in flight) is kept as a gap, so a processor starting here does not skip it;
     * one more than {@code maxGapOffset} behind is claimed by a tombstone instead (its writer retries with fresh
     * numbers, which come after this token).
     */
    @Override
    public TrackingToken createHeadToken() {
        long index = lastStoredPosition();
        return index < LOWEST_GLOBAL_SEQUENCE ? null : tokenAt(index);
    }

    /**
     * A token at {@code at} (or at the highest number below it that is stored: numbers missing at the top come after
     * the token) whose gaps are every number below it not held by a commit or tombstone; numbers further back than
     * {@code maxGapOffset} are claimed by tombstones instead of kept; null when nothing up to {@code at} is stored. Looks only above the numbers
     * known to be accounted for, in pages of {@value #SCAN_PAGE} numbers (bounded memory, short queries).
     */
    private GapAwareTrackingToken tokenAt(long at) {
        long index = at;
        long from = Math.max(LOWEST_GLOBAL_SEQUENCE, accountedUpTo.get() + 1);
        TreeSet<Long> missing = new TreeSet<>();
        for (long pageStart = from; pageStart <= index; pageStart += SCAN_PAGE) {
            List<Long> page = new ArrayList<>(SCAN_PAGE);
            for (long n = pageStart; n <= Math.min(index, pageStart + SCAN_PAGE - 1); n++) {
                page.add(n);
            }
            TreeMap<Long, Document> present = findByGlobalIndexes(page, SCAN_PAGE);
            page.stream().filter(n -> !present.containsKey(n)).forEach(missing::add);
        }
        // A token's index is a number it has seen: the numbers missing at the top come after it (read later).
        while (missing.contains(index)) {
            missing.remove(index);
            index--;
        }
        if (index < LOWEST_GLOBAL_SEQUENCE) {
            return null;
        }
        SortedSet<Long> tooOld = new TreeSet<>(missing.headSet(index - maxGapOffset));
        if (!tooOld.isEmpty()) {
            // claimed now, or held by a commit stored meanwhile (so before this token, like every other stored one)
            claim(tooOld, "abandoned");
            missing.removeAll(tooOld);
        }
        GapAwareTrackingToken token = GapAwareTrackingToken.newInstance(index, missing);
        accounted(token);
        return token;
    }

    /**
     * The position just before the first event stored at or after {@code dateTime}, with every number below it that
     * is not yet stored kept as a gap ({@link #tokenAt}). An administrative operation: it reads the commits' last
     * timestamps in pages of global numbers, with a projection, so memory stays bounded and each query is short.
     */
    @Override
    public TrackingToken createTokenAt(@Nonnull Instant dateTime) {
        String from = formatTimestamp(dateTime);
        long head = counterValue();
        long first = Long.MAX_VALUE;
        for (long pageStart = LOWEST_GLOBAL_SEQUENCE; pageStart <= head; pageStart += SCAN_PAGE) {
            List<Long> page = new ArrayList<>(SCAN_PAGE);
            for (long n = pageStart; n <= Math.min(head, pageStart + SCAN_PAGE - 1); n++) {
                page.add(n);
            }
            try (MongoCursor<Document> cursor = committedEvents
                    .find(Filters.and(Filters.in(GLOBAL_INDEXES, page), Filters.gte(LAST_TIMESTAMP, from)))
                    .projection(Projections.include(EVENTS + "." + GLOBAL_INDEX, EVENTS + "." + TIMESTAMP))
                    .batchSize(SCAN_PAGE)
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
        }
        if (first == Long.MAX_VALUE) {
            return createHeadToken();
        }
        return first - 1 < LOWEST_GLOBAL_SEQUENCE ? null : tokenAt(first - 1);
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
