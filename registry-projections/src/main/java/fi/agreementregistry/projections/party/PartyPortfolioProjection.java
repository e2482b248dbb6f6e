package fi.agreementregistry.projections.party;

import fi.agreementregistry.projections.support.BatchWrites;
import fi.agreementregistry.projections.support.CollectionNames;
import fi.agreementregistry.projections.support.ListIndexes;
import fi.agreementregistry.projections.support.EventOutOfOrder;
import java.util.List;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import fi.agreementregistry.core.agreement.AgreementDrafted;
import fi.agreementregistry.core.signature.AgreementSigned;
import fi.agreementregistry.core.approval.ApprovalRecorded;
import fi.agreementregistry.core.agreement.AgreementEvent;
import fi.agreementregistry.projections.agreement.AgreementSummary;
import fi.agreementregistry.projections.agreement.AgreementSummaryDocuments;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.bson.Document;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Each party's agreements. Keeps its own copy of every agreement's state in {@code party_portfolio_agreements}
 * (the same transitions as the agreement summary, so no rule is written twice), one membership document per
 * party and agreement in {@code party_portfolio} ({@code _id} = party|agreement; a party that left keeps a removal
 * document there), and each party's postings ({@link #POSTINGS}), which the query reads. Idempotent: the state
 * remembers the last sequence applied; memberships and postings are written from the state, with its sequence.
 * A processor's batch changes each agreement in memory and writes it once ({@link BatchWrites}): memberships and
 * postings first, then the state with its sequence, so a crash in between re-applies the events.
 */
@ProcessingGroup(PartyPortfolioProjection.PROCESSING_GROUP)
public class PartyPortfolioProjection {

    public static final String PROCESSING_GROUP = "party-portfolio";
    static final String MEMBERSHIPS = "party_portfolio";
    static final String AGREEMENTS = "party_portfolio_agreements";
    static final String PARTY_ID = "partyId";
    static final String AGREEMENT_ID = "agreementId";
    /** Marks the membership (it has no {@link #PARTY_ID}) and the posting of a party that left the agreement. */
    static final String REMOVED = "removed";

    /**
     * Each party's agreements ({@code _id} = party, {@code agreements}), so the query finds a party's memberships by
     * {@code _id} instead of scanning (the embedded server has no secondary indexes); kept after a party left, the
     * membership document decides. Marked with a {@code format} document (ListIndexes) in a generation built with it
     * from its first event, whose version says what else the generation has: since version 2 the postings, which the
     * query reads instead, and the party entries are no longer written ({@link #keepsIndex}).
     */
    static final String INDEX = "party_portfolio_index";

    /**
     * Each party's postings ({@link PortfolioPostings}), what its portfolio page shows, in {@value #BUCKETS} documents
     * per party ({@code _id} = party|bucket, the bucket from the agreement id's hash), each posting under
     * {@code entries.<agreement id>} with the agreement's sequence ({@link BatchWrites#entries}). A portfolio reads
     * one party's buckets by {@code _id}, however many agreements the store holds, and never the agreements' states;
     * an agreement's event rewrites only the postings it changes, in small documents. Named {@code _index} as the
     * other lists' indexes: a document holds many agreements' postings, so the consistency check's fold of some
     * agreements cannot reproduce it; the states it is written from are checked.
     */
    public static final String POSTINGS = "party_portfolio_postings_index";
    static final String ENTRIES = "entries";
    static final int BUCKETS = 64;
    /** The version of the indexes a generation started empty gets ({@link ListIndexes}); 2 added {@link #POSTINGS}. */
    static final int INDEX_VERSION = 2;

    /** The base names of the collections this read model writes. */
    public static final List<String> COLLECTIONS = List.of(MEMBERSHIPS, AGREEMENTS, INDEX, POSTINGS);

