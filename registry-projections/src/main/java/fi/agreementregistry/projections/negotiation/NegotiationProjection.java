package fi.agreementregistry.projections.negotiation;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import fi.agreementregistry.core.negotiation.MeasureAdded;
import fi.agreementregistry.core.negotiation.MeasureStatusChanged;
import fi.agreementregistry.core.negotiation.NegotiationEvent;
import fi.agreementregistry.core.negotiation.NegotiationRecorded;
import fi.agreementregistry.projections.support.BatchWrites;
import fi.agreementregistry.projections.support.CollectionNames;
import fi.agreementregistry.projections.support.EventOutOfOrder;
import fi.agreementregistry.projections.support.JsonDocuments;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.MetaData;
import fi.agreementregistry.core.actor.Actor;
import java.time.Instant;
import org.bson.Document;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps one document per statutory negotiation in {@code negotiations} ({@code _id} = negotiation id), with its
 * measures and their status histories. Runs in the shared {@code read-models} processor and can be rebuilt like the
 * other read models; idempotent and guarded like them: a document remembers the sequence of its last event, a
 * redelivered event is skipped, one ahead of its turn fails the batch ({@link EventOutOfOrder}), and a stale batch
 * never overwrites a newer document ({@link BatchWrites#versioned}).
 */
@ProcessingGroup(NegotiationProjection.PROCESSING_GROUP)
public class NegotiationProjection {

    public static final String PROCESSING_GROUP = "negotiations";
    static final String COLLECTION = "negotiations";
    public static final List<String> COLLECTIONS = List.of(COLLECTION);

    private final MongoDatabase database;
    private final CollectionNames names;
    private final BatchWrites.Documents<NegotiationView> negotiations;

    public NegotiationProjection(MongoDatabase database, CollectionNames names) {
        this.database = database;
        this.names = names;
        this.negotiations = new BatchWrites(database, names).versioned(COLLECTION, NegotiationProjection::decode,
                NegotiationProjection::replace, NegotiationView::aggregateSequence,
                payload -> payload instanceof NegotiationEvent e ? e.negotiationId().value() : null);
    }

    @EventHandler
    public void on(NegotiationRecorded event, @SequenceNumber long sequence, @Timestamp Instant recordedAt,
                   MetaData metaData) {
        String id = event.negotiationId().value();
        NegotiationView existing = negotiations.find(id);
        if (!EventOutOfOrder.isNext(PROCESSING_GROUP, id, existing == null ? null : existing.aggregateSequence(),
                sequence, event)) {
            return;
        }
        negotiations.put(id, NegotiationView.recorded(event, sequence, recordedAt,
                Actor.fromMetaData(metaData).orElse(null)));
    }

    @EventHandler
    public void on(MeasureAdded event, @SequenceNumber long sequence, @Timestamp Instant recordedAt,
                   MetaData metaData) {
        update(event, sequence, measures -> measures.add(MeasureView.agreed(event.measure(), event.agreedOn(),
                recordedAt, Actor.fromMetaData(metaData).orElse(null))));
    }

    @EventHandler
    public void on(MeasureStatusChanged event, @SequenceNumber long sequence, @Timestamp Instant recordedAt,
                   MetaData metaData) {
        update(event, sequence, measures -> {
            for (int i = 0; i < measures.size(); i++) {
                MeasureView m = measures.get(i);
                if (m.id().equals(event.measureId().value())) {
                    List<MeasureView.StatusChange> history = new ArrayList<>(m.history());
                    history.add(new MeasureView.StatusChange(event.status(), event.on(), event.note(),
                            recordedAt, Actor.fromMetaData(metaData).orElse(null)));
                    measures.set(i, new MeasureView(m.id(), m.text(), m.responsible(), m.dueBy(), m.agreementId(),
                            m.agreedOn(), event.status(), event.on(), history));
                }
            }
        });
    }

    @ResetHandler
    public void reset() {
        collection().drop();
    }

    private void update(NegotiationEvent event, long sequence, java.util.function.Consumer<List<MeasureView>> change) {
        String id = event.negotiationId().value();
        NegotiationView existing = negotiations.find(id);
        if (!EventOutOfOrder.isNext(PROCESSING_GROUP, id, existing == null ? null : existing.aggregateSequence(),
                sequence, event)) {
            return;
        }
        List<MeasureView> measures = new ArrayList<>(existing.measures());
        change.accept(measures);
        negotiations.put(id, new NegotiationView(id, existing.welfareArea(), existing.parties(), existing.heldOn(),
                existing.legalBases(), existing.topics(), existing.minutesReference(), List.copyOf(measures),
                sequence));
    }

    static NegotiationView decode(Document document) {
        Document copy = new Document(document);
        copy.remove("_id");
        return JsonDocuments.fromDocument(copy, NegotiationView.class);
    }

    private static WriteModel<Document> replace(String id, NegotiationView view) {
        Document document = JsonDocuments.toDocument(view);
        document.put("_id", id);
        return new ReplaceOneModel<>(Filters.eq("_id", id), document, new ReplaceOptions().upsert(true));
    }

    private MongoCollection<Document> collection() {
        return database.getCollection(names.of(COLLECTION));
    }
}
