package fi.agreementregistry.projections.party;

import fi.agreementregistry.projections.support.CollectionNames;
import fi.agreementregistry.projections.support.ListIndexes;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import fi.agreementregistry.projections.support.PageCursor;
import com.mongodb.client.model.Filters;
import fi.agreementregistry.core.agreement.AgreementStatus;
import fi.agreementregistry.projections.agreement.AgreementSummary;
import fi.agreementregistry.projections.agreement.AgreementSummaryDocuments;
import fi.agreementregistry.projections.agreement.ReviewStatus;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static fi.agreementregistry.projections.party.PartyPortfolioProjection.AGREEMENTS;
import static fi.agreementregistry.projections.party.PartyPortfolioProjection.AGREEMENT_ID;
import static fi.agreementregistry.projections.party.PartyPortfolioProjection.INDEX;
import static fi.agreementregistry.projections.party.PartyPortfolioProjection.MEMBERSHIPS;
import static fi.agreementregistry.projections.party.PartyPortfolioProjection.PARTY_ID;

/**
 * Answers {@link FindPartyPortfolio}. Pending actions are worked out per query: in a draft, the party's
 * approval and then its signature of the current version; in force, its approval of a pending amendment;
 * and any open review that is due soon or overdue. Ended agreements wait for nothing.
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
     * The counts cover every agreement of the party, so the query reads them all: its cost follows the party's own
     * agreements (found through the index by {@code _id}), not the size of the store.
     */
    @QueryHandler
    public PartyPortfolio handle(FindPartyPortfolio query) {
        LocalDate today = query.asOf() != null ? query.asOf() : LocalDate.now(clock);
        String partyId = query.party().value();
        List<PortfolioEntry> entries = new ArrayList<>();
        List<String> ids = agreementIds(partyId);
        for (Document d : database.getCollection(names.of(AGREEMENTS)).find(Filters.in("_id", ids))
                .batchSize(Math.max(2, ids.size()))) {
            entries.add(entryOf(AgreementSummaryDocuments.fromDocument(d), partyId, today));
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

    private PortfolioEntry entryOf(AgreementSummary s, String partyId, LocalDate today) {
        List<PendingAction> pending = new ArrayList<>();
        AgreementSummary.PartyEntry party = s.parties.stream().filter(p -> p.partyId().equals(partyId))
                .findFirst().orElse(null);
        boolean ended = s.status == AgreementStatus.SUPERSEDED || s.status == AgreementStatus.TERMINATED;
        if (party != null && !ended) {
            if (s.status == AgreementStatus.DRAFT) {
                if (party.approvalOf(s.version) == null) {
                    pending.add(PendingAction.approval(s.version));
                } else if (party.signatureOf(s.version) == null) {
                    pending.add(PendingAction.signature(s.version));
                }
            } else if (s.pendingAmendment != null && party.approvalOf(s.pendingAmendment.version()) == null) {
                pending.add(PendingAction.approval(s.pendingAmendment.version()));
            }
        }
        LocalDate nextReviewDue = null;
        if (!ended) {
            for (AgreementSummary.ReviewEntry r : s.reviews.stream()
                    .sorted(Comparator.comparing(AgreementSummary.ReviewEntry::dueBy)).toList()) {
                if (r.completedOn() != null) {
                    continue;
                }
                nextReviewDue = nextReviewDue == null ? r.dueBy() : nextReviewDue;
                ReviewStatus status = ReviewStatus.of(r.dueBy(), null, today, dueSoonDays);
                if (status == ReviewStatus.DUE_SOON || status == ReviewStatus.OVERDUE) {
                    pending.add(PendingAction.review(r.reviewId(), r.dueBy(), status));
                }
            }
        }
        return new PortfolioEntry(s.id, s.title, s.councilTerm, s.status, s.version, pending, nextReviewDue);
    }
}
