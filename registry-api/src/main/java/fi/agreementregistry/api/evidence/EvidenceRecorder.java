package fi.agreementregistry.api.evidence;

import fi.agreementregistry.projections.support.BatchEnd;
import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The evidence processor ({@value #PROCESSING_GROUP}: one tracking processor, one segment, configured in
 * application.yml): appends every event it reads, in the order it reads them, to the {@link EvidenceLog}. The leaf is
 * made from the commit document as stored in {@code domain_events}, looked up by the event's aggregate key
 * ({@code <agreement id>/<sequence>}, a unique index; not by the token's index, which for an event that filled a gap
 * is a higher number), never from the deserialized or upcast event: the handler takes the message, so the payload is
 * never deserialized.
 * <p>
 * Within a processor's batch the events are collected and written when the batch ends, before its token is stored
 * ({@code BatchEnd}): one look-up of the batch's commits and one bulk write of its leaves. Without a unit of work
 * (tests) each event is written at once.
 * <p>
 * It is not a read model: it is not in {@code ReplayableGroups}, so the admin replay and the consistency check leave
 * it alone, and its handler is {@link DisallowReplay}, so Axon refuses to reset its token (a reset would only re-read
 * events the log already holds, but the evidence is never rebuilt). A redelivered event (a batch retried after an
 * error or a crash) is found in the log by its global number and not appended again. An error reaches the processor
 * (ProcessorErrorConfiguration), which retries the batch: no event is skipped.
 */
@Component
@ProcessingGroup(EvidenceRecorder.PROCESSING_GROUP)
public class EvidenceRecorder {

    public static final String PROCESSING_GROUP = "evidence";

    private final EvidenceLog log;
    private final EvidenceCheckpoints checkpoints;
    private final MongoCollection<Document> events;

    public EvidenceRecorder(EvidenceLog log, EvidenceCheckpoints checkpoints, MongoDatabase database) {
        this.log = log;
        this.checkpoints = checkpoints;
        this.events = database.getCollection("domain_events").withReadConcern(ReadConcern.MAJORITY)
                .withReadPreference(ReadPreference.primary());
    }

    /** An event as delivered: its identifier, and where its commit is found. */
    private record Delivered(String eventIdentifier, String aggregateKey, long position) {
    }

    @EventHandler
    @DisallowReplay
    public void on(EventMessage<?> message, TrackingToken token) {
        // A domain event's commit is found by its aggregate key (a unique index): a token's index is the highest
        // number read so far, which is not this event's number when the event filled a gap (it became visible late).
        Delivered delivered = message instanceof DomainEventMessage<?> domain
                ? new Delivered(message.getIdentifier(), domain.getAggregateIdentifier() + "/"
                        + domain.getSequenceNumber(), -1)
                : new Delivered(message.getIdentifier(), null, token.position().orElse(-1));
        List<Delivered> batch = BatchEnd.buffer(this, ArrayList::new, this::record);
        if (batch != null) {
            batch.add(delivered);
        } else {
            record(List.of(delivered));
        }
    }

    private void record(List<Delivered> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<String> keys = batch.stream().map(Delivered::aggregateKey).filter(Objects::nonNull).toList();
        List<Long> positions = batch.stream().filter(d -> d.aggregateKey() == null).map(Delivered::position).toList();
        Map<String, Document> stored = new HashMap<>();
        // One $in per unique field, never an $or of them: the embedded server uses an index only for a filter on
        // exactly that index's field, and an $or would read the whole store for every batch.
        if (!keys.isEmpty()) {
            collect(events.find(Filters.in("aggregateKeys", keys)), stored);
        }
        if (!positions.isEmpty()) {
            collect(events.find(Filters.in("globalIndexes", positions)), stored);
        }
        List<EvidenceLeaf> leaves = new ArrayList<>();
        for (Delivered delivered : batch) {
            Document event = stored.get(delivered.eventIdentifier());
            if (event == null) {
                throw new IllegalStateException("event " + delivered.eventIdentifier() + " is not stored as delivered ("
                        + (delivered.aggregateKey() != null ? delivered.aggregateKey() : "at " + delivered.position())
                        + ")");
            }
            leaves.add(EvidenceLeaf.of(event));
        }
        if (log.append(leaves) > 0) {
            checkpoints.leafAppended(log.appendedSize());
        }
    }

    private static void collect(Iterable<Document> commits, Map<String, Document> byEventIdentifier) {
        for (Document commit : commits) {
            if (!Boolean.TRUE.equals(commit.getBoolean("tombstone"))) {
                for (Document event : commit.getList("events", Document.class)) {
                    byEventIdentifier.put(event.getString("eventIdentifier"), event);
                }
            }
        }
    }
}