    private final MongoDatabase database;
    private final CollectionNames names;
    private final BatchWrites.Documents<Document> index;
    private final BatchWrites.Documents<Document> memberships;
    private final BatchWrites.Entries postings;
    private final BatchWrites.Documents<AgreementSummary> agreements;
    /**
     * Whether this generation was started before the postings (index version 1): its queries find a party's agreements
     * through {@link #INDEX}, which it therefore keeps writing. A generation at the current version reads the postings
     * and does not need it; at a million events each party's entry there is a set of over a thousand agreements that
     * every draft naming the party rewrote.
     */
    private boolean keepsIndex;

    /**
     * @param names the collections this instance writes: the live generation (built so in
     *              {@code ReadModelConfiguration}), a generation a rebuild fills, or the plain names in tests
     */
    public PartyPortfolioProjection(MongoDatabase database, CollectionNames names) {
        this.names = names;
        this.database = database;
        BatchWrites writes = new BatchWrites(database, names);
        // The index first: a party's entry there only says where to look (a set, added to and never removed from).
        this.index = writes.documents(INDEX, document -> document, PartyPortfolioProjection::replace);
        // Declared in flush order: the state, whose sequence says what was applied, is written last. Both versioned,
        // so a batch flushed after its processor lost the segment never overwrites a later document.
        this.memberships = writes.versioned(MEMBERSHIPS, document -> document, PartyPortfolioProjection::replace,
                document -> document.get(BatchWrites.SEQUENCE, Number.class).longValue(), payload -> null);
        this.postings = writes.entries(POSTINGS, ENTRIES);
        this.agreements = writes.versioned(AGREEMENTS, AgreementSummaryDocuments::fromDocument,
                (id, state) -> replace(id, AgreementSummaryDocuments.toDocument(state)),
                state -> state.aggregateSequence,
                payload -> payload instanceof AgreementEvent e ? e.agreementId().value() : null);
        createIndexes();
    }

    @EventHandler
    public void on(AgreementEvent event, @SequenceNumber long sequence) {
        String agreementId = event.agreementId().value();
        AgreementSummary existing = agreements.find(agreementId);
        if (!EventOutOfOrder.isNext(PROCESSING_GROUP, agreementId, existing == null ? null : existing.aggregateSequence,
                sequence, event)) {
            return;
        }
        AgreementSummary state;
        Set<String> before;
        // An approval or a signature changes only its party's posting: only that one is worked out then.
        String acting = event instanceof ApprovalRecorded approval ? approval.party().id().value()
                : event instanceof AgreementSigned signature ? signature.party().id().value() : null;
        Map<String, Document> postingsBefore;
        if (event instanceof AgreementDrafted drafted) {
            state = AgreementSummary.drafted(drafted);
            // No agreement document yet, so at most this draft's own memberships exist (a crash between the writes).
            before = Set.of();
            postingsBefore = Map.of();
        } else {
            state = existing;
            before = partyIds(state);
            postingsBefore = PortfolioPostings.byParty(state, acting);
            state.apply(event);
        }
        state.aggregateSequence = sequence;
        // Most events (approvals, signatures, reviews) leave the parties as they were: no membership writes then.
        if (!before.equals(partyIds(state))) {
            syncMemberships(state, before);
        }
        syncPostings(state, postingsBefore, PortfolioPostings.byParty(state, acting));
        agreements.put(agreementId, state);
    }

    /**
     * Writes the postings the event changed (an approval changes one party's, a status change every party's), and a
     * removal for a party that left, each with the agreement's sequence.
     */
    private void syncPostings(AgreementSummary state, Map<String, Document> before, Map<String, Document> after) {
        after.forEach((partyId, posting) -> {
            if (!posting.equals(before.get(partyId))) {
                postings.put(bucketOf(partyId, state.id), key(state.id), posting, state.aggregateSequence);
            }
        });
        before.keySet().stream().filter(partyId -> !after.containsKey(partyId)).forEach(partyId -> postings.put(
                bucketOf(partyId, state.id), key(state.id), PortfolioPostings.removal(state.id),
                state.aggregateSequence));
    }

