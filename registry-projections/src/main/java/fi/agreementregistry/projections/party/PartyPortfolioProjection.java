package fi.agreementregistry.projections.party;

import fi.agreementregistry.projections.support.CollectionNames;
import fi.agreementregistry.projections.support.ReadModelCollections;
import org.springframework.beans.factory.annotation.Autowired;
import java.util.List;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import fi.agreementregistry.core.agreement.AgreementDrafted;
import fi.agreementregistry.core.agreement.AgreementEvent;
import fi.agreementregistry.projections.agreement.AgreementSummary;
import fi.agreementregistry.projections.agreement.AgreementSummaryDocuments;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.util.HashSet;
import java.util.Set;

/**
 * Each party's agreements. Keeps its own copy of every agreement's state in {@code party_portfolio_agreements}
 * (the same transitions as the agreement summary, so no rule is written twice) and one membership document per
 * party and agreement in {@code party_portfolio} ({@code _id} = party|agreement), which the query starts from.
 * Idempotent: the state remembers the last sequence applied; memberships are rewritten from the state.
 */
@Component
@ProcessingGroup(PartyPortfolioProjection.PROCESSING_GROUP)
public class PartyPortfolioProjection {

    public static final String PROCESSING_GROUP = "party-portfolio";
    static final String MEMBERSHIPS = "party_portfolio";
    static final String AGREEMENTS = "party_portfolio_agreements";
    static final String PARTY_ID = "partyId";
    static final String AGREEMENT_ID = "agreementId";

    /** The base names of the collections this read model writes. */
    public static final List<String> COLLECTIONS = List.of(MEMBERSHIPS, AGREEMENTS);

    private final MongoDatabase database;
    private final CollectionNames names;

    /** Plain collection names (generation 0). */
    public PartyPortfolioProjection(MongoDatabase database) {
        this(database, CollectionNames.BASE);
    }

    /** Follows the active generation of the read model (blue/green rebuilds). */
    @Autowired
    public PartyPortfolioProjection(MongoDatabase database, ReadModelCollections collections) {
        this(database, collections.live(PROCESSING_GROUP));
    }

    public PartyPortfolioProjection(MongoDatabase database, CollectionNames names) {
        this.names = names;
        this.database = database;
        createIndexes();
    }

    @EventHandler
    public void on(AgreementEvent event, @SequenceNumber long sequence) {
        String agreementId = event.agreementId().value();
        Document existing = agreements().find(Filters.eq("_id", agreementId)).first();
        Object applied = existing == null ? null : existing.get("aggregateSequence");
        if (applied instanceof Number n && n.longValue() >= sequence) {
            return;
        }
        AgreementSummary state;
        if (event instanceof AgreementDrafted drafted) {
            state = AgreementSummary.drafted(drafted);
        } else if (existing == null) {
            return; // cannot happen with one aggregate's events in order
        } else {
            state = AgreementSummaryDocuments.fromDocument(existing);
            state.apply(event);
        }
        state.aggregateSequence = sequence;
        syncMemberships(state);
        agreements().replaceOne(Filters.eq("_id", agreementId), AgreementSummaryDocuments.toDocument(state),
                new ReplaceOptions().upsert(true));
    }

    @ResetHandler
    public void reset() {
        memberships().drop();
        agreements().drop();
        createIndexes();
    }

    private void syncMemberships(AgreementSummary state) {
        Set<String> current = new HashSet<>();
        for (AgreementSummary.PartyEntry party : state.parties) {
            current.add(party.partyId());
            String id = party.partyId() + "|" + state.id;
            memberships().replaceOne(Filters.eq("_id", id),
                    new Document("_id", id).append(PARTY_ID, party.partyId()).append(AGREEMENT_ID, state.id),
                    new ReplaceOptions().upsert(true));
        }
        memberships().deleteMany(Filters.and(Filters.eq(AGREEMENT_ID, state.id), Filters.nin(PARTY_ID, current)));
    }

    MongoCollection<Document> memberships() {
        return database.getCollection(names.of(MEMBERSHIPS));
    }

    MongoCollection<Document> agreements() {
        return database.getCollection(names.of(AGREEMENTS));
    }

    private void createIndexes() {
        memberships().createIndex(Indexes.ascending(PARTY_ID));
        memberships().createIndex(Indexes.ascending(AGREEMENT_ID));
    }
}
