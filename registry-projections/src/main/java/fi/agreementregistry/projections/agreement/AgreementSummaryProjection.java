package fi.agreementregistry.projections.agreement;

import fi.agreementregistry.projections.support.BatchWrites;
import fi.agreementregistry.projections.support.CollectionNames;
import fi.agreementregistry.projections.support.EventOutOfOrder;
import fi.agreementregistry.projections.support.ReadModelCollections;
import org.springframework.beans.factory.annotation.Autowired;
import java.util.List;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import fi.agreementregistry.core.agreement.AgreementDrafted;
import fi.agreementregistry.core.agreement.AgreementEnteredIntoForce;
import fi.agreementregistry.core.agreement.AgreementEvent;
import fi.agreementregistry.core.agreement.AgreementSuperseded;
import fi.agreementregistry.core.agreement.AgreementTerminated;
import fi.agreementregistry.core.agreement.PartyAdded;
import fi.agreementregistry.core.agreement.PartyRemoved;
import fi.agreementregistry.core.amendment.PrinciplesAmended;
import fi.agreementregistry.core.amendment.PrinciplesAmendmentProposed;
import fi.agreementregistry.core.approval.ApprovalRecorded;
import fi.agreementregistry.core.review.ReviewCompleted;
import fi.agreementregistry.core.review.ReviewScheduled;
import fi.agreementregistry.core.signature.AgreementSigned;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.util.function.Consumer;

import static fi.agreementregistry.projections.agreement.AgreementSummaryDocuments.COLLECTION;
import static fi.agreementregistry.projections.agreement.AgreementSummaryDocuments.COUNCIL_TERM;
import static fi.agreementregistry.projections.agreement.AgreementSummaryDocuments.ID;
import static fi.agreementregistry.projections.agreement.AgreementSummaryDocuments.PARTY_ID;
import static fi.agreementregistry.projections.agreement.AgreementSummaryDocuments.STATUS;
import static fi.agreementregistry.projections.agreement.AgreementSummaryDocuments.SUPERSEDES;

/**
 * Keeps one document per agreement in {@code agreement_summaries} ({@code _id} = agreement id).
 * Idempotent: a document remembers the sequence number of the last event it applied and ignores
 * any event at or below it, so redelivery after a crash leaves the same document; an event further ahead fails the
 * batch ({@link EventOutOfOrder}). Each write
 * {@code $set}s the agreement's own fields only, so the {@code supersedes} link that a predecessor's
 * AgreementSuperseded writes (possibly before this agreement is drafted) is never overwritten.
 * A processor's batch changes each agreement in memory and writes it once ({@link BatchWrites}).
 */
@Component
@ProcessingGroup(AgreementSummaryProjection.PROCESSING_GROUP)
public class AgreementSummaryProjection {

    public static final String PROCESSING_GROUP = "agreement-summary";

    /** The base names of the collections this read model writes. */
    public static final List<String> COLLECTIONS = List.of(AgreementSummaryDocuments.COLLECTION);

    private final MongoDatabase database;
    private final CollectionNames names;
    private final BatchWrites.Documents<AgreementSummary> summaries;

    /** Plain collection names (generation 0). */
    public AgreementSummaryProjection(MongoDatabase database) {
        this(database, CollectionNames.BASE);
    }

    /** Follows the active generation of the read model (blue/green rebuilds). */
    @Autowired
    public AgreementSummaryProjection(MongoDatabase database, ReadModelCollections collections) {
        this(database, collections.live(PROCESSING_GROUP));
    }

    public AgreementSummaryProjection(MongoDatabase database, CollectionNames names) {
        this.names = names;
        this.database = database;
        // Versioned: a batch flushed after its processor lost the segment never overwrites a later summary.
        this.summaries = new BatchWrites(database, names).versioned(COLLECTION,
                AgreementSummaryDocuments::fromDocument, AgreementSummaryProjection::setOwnFields,
                summary -> summary.aggregateSequence,
                payload -> payload instanceof AgreementEvent e ? e.agreementId().value() : null);
        createIndexes();
    }

