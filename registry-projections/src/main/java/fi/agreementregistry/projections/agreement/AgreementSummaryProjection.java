package fi.agreementregistry.projections.agreement;

import fi.agreementregistry.projections.support.BatchWrites;
import fi.agreementregistry.projections.support.CollectionNames;
import fi.agreementregistry.projections.support.EventOutOfOrder;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import fi.agreementregistry.core.agreement.AgreementDrafted;
import fi.agreementregistry.core.agreement.AgreementEvent;
import fi.agreementregistry.core.agreement.AgreementSuperseded;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.bson.Document;

import java.util.List;

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
@ProcessingGroup(AgreementSummaryProjection.PROCESSING_GROUP)
public class AgreementSummaryProjection {

    public static final String PROCESSING_GROUP = "agreement-summary";

    /** The base names of the collections this read model writes. */
    public static final List<String> COLLECTIONS = List.of(AgreementSummaryDocuments.COLLECTION);

    private final MongoDatabase database;
    private final CollectionNames names;
    private final BatchWrites.Documents<AgreementSummary> summaries;

    /**
     * @param names the collections this instance writes: the live generation (built so in
     *              {@code ReadModelConfiguration}), a generation a rebuild fills, or the plain names in tests
     */
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
    public void on(AgreementSuperseded event, @SequenceNumber long sequence) {
        // The successor's link first and unconditionally (it is idempotent): if we crash between the
        // two writes, the redelivered event still links the successor although the predecessor skips it.
        // An upsert, because the successor may be drafted later; its own writes never touch this field.
        summaries.write(new UpdateOneModel<>(Filters.eq(ID, event.successorId().value()),
                Updates.set(SUPERSEDES, event.agreementId().value()), new UpdateOptions().upsert(true)));
        update(event, sequence);
    }

    /**
     * Every other event only moves the summary on by its transition in {@link AgreementSummary}. Axon calls the most
     * specific handler of this class, so the draft (which starts the state) and the supersession (which also links the
     * successor) take the handlers above.
     */
    @EventHandler
    public void on(AgreementEvent event, @SequenceNumber long sequence) {
        update(event, sequence);
    }

    /** Before a replay: forget everything; the replay rebuilds every document from the first event. */
    @ResetHandler
    public void reset() {
        collection().drop();
        createIndexes();
    }

    /** Applies an event (not a draft) to its agreement's summary, unless it was applied already. */
    private void update(AgreementEvent event, long sequence) {
        String id = event.agreementId().value();
        AgreementSummary summary = summaries.find(id);
        if (!EventOutOfOrder.isNext(PROCESSING_GROUP, id, applied(summary), sequence, event)) {
            return;
        }
        summary.apply(event);
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
