package fi.agreementregistry.api.admin;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import fi.agreementregistry.projections.agreement.AgreementSummaryProjection;
import fi.agreementregistry.projections.history.AgreementHistoryProjection;
import fi.agreementregistry.projections.party.PartyPortfolioProjection;
import fi.agreementregistry.projections.review.ReviewDeadlineProjection;
import fi.agreementregistry.projections.support.CollectionNames;
import fi.agreementregistry.projections.support.ReadModelCollections;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares each read model's per-agreement sequence (the last event it applied) with the event store's last
 * sequence of that agreement, and repairs the agreements that differ by rebuilding just their documents through
 * the projection's own handlers (no reset). A processor that is still catching up shows as {@code behind}.
 * <p>
 * The review-deadline model records a sequence only for the events it uses, so only {@code ahead} and
 * {@code missing} can be judged there.
 */
@Component
public class ConsistencyCheck {

    /** @param state {@code behind}, {@code ahead} or {@code missing} (no document; readModelSequence -1) */
    public record Mismatch(String processor, String agreementId, long readModelSequence, long eventStoreSequence,
                           String state) {
    }

    public record Report(String checkedAt, long head, int agreements, boolean consistent, List<Mismatch> mismatches) {
    }

    public record Repair(Report before, List<Mismatch> repaired, Report after) {
    }

    /** How one read model keeps its per-agreement sequence. */
    private record Model(String processor, String collection, String agreementField, String sequenceField,
                         boolean perEvent, boolean judgesBehind) {
    }

    private static final List<Model> MODELS = List.of(
            new Model(AgreementSummaryProjection.PROCESSING_GROUP, "agreement_summaries", "_id", "aggregateSequence",
                    false, true),
            new Model(AgreementHistoryProjection.PROCESSING_GROUP, "agreement_history", "agreementId", "sequence",
                    true, true),
            new Model(ReviewDeadlineProjection.PROCESSING_GROUP, "review_agreements", "_id", "aggregateSequence",
                    false, false),
            new Model(PartyPortfolioProjection.PROCESSING_GROUP, "party_portfolio_agreements", "_id",
                    "aggregateSequence", false, true));

    private final MongoDatabase database;
    private final ReadModelCollections collections;
    private final ReplayableGroups groups;
    private final EventStore eventStore;
    private final fi.agreementregistry.api.ops.EventProcessorStatus status;
    private final Clock clock;

    public ConsistencyCheck(MongoDatabase database, ReadModelCollections collections, ReplayableGroups groups,
                            EventStore eventStore, fi.agreementregistry.api.ops.EventProcessorStatus status,
                            Clock clock) {
        this.database = database;
        this.collections = collections;
        this.groups = groups;
        this.eventStore = eventStore;
        this.status = status;
        this.clock = clock;
    }

    public Report check() {
        long head = status.headIndex();
        Map<String, Long> store = lastSequences();
        List<Mismatch> mismatches = new ArrayList<>();
        for (Model model : MODELS) {
            Map<String, Long> read = readModelSequences(model);
            for (Map.Entry<String, Long> agreement : store.entrySet()) {
                Long applied = read.get(agreement.getKey());
                long expected = agreement.getValue();
                if (applied == null) {
                    mismatches.add(new Mismatch(model.processor(), agreement.getKey(), -1, expected, "missing"));
                } else if (applied > expected) {
                    mismatches.add(new Mismatch(model.processor(), agreement.getKey(), applied, expected, "ahead"));
                } else if (applied < expected && model.judgesBehind()) {
                    mismatches.add(new Mismatch(model.processor(), agreement.getKey(), applied, expected, "behind"));
                }
            }
            for (Map.Entry<String, Long> orphan : read.entrySet()) {
                if (!store.containsKey(orphan.getKey())) {
                    mismatches.add(new Mismatch(model.processor(), orphan.getKey(), orphan.getValue(), -1, "ahead"));
                }
            }
        }
        return new Report(clock.instant().toString(), head, store.size(), mismatches.isEmpty(), mismatches);
    }

    /** Rebuilds the documents of every mismatched agreement in the read model that reported it. */
    public Repair repair() {
        Report before = check();
        List<Mismatch> repaired = new ArrayList<>();
        for (Mismatch mismatch : before.mismatches()) {
            if (mismatch.eventStoreSequence() >= 0 || mismatch.readModelSequence() >= 0) {
                rebuild(mismatch.processor(), mismatch.agreementId());
                repaired.add(mismatch);
            }
        }
        return new Repair(before, repaired, check());
    }

    /** Deletes the agreement's documents in the active generation and applies its events again. */
    void rebuild(String processor, String agreementId) {
        ReplayableGroups.Group group = groups.find(processor).orElseThrow();
        CollectionNames names = collections.live(processor);
        String supersedes = null;
        for (String base : group.collections()) {
            MongoCollection<Document> collection = database.getCollection(names.of(base));
            if (base.equals("agreement_summaries")) {
                // Written by the predecessor's AgreementSuperseded, not by this agreement's events: keep it.
                Document existing = collection.find(Filters.eq("_id", agreementId)).first();
                supersedes = existing == null ? null : existing.getString("supersedes");
            }
            collection.deleteMany(Filters.or(Filters.eq("_id", agreementId), Filters.eq("agreementId", agreementId)));
        }
        AnnotationEventHandlerAdapter handler = new AnnotationEventHandlerAdapter(group.handlerFor().apply(names));
        // From sequence 0 and without snapshots: readEvents(id) would start at a snapshot.
        eventStore.readEvents(agreementId, 0).asStream().forEach(event -> handle(handler, event));
        if (supersedes != null) {
            database.getCollection(names.of("agreement_summaries")).updateOne(Filters.eq("_id", agreementId),
                    Updates.set("supersedes", supersedes));
        }
    }

    private static void handle(AnnotationEventHandlerAdapter handler, DomainEventMessage<?> event) {
        try {
            if (handler.canHandle(event)) {
                handler.handle(event);
            }
        } catch (Exception e) {
            throw new IllegalStateException("repair failed at " + event.getAggregateIdentifier() + " #"
                    + event.getSequenceNumber(), e);
        }
    }

    /** One pass over the stored commits (an admin operation: a scan). */
    private Map<String, Long> lastSequences() {
        Map<String, Long> last = new TreeMap<>();
        for (Document commit : database.getCollection("domain_events").find(Filters.exists("tombstone", false))) {
            for (Document event : commit.getList("events", Document.class)) {
                String aggregate = event.getString("aggregateIdentifier");
                Object sequence = event.get("sequenceNumber");
                if (aggregate != null && sequence instanceof Number n) {
                    last.merge(aggregate, n.longValue(), Math::max);
                }
            }
        }
        return last;
    }

    private Map<String, Long> readModelSequences(Model model) {
        Map<String, Long> sequences = new HashMap<>();
        Map<String, Long> documents = new HashMap<>();
        String collection = collections.live(model.processor()).of(model.collection());
        for (Document d : database.getCollection(collection).find()) {
            Object agreement = d.get(model.agreementField());
            Object sequence = d.get(model.sequenceField());
            if (agreement instanceof String id && sequence instanceof Number n) {
                sequences.merge(id, n.longValue(), Math::max);
                documents.merge(id, 1L, Long::sum);
            }
        }
        if (model.perEvent()) {
            // One document per event from sequence 0: a hole in the middle counts as being behind from there.
            sequences.replaceAll((id, max) -> Math.min(max, documents.get(id) - 1));
        }
        return sequences;
    }
}
