package fi.agreementregistry.api.storage.eventstore;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.bson.Document;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The layout of the event store's documents, written down once so that the writer and every reader agree on it
 * (docs/event-store.md, "Layout"): the field names of commits, tombstones, events and snapshots, the two unique
 * indexes whose refusals decide every race, the timestamp format, and the conversions between Axon's event messages
 * and documents. No query lives here; the classes that read and write use these names.
 */
final class EventDocuments {

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

    /** Fixed width, UTC, nanosecond precision: sorts as a string in time order (years 0000-9999). */
    static final DateTimeFormatter TIMESTAMP_FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    /** Recognises a duplicate key on the unique indexes, so Axon's engine raises its concurrency exceptions. */
    static final PersistenceExceptionResolver DUPLICATE_KEY_RESOLVER =
            e -> e instanceof MongoWriteException mwe && isDuplicateKey(mwe);

    private EventDocuments() {
    }

    /**
     * Creates the two unique indexes of the events collection if missing. They are the store's only concurrency
     * control: {@code globalIndexes} lets one commit or tombstone hold a global number, {@code aggregateKeys} lets one
     * commit hold an aggregate's sequence number.
     */
    static void createUniqueIndexes(MongoCollection<Document> events) {
        events.createIndex(Indexes.ascending(GLOBAL_INDEXES),
                           new IndexOptions().unique(true).name(GLOBAL_INDEXES_INDEX));
        // sparse: tombstones and commits of non-domain events have no aggregate keys
        events.createIndex(Indexes.ascending(AGGREGATE_KEYS),
                           new IndexOptions().unique(true).sparse(true).name(AGGREGATE_KEYS_INDEX));
    }

    /** Whether a write was refused by a unique index (a number or a key someone else holds). */
    static boolean isDuplicateKey(MongoWriteException e) {
        return ErrorCategory.fromErrorCode(e.getError().getCode()) == ErrorCategory.DUPLICATE_KEY;
    }

    /**
     * The events of one append, serialized but not yet numbered: global numbers are allocated for each attempt to
     * insert it, so the same draft is numbered afresh when an attempt lost its numbers to a tracker.
     */
    static CommitDraft draft(List<? extends EventMessage<?>> eventMessages, Serializer serializer) {
        List<Document> entries = new ArrayList<>(eventMessages.size());
        List<String> aggregateKeys = new ArrayList<>();
        String lastTimestamp = null;
        for (EventMessage<?> event : eventMessages) {
            Document entry = eventEntry(event, serializer);
            entries.add(entry);
            String ts = entry.getString(TIMESTAMP);
            lastTimestamp = lastTimestamp == null || ts.compareTo(lastTimestamp) > 0 ? ts : lastTimestamp;
            if (event instanceof DomainEventMessage<?> domainEvent && domainEvent.getAggregateIdentifier() != null) {
                aggregateKeys.add(aggregateKey(domainEvent.getAggregateIdentifier(), domainEvent.getSequenceNumber()));
            }
        }
        return new CommitDraft(entries, aggregateKeys, lastTimestamp);
    }

    /**
     * An append's events as documents, the {@code aggregateId/sequence} keys of its domain events (empty when it has
     * none) and the latest of their timestamps.
     */
    record CommitDraft(List<Document> entries, List<String> aggregateKeys, String lastTimestamp) {

        int size() {
            return entries.size();
        }

        String firstEventIdentifier() {
            return entries.get(0).getString(EVENT_IDENTIFIER);
        }

        /** The commit document holding these events at {@code numbers} (one per event, in order). */
        Document numbered(List<Long> numbers) {
            Document commit = new Document(ID, numbers.get(0)).append(GLOBAL_INDEXES, numbers);
            if (!aggregateKeys.isEmpty()) {
                commit.append(AGGREGATE_KEYS, aggregateKeys);
            }
            List<Document> numberedEntries = new ArrayList<>(entries.size());
            for (int i = 0; i < entries.size(); i++) {
                numberedEntries.add(new Document(GLOBAL_INDEX, numbers.get(i)));
                numberedEntries.get(i).putAll(entries.get(i));
            }
            return commit.append(LAST_TIMESTAMP, lastTimestamp).append(EVENTS, numberedEntries);
        }
    }

    /** A tombstone: holds {@code numbers} in the unique index so that no commit can, and says why. */
    static Document tombstone(List<Long> numbers, String reason, String now) {
        return new Document(ID, numbers.get(0))
                .append(GLOBAL_INDEXES, numbers)
                .append(TOMBSTONE, true)
                .append(REASON, reason)
                .append(LAST_TIMESTAMP, now);
    }

    static boolean isTombstone(Document document) {
        return Boolean.TRUE.equals(document.getBoolean(TOMBSTONE));
    }

    /**
     * One event (or snapshot) as a document: payload and metadata serialized to strings; the aggregate fields only
     * for a domain event.
     */
    static Document eventEntry(EventMessage<?> event, Serializer serializer) {
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

    /** An event (or snapshot) document as Axon's serialized event data; upcasting and deserializing are Axon's. */
    static DomainEventData<?> toDomainEventData(Document event) {
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

    /** An event's global number (stored as {@code Integer} or {@code Long}, depending on the server). */
    static long globalIndex(Document event) {
        return ((Number) event.get(GLOBAL_INDEX)).longValue();
    }

    /** The unique key of an aggregate's event in {@code aggregateKeys}. */
    static String aggregateKey(String aggregateIdentifier, long sequenceNumber) {
        return aggregateIdentifier + "/" + sequenceNumber;
    }

    static String formatTimestamp(Instant instant) {
        return TIMESTAMP_FORMAT.format(instant);
    }

    /**
     * Hands each commit a find returns to {@code action} once. For a {@code $in} on an array field (global numbers,
     * aggregate keys) the embedded server returns a commit once for every element that matches, a real MongoDB once.
     */
    static void forEachCommitOnce(FindIterable<Document> found, Consumer<Document> action) {
        Set<Object> seen = new HashSet<>();
        try (MongoCursor<Document> cursor = found.iterator()) {
            while (cursor.hasNext()) {
                Document commit = cursor.next();
                if (seen.add(commit.get(ID))) {
                    action.accept(commit);
                }
            }
        }
    }
}