    @EventHandler
    public void on(AgreementDrafted event, @SequenceNumber long sequence) {
        String id = event.agreementId().value();
        if (!EventOutOfOrder.isNext(PROCESSING_GROUP, id, applied(summaries.find(id)), sequence, event)) {
            return;
        }
        save(AgreementSummary.drafted(event), sequence);
    }

    @EventHandler
    public void on(PartyAdded event, @SequenceNumber long sequence) {
        update(event, sequence, s -> s.apply(event));
    }

    @EventHandler
    public void on(PartyRemoved event, @SequenceNumber long sequence) {
        update(event, sequence, s -> s.apply(event));
    }

    @EventHandler
    public void on(PrinciplesAmended event, @SequenceNumber long sequence) {
        update(event, sequence, s -> s.apply(event));
    }

    @EventHandler
    public void on(PrinciplesAmendmentProposed event, @SequenceNumber long sequence) {
        update(event, sequence, s -> s.apply(event));
    }

    @EventHandler
    public void on(ApprovalRecorded event, @SequenceNumber long sequence) {
        update(event, sequence, s -> s.apply(event));
    }

    @EventHandler
    public void on(AgreementSigned event, @SequenceNumber long sequence) {
        update(event, sequence, s -> s.apply(event));
    }

    @EventHandler
    public void on(AgreementEnteredIntoForce event, @SequenceNumber long sequence) {
        update(event, sequence, s -> s.apply(event));
    }

    @EventHandler
    public void on(ReviewScheduled event, @SequenceNumber long sequence) {
        update(event, sequence, s -> s.apply(event));
    }

    @EventHandler
    public void on(ReviewCompleted event, @SequenceNumber long sequence) {
        update(event, sequence, s -> s.apply(event));
    }

    @EventHandler
    public void on(AgreementSuperseded event, @SequenceNumber long sequence) {
        // The successor's link first and unconditionally (it is idempotent): if we crash between the
        // two writes, the redelivered event still links the successor although the predecessor skips it.
        // An upsert, because the successor may be drafted later; its own writes never touch this field.
        summaries.write(new UpdateOneModel<>(Filters.eq(ID, event.successorId().value()),
                Updates.set(SUPERSEDES, event.agreementId().value()), new UpdateOptions().upsert(true)));
        update(event, sequence, s -> s.apply(event));
    }

    @EventHandler
    public void on(AgreementTerminated event, @SequenceNumber long sequence) {
        update(event, sequence, s -> s.apply(event));
    }

    /** Before a replay: forget everything; the replay rebuilds every document from the first event. */
    @ResetHandler
    public void reset() {
        collection().drop();
        createIndexes();
    }

    private void update(AgreementEvent event, long sequence, Consumer<AgreementSummary> transition) {
        String id = event.agreementId().value();
        AgreementSummary summary = summaries.find(id);
        if (!EventOutOfOrder.isNext(PROCESSING_GROUP, id, applied(summary), sequence, event)) {
            return;
        }
        transition.accept(summary);
        save(summary, sequence);
    }

    /**
     * The sequence of the last event the document applied; null without one. A document holding only a
     * {@code supersedes} link has applied none of the agreement's own events.
     */
    private static Long applied(AgreementSummary existing) {
        return existing != null && existing.isDrafted() ? existing.aggregateSequence : null;
    }

    private void save(AgreementSummary summary, long sequence) {
        summary.aggregateSequence = sequence;
        summaries.put(summary.id, summary);
    }

    private static WriteModel<Document> setOwnFields(String id, AgreementSummary summary) {
        Document fields = AgreementSummaryDocuments.toDocument(summary);
        fields.remove(ID);
        return new UpdateOneModel<>(Filters.eq(ID, id), new Document("$set", fields), new UpdateOptions().upsert(true));
    }

    private MongoCollection<Document> collection() {
        return database.getCollection(names.of(COLLECTION));
    }

    // Non-unique: the embedded server ignores them and scans, a real MongoDB uses them for FindAgreements.
    private void createIndexes() {
        collection().createIndex(Indexes.ascending(PARTY_ID));
        collection().createIndex(Indexes.ascending(STATUS));
        collection().createIndex(Indexes.ascending(COUNCIL_TERM));
    }
}
