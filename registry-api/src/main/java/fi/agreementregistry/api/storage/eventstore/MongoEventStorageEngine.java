package fi.agreementregistry.api.storage.eventstore;

import com.mongodb.MongoWriteException;
import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import fi.agreementregistry.api.storage.eventstore.EventDocuments.CommitDraft;
import fi.agreementregistry.projections.processors.HeadPosition;
import jakarta.annotation.Nonnull;
import org.axonframework.common.AxonConfigurationException;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.BatchingEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static fi.agreementregistry.api.storage.eventstore.EventDocuments.AGGREGATE_KEYS;
import static fi.agreementregistry.api.storage.eventstore.EventDocuments.DUPLICATE_KEY_RESOLVER;
import static fi.agreementregistry.api.storage.eventstore.EventDocuments.EVENTS;
import static fi.agreementregistry.api.storage.eventstore.EventDocuments.EVENT_IDENTIFIER;
import static fi.agreementregistry.api.storage.eventstore.EventDocuments.ID;
import static fi.agreementregistry.api.storage.eventstore.EventDocuments.aggregateKey;
import static fi.agreementregistry.api.storage.eventstore.EventDocuments.isDuplicateKey;
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
 * <p>
 * This class is what Axon talks to, and it holds the append (allocate numbers, insert the commit, settle a duplicate
 * key or an acknowledgement that was lost); the rest is delegated, one class per concern:
 * <ul>
 *     <li>{@link EventDocuments}: the documents' layout, the unique indexes, the conversions to and from events;</li>
 *     <li>{@link GlobalNumbers}: the counter that hands out global numbers, and the tombstones that claim them;</li>
 *     <li>{@link GapAwareTracking} (with {@link GapClocks}): tracking reads, gaps and their timeout, head tokens;</li>
 *     <li>{@link AggregateStreams}: loading one aggregate's events and finding its last sequence number;</li>
 *     <li>{@link Snapshots}: one snapshot document per aggregate.</li>
 * </ul>
 */
public class MongoEventStorageEngine extends BatchingEventStorageEngine implements HeadPosition {

    private static final int MAX_APPEND_ATTEMPTS = 20;

    private static final Logger logger = LoggerFactory.getLogger(MongoEventStorageEngine.class);

    /** For writes, and for the conflict check after a duplicate key, which must see the competing write at once. */
    private final MongoCollection<Document> events;
    private final Runnable afterAppend;
    private final GlobalNumbers globalNumbers;
    private final GapClocks gapClocks;
    private final GapAwareTracking tracking;
    private final AggregateStreams aggregateStreams;
    private final Snapshots snapshots;

    /** Test hook: runs after global numbers were allocated for an append, before its commit is inserted. */
    volatile Consumer<List<Long>> afterAllocation = numbers -> { };

    protected MongoEventStorageEngine(Builder builder) {
        super(builder);
        MongoDatabase database = builder.database;
        this.events = database.getCollection(builder.eventsCollection);
        // every read that acts on what it finds (tracking, aggregate loads, head tokens, snapshots, the counter):
        // read concern majority on the primary, so nothing that a failover could roll back is delivered or passed over
        MongoCollection<Document> committedEvents = majority(events);
        this.snapshots = new Snapshots(majority(database.getCollection(builder.snapshotsCollection)));
        MongoCollection<Document> counters = majority(database.getCollection(builder.countersCollection));
        this.afterAppend = builder.afterAppend;
        this.gapClocks = new GapClocks(builder.gapTimeout);
        this.globalNumbers = new GlobalNumbers(events, counters, builder.eventsCollection, builder.clock,
                                               gapClocks::stop);
        this.tracking = new GapAwareTracking(committedEvents, globalNumbers, gapClocks, builder.clock,
                                             builder.maxGapOffset, batchSize());
        this.aggregateStreams = new AggregateStreams(committedEvents);
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
        EventDocuments.createUniqueIndexes(events);
        globalNumbers.createCounterIfMissing();
    }

