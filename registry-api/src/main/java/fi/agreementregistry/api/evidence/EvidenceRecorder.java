package fi.agreementregistry.api.evidence;

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

/**
 * The evidence processor ({@value #PROCESSING_GROUP}: one tracking processor, one segment, configured in
 * application.yml): appends every event it reads, in the order it reads them, to the {@link EvidenceLog}. The leaf is
 * made from the commit document as stored in {@code domain_events}, looked up by the event's aggregate key
 * ({@code <agreement id>/<sequence>}, a unique index; not by the token's index, which for an event that filled a gap
 * is a higher number), never from the deserialized or upcast event.
 * <p>
 * It is not a read model: it is not in {@code ReplayableGroups}, so the admin replay and the consistency check leave
 * it alone, and its handler is {@link DisallowReplay}, so Axon refuses to reset its token (a reset would only re-read
 * events the log already holds, but the evidence is never rebuilt). A redelivered event (a batch retried after an error or a crash) is found in
 * the log by its global number and not appended again. An error reaches the processor (ProcessorErrorConfiguration),
 * which retries the batch: no event is skipped.
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

    @EventHandler
    @DisallowReplay
    public void on(Object payload, EventMessage<?> message, TrackingToken token) {
        // The commit by its aggregate key (a unique index): a token's index is the highest number read so far, which
        // is not this event's number when the event filled a gap (it became visible late).
        Document commit = message instanceof DomainEventMessage<?> domain
                ? events.find(Filters.eq("aggregateKeys", domain.getAggregateIdentifier() + "/"
                        + domain.getSequenceNumber())).first()
                : events.find(Filters.eq("globalIndexes", token.position().orElse(-1))).first();
        Document stored = null;
        if (commit != null && !Boolean.TRUE.equals(commit.getBoolean("tombstone"))) {
            for (Document event : commit.getList("events", Document.class)) {
                if (message.getIdentifier().equals(event.getString("eventIdentifier"))) {
                    stored = event;
                }
            }
        }
        if (stored == null) {
            throw new IllegalStateException("event " + message.getIdentifier() + " is not stored as delivered ("
                    + token + ")");
        }
        if (log.append(EvidenceLeaf.of(stored)) == EvidenceLog.Appended.APPENDED) {
            checkpoints.leafAppended(log.appendedSize());
        }
    }
}
