package fi.agreementregistry.projections.party;

import fi.agreementregistry.projections.support.CollectionNames;
import com.mongodb.client.MongoDatabase;
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

    @QueryHandler
    public PartyPortfolio handle(FindPartyPortfolio query) {
        LocalDate today = query.asOf() != null ? query.asOf() : LocalDate.now(clock);
        String partyId = query.party().value();
        List<String> agreementIds = new ArrayList<>();
        for (Document membership : database.getCollection(names.of(MEMBERSHIPS)).find(Filters.eq(PARTY_ID, partyId))) {
            agreementIds.add(membership.getString(AGREEMENT_ID));
        }
        List<PortfolioEntry> entries = new ArrayList<>();
        for (Document d : database.getCollection(names.of(AGREEMENTS)).find(Filters.in("_id", agreementIds))) {
            entries.add(entryOf(AgreementSummaryDocuments.fromDocument(d), partyId, today));
        }
        entries.sort(Comparator.comparing(PortfolioEntry::title).thenComparing(PortfolioEntry::agreementId));
        return new PartyPortfolio(partyId, PortfolioCounts.of(entries), entries);
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