    // ------------------------------------------------------------------------------------------------ append

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> eventMessages, Serializer serializer) {
        if (eventMessages.isEmpty()) {
            return;
        }
        CommitDraft draft = EventDocuments.draft(eventMessages, serializer);

        for (int attempt = 1; attempt <= MAX_APPEND_ATTEMPTS; attempt++) {
            List<Long> numbers = globalNumbers.allocate(draft.size());
            afterAllocation.accept(numbers);
            Document commit = draft.numbered(numbers);
            try {
                events.insertOne(commit);
            } catch (MongoWriteException e) {
                if (!isDuplicateKey(e)) {
                    globalNumbers.claim(numbers, "failed-append");
                    handlePersistenceException(e, eventMessages.get(0));
                }
                Optional<EventMessage<?>> conflicting = firstConflictingEvent(eventMessages, draft.aggregateKeys());
                if (conflicting.isPresent()) {
                    // a competing append owns one of our aggregate sequence numbers: this append lost
                    globalNumbers.claim(numbers, "conflict");
                    handlePersistenceException(e, conflicting.get());
                }
                // a tracker declared (some of) our global numbers abandoned: give up the rest of them too, so no
                // tracker waits for them, and retry with fresh numbers (still checked against aggregate keys)
                globalNumbers.claim(numbers, "retried");
                continue;
            } catch (RuntimeException e) {
                // A write-concern timeout or a lost connection may come after the server applied the insert: the
                // append is reported as it is, so a client never retries (and repeats) an action that was stored.
                String firstEvent = draft.firstEventIdentifier();
                if (storedAsOurs(numbers.get(0), firstEvent, e)) {
                    logger.warn("The append of event {} reported an error after it was stored ({}); it is stored",
                                firstEvent, e.toString());
                    afterAppend.run();
                    return;
                }
                Set<Long> claimed = globalNumbers.claim(numbers, "failed-append");
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

    /**
     * After a duplicate key: the first of this append's events whose aggregate sequence number a competing commit
     * holds (the append lost the race), or empty when the refusal was about global numbers only (a tracker claimed
     * them, and the append may retry with fresh ones).
     */
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

    // ------------------------------------------------------------------------------------------------ snapshots

    @Override
    protected void storeSnapshot(DomainEventMessage<?> snapshot, Serializer serializer) {
        snapshots.store(snapshot, serializer);
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
        return snapshots.read(aggregateIdentifier);
    }

    // ------------------------------------------------------------------------------------------------ aggregates

    @Override
    protected List<? extends DomainEventData<?>> fetchDomainEvents(String aggregateIdentifier,
                                                                   long firstSequenceNumber, int batchSize) {
        return aggregateStreams.fetch(aggregateIdentifier, firstSequenceNumber, batchSize);
    }

    /** {@inheritDoc} Found with a few {@code $in} probes of aggregate keys ({@link AggregateStreams}). */
    @Override
    public Optional<Long> lastSequenceNumberFor(@Nonnull String aggregateIdentifier) {
        return aggregateStreams.lastSequenceNumberFor(aggregateIdentifier);
    }

    // ------------------------------------------------------------------------------------------------ tracking

    @Override
    protected List<? extends TrackedEventData<?>> fetchTrackedEvents(TrackingToken lastToken, int batchSize) {
        return tracking.fetch(lastToken, batchSize);
    }

    /** How many missing numbers this engine is timing (tests). */
    int gapClocks() {
        return gapClocks.count();
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
        return tracking.lastStoredPosition();
    }

    /**
     * A token at the last stored commit or tombstone ({@link #lastStoredPosition()}). Every number below it that is
     * allocated but not stored (an append in flight) is kept as a gap, so a processor starting here does not skip it;
     * one more than {@code maxGapOffset} behind is claimed by a tombstone instead (its writer retries with fresh
     * numbers, which come after this token).
     */
    @Override
    public TrackingToken createHeadToken() {
        return tracking.headToken();
    }

    /**
     * The position just before the first event stored at or after {@code dateTime}, with every number below it that
     * is not yet stored kept as a gap. An administrative operation: it reads the commits' last timestamps in pages of
     * global numbers, with a projection, so memory stays bounded and each query is short.
     */
    @Override
    public TrackingToken createTokenAt(@Nonnull Instant dateTime) {
        return tracking.tokenAtTime(dateTime);
    }

    // ------------------------------------------------------------------------------------------------ builder

    /**
     * Builder of {@link MongoEventStorageEngine}. Required: {@link #database(MongoDatabase)},
     * {@link #eventSerializer(Serializer)} and {@link #snapshotSerializer(Serializer)} (never defaulted to Axon's XML
     * serializer).
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
