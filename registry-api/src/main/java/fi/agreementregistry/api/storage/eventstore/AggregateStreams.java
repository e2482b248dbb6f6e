package fi.agreementregistry.api.storage.eventstore;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import org.axonframework.eventhandling.DomainEventData;
import org.bson.Document;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import static fi.agreementregistry.api.storage.eventstore.EventDocuments.AGGREGATE_IDENTIFIER;
import static fi.agreementregistry.api.storage.eventstore.EventDocuments.AGGREGATE_KEYS;
import static fi.agreementregistry.api.storage.eventstore.EventDocuments.EVENTS;
import static fi.agreementregistry.api.storage.eventstore.EventDocuments.ID;
import static fi.agreementregistry.api.storage.eventstore.EventDocuments.SEQUENCE_NUMBER;
import static fi.agreementregistry.api.storage.eventstore.EventDocuments.aggregateKey;
import static fi.agreementregistry.api.storage.eventstore.EventDocuments.toDomainEventData;

/**
 * Reads one aggregate's events: an aggregate load and the search for its last sequence number. Both look up
 * {@code aggregateId/sequence} keys with {@code $in} on the unique {@code aggregateKeys} index, never a range query
 * (the embedded server would scan the whole collection for one), so their cost follows the aggregate, not the store.
 * Read with read concern {@code majority}: a command never decides on an event a failover could roll back.
 */
final class AggregateStreams {

    private static final int MAX_PROBES_PER_ROUND = 64;

    private final MongoCollection<Document> committedEvents;

    AggregateStreams(MongoCollection<Document> committedEvents) {
        this.committedEvents = committedEvents;
    }

    /**
     * The aggregate's events from {@code firstSequenceNumber}, at most {@code batchSize} of them, in order; only a
     * contiguous run counts, since an aggregate's sequence has no holes.
     */
    List<? extends DomainEventData<?>> fetch(String aggregateIdentifier, long firstSequenceNumber, int batchSize) {
        List<String> keys = new ArrayList<>(batchSize);
        for (long seq = firstSequenceNumber; seq < firstSequenceNumber + batchSize; seq++) {
            keys.add(aggregateKey(aggregateIdentifier, seq));
        }
        TreeMap<Long, DomainEventData<?>> bySequence = new TreeMap<>();
        EventDocuments.forEachCommitOnce(committedEvents.find(Filters.in(AGGREGATE_KEYS, keys)).batchSize(batchSize),
                commit -> {
                    for (Document event : commit.getList(EVENTS, Document.class)) {
                        Object rawSeq = event.get(SEQUENCE_NUMBER);
                        long seq = rawSeq == null ? -1 : ((Number) rawSeq).longValue();
                        if (aggregateIdentifier.equals(event.getString(AGGREGATE_IDENTIFIER))
                                && seq >= firstSequenceNumber && seq < firstSequenceNumber + batchSize) {
                            bySequence.put(seq, toDomainEventData(event));
                        }
                    }
                });
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
    Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
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
}