    /** Takes the agreement's postings out of every party's buckets (before its events are applied again). */
    public static void removePostings(MongoCollection<Document> postings, String agreementId) {
        String field = postingField(agreementId);
        postings.updateMany(Filters.exists(field), Updates.unset(field));
    }

    /** Where a bucket holds the agreement's posting: {@code entries.<key>}. */
    public static String postingField(String agreementId) {
        return ENTRIES + "." + key(agreementId);
    }

    /** The {@code _id} of the party's bucket that holds the agreement's posting. */
    static String bucketOf(String partyId, String agreementId) {
        return bucketId(partyId, Math.floorMod(agreementId.hashCode(), BUCKETS));
    }

    /** The {@code _id} of one of the party's {@value #BUCKETS} buckets. */
    static String bucketId(String partyId, int bucket) {
        return partyId + "|" + bucket;
    }

    /** The field name of an agreement's posting: its id with '.' (no field name holds one) as ':' (no id holds one). */
    static String key(String agreementId) {
        return agreementId.replace('.', ':');
    }

    @ResetHandler
    public void reset() {
        membershipCollection().drop();
        agreementCollection().drop();
        indexCollection().drop();
        postingsCollection().drop();
        createIndexes();
    }

    private static Set<String> partyIds(AgreementSummary state) {
        Set<String> ids = new HashSet<>();
        state.parties.forEach(p -> ids.add(p.partyId()));
        return ids;
    }

    /**
     * Stores a membership per current party and, for parties no longer in it, a removal in its place: a document
     * without {@code partyId}, so the query's filter on the party passes it by. Each carries the agreement's sequence,
     * so a stale batch can neither bring back a membership removed later nor remove one added later, as a deleted
     * document could not say when it was deleted.
     */
    private void syncMemberships(AgreementSummary state, Set<String> before) {
        Set<String> current = partyIds(state);
        for (String partyId : current) {
            if (keepsIndex && !before.contains(partyId)) {
                index.addToSet(partyId, "agreements", state.id);
            }
            String id = partyId + "|" + state.id;
            memberships.put(id, new Document("_id", id).append(PARTY_ID, partyId).append(AGREEMENT_ID, state.id)
                    .append(BatchWrites.SEQUENCE, state.aggregateSequence));
        }
        for (String removed : before) {
            if (!current.contains(removed)) {
                String id = removed + "|" + state.id;
                memberships.put(id, new Document("_id", id).append(AGREEMENT_ID, state.id).append(REMOVED, true)
                        .append(BatchWrites.SEQUENCE, state.aggregateSequence));
            }
        }
    }

    private static WriteModel<Document> replace(String id, Document document) {
        return new ReplaceOneModel<>(Filters.eq("_id", id), document, new ReplaceOptions().upsert(true));
    }

    MongoCollection<Document> membershipCollection() {
        return database.getCollection(names.of(MEMBERSHIPS));
    }

    MongoCollection<Document> agreementCollection() {
        return database.getCollection(names.of(AGREEMENTS));
    }

    MongoCollection<Document> indexCollection() {
        return database.getCollection(names.of(INDEX));
    }

    MongoCollection<Document> postingsCollection() {
        return database.getCollection(names.of(POSTINGS));
    }

    private void createIndexes() {
        membershipCollection().createIndex(Indexes.ascending(PARTY_ID));
        membershipCollection().createIndex(Indexes.ascending(AGREEMENT_ID));
        // A generation that starts empty is indexed from its first event; one with memberships and no mark was
        // written before the index existed, and stays read by a scan until it is rebuilt.
        ListIndexes.markIfEmpty(indexCollection(), List.of(membershipCollection(), agreementCollection(),
                postingsCollection()), INDEX_VERSION);
        keepsIndex = ListIndexes.version(indexCollection()) < INDEX_VERSION;
    }
}
