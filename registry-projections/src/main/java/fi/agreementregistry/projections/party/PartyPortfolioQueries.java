package fi.agreementregistry.projections.party;

import fi.agreementregistry.projections.support.CollectionNames;
import fi.agreementregistry.projections.support.ListIndexes;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import fi.agreementregistry.projections.support.PageCursor;
import com.mongodb.client.model.Filters;
import fi.agreementregistry.projections.agreement.AgreementSummary;
import fi.agreementregistry.projections.agreement.AgreementSummaryDocuments;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import static fi.agreementregistry.projections.party.PartyPortfolioProjection.AGREEMENTS;
import static fi.agreementregistry.projections.party.PartyPortfolioProjection.AGREEMENT_ID;
import static fi.agreementregistry.projections.party.PartyPortfolioProjection.INDEX;
import static fi.agreementregistry.projections.party.PartyPortfolioProjection.MEMBERSHIPS;
import static fi.agreementregistry.projections.party.PartyPortfolioProjection.PARTY_ID;
import static fi.agreementregistry.projections.party.PartyPortfolioProjection.POSTINGS;

/**
 * Answers {@link FindPartyPortfolio} from the party's postings ({@link PortfolioPostings}: what waits for the party,
 * and its open reviews), adding as of the day asked about the reviews that are due soon or overdue.
 */
public class PartyPortfolioQueries {

    private final MongoDatabase database;
    private final CollectionNames names;
    private final Clock clock;
    private final int dueSoonDays;

    /**
     * @param names       the collections read: the live generation (built so in {@code ReadModelConfiguration}), or
     *                    the plain names in tests
     * @param dueSoonDays a review due within this many days (counting today) is DUE_SOON
     */
    public PartyPortfolioQueries(MongoDatabase database, CollectionNames names, Clock clock, int dueSoonDays) {
        this.names = names;
        this.database = database;
        this.clock = clock;
        this.dueSoonDays = dueSoonDays;
    }

    /**
     * The counts cover every agreement of the party, so the query reads all of its postings (in a generation built
     * with them: the party's {@value PartyPortfolioProjection#BUCKETS} small documents by {@code _id}; in an older one,
     * its agreements' states through its memberships): its cost follows the party's own agreements, not the size of
     * the store.
     */
    @QueryHandler
    public PartyPortfolio handle(FindPartyPortfolio query) {
        LocalDate today = query.asOf() != null ? query.asOf() : LocalDate.now(clock);
        String partyId = query.party().value();
        List<PortfolioEntry> entries = new ArrayList<>();
        for (Document posting : postings(partyId)) {
            entries.add(PortfolioPostings.entryOf(posting, today, dueSoonDays));
        }
        entries.sort(ORDER);
        PortfolioCounts counts = PortfolioCounts.of(entries);
        if (query.limit() == null) {
            return new PartyPortfolio(partyId, counts, entries);
        }
        List<String> position = PageCursor.decode(query.cursor(), query.criteria(), 2);
        List<PortfolioEntry> page = new ArrayList<>();
        for (PortfolioEntry entry : entries) {
            if (position == null || entry.title().compareTo(position.get(0)) > 0
                    || entry.title().equals(position.get(0)) && entry.agreementId().compareTo(position.get(1)) > 0) {
                page.add(entry);
                if (page.size() > query.limit()) {
                    break;
                }
            }
        }
        String next = PageCursor.next(page, query.limit(), query.criteria(),
                i -> List.of(page.get(i).title(), page.get(i).agreementId()));
        return new PartyPortfolio(partyId, counts, page, query.limit(), next, entries.size());
    }

    /** The party's postings of the agreements it belongs to now. */
    private List<Document> postings(String partyId) {
        List<Document> postings = new ArrayList<>();
        if (ListIndexes.version(database.getCollection(names.of(INDEX))) < PartyPortfolioProjection.INDEX_VERSION) {
            List<String> ids = agreementIds(partyId);
            for (Document d : database.getCollection(names.of(AGREEMENTS)).find(Filters.in("_id", ids))
                    .batchSize(Math.max(2, ids.size()))) {
                AgreementSummary state = AgreementSummaryDocuments.fromDocument(d);
                postings.add(PortfolioPostings.of(state, state.parties.stream()
                        .filter(p -> p.partyId().equals(partyId)).findFirst().orElse(null)));
            }
            return postings;
        }
        List<String> buckets = IntStream.range(0, PartyPortfolioProjection.BUCKETS)
                .mapToObj(bucket -> PartyPortfolioProjection.bucketId(partyId, bucket)).toList();
        for (Document bucket : database.getCollection(names.of(POSTINGS)).find(Filters.in("_id", buckets))
                .batchSize(buckets.size())) {
            Document byAgreement = bucket.get(PartyPortfolioProjection.ENTRIES, Document.class);
            for (Object value : byAgreement == null ? List.of() : byAgreement.values()) {
                if (value instanceof Document posting && !PortfolioPostings.isRemoval(posting)) {
                    postings.add(posting);
                }
            }
        }
        return postings;
    }

    private static final Comparator<PortfolioEntry> ORDER =
            Comparator.comparing(PortfolioEntry::title).thenComparing(PortfolioEntry::agreementId);

    /** The agreements the party belongs to now: through the index, or by a scan in a generation without it. */
    private List<String> agreementIds(String partyId) {
        MongoCollection<Document> index = database.getCollection(names.of(INDEX));
        MongoCollection<Document> memberships = database.getCollection(names.of(MEMBERSHIPS));
        List<String> agreementIds = new ArrayList<>();
        if (!ListIndexes.complete(index)) {
            for (Document membership : memberships.find(Filters.eq(PARTY_ID, partyId))) {
                agreementIds.add(membership.getString(AGREEMENT_ID));
            }
            return agreementIds;
        }
        Document ofParty = index.find(Filters.eq("_id", partyId)).first();
        if (ofParty == null) {
            return agreementIds;
        }
        List<String> ids = ofParty.getList("agreements", String.class).stream()
                .map(agreementId -> partyId + "|" + agreementId).toList();
        // By _id alone (with one more condition the embedded server would scan); the membership decides: a party
        // that left has a removal document there, without partyId.
        for (Document membership : memberships.find(Filters.in("_id", ids)).batchSize(Math.max(2, ids.size()))) {
            if (partyId.equals(membership.getString(PARTY_ID))) {
                agreementIds.add(membership.getString(AGREEMENT_ID));
            }
        }
        return agreementIds;
    }
}
