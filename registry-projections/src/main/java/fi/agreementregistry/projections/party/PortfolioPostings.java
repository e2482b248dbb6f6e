package fi.agreementregistry.projections.party;

import fi.agreementregistry.core.agreement.AgreementStatus;
import fi.agreementregistry.core.agreement.CouncilTerm;
import fi.agreementregistry.projections.agreement.AgreementSummary;
import fi.agreementregistry.projections.agreement.ReviewStatus;
import org.bson.Document;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static fi.agreementregistry.projections.party.PartyPortfolioProjection.AGREEMENT_ID;
import static fi.agreementregistry.projections.party.PartyPortfolioProjection.REMOVED;

/**
 * What a party's portfolio shows of one agreement, as a small document (a posting): title, council term, status,
 * version, the party's pending approval or signature, and the open reviews by due date. Everything that does not depend
 * on the day asked about is worked out when the agreement changes; {@link #entryOf} adds, as of a day, which open
 * reviews are due soon or overdue. The projection stores a posting per party and agreement; a generation built before
 * the postings turns each agreement's state into its postings at query time, so both answer by the same rules.
 */
final class PortfolioPostings {

    private static final String TITLE = "title";
    private static final String COUNCIL_TERM = "councilTerm";
    private static final String STATUS = "status";
    private static final String VERSION = "version";
    private static final String PENDING = "pending";
    private static final String PENDING_VERSION = "pendingVersion";
    private static final String OPEN_REVIEWS = "openReviews";
    private static final String REVIEW_ID = "reviewId";
    private static final String DUE_BY = "dueBy";

    private PortfolioPostings() {
    }

    /** The agreement's postings by party: of every party it has now, or (partyId not null) of that one if it has it. */
    static Map<String, Document> byParty(AgreementSummary s, String partyId) {
        Map<String, Document> postings = new LinkedHashMap<>();
        s.parties.stream().filter(party -> partyId == null || party.partyId().equals(partyId))
                .forEach(party -> postings.put(party.partyId(), of(s, party)));
        return postings;
    }

    /**
     * The posting of one party of the agreement. Pending, in a draft: the party's approval and then its signature of
     * the current version; in force: its approval of a pending amendment. Ended agreements wait for nothing and have no
     * open reviews. Without the party's entry (null), nothing of the party's is pending.
     */
    static Document of(AgreementSummary s, AgreementSummary.PartyEntry party) {
        Document posting = new Document(AGREEMENT_ID, s.id).append(TITLE, s.title)
                .append(COUNCIL_TERM, s.councilTerm == null ? null : s.councilTerm.toString())
                .append(STATUS, s.status.name()).append(VERSION, s.version);
        boolean ended = s.status == AgreementStatus.SUPERSEDED || s.status == AgreementStatus.TERMINATED;
        if (ended) {
            return posting.append(OPEN_REVIEWS, List.of());
        }
        if (party != null && s.status == AgreementStatus.DRAFT) {
            if (party.approvalOf(s.version) == null) {
                posting.append(PENDING, PendingAction.Kind.APPROVAL.name()).append(PENDING_VERSION, s.version);
            } else if (party.signatureOf(s.version) == null) {
                posting.append(PENDING, PendingAction.Kind.SIGNATURE.name()).append(PENDING_VERSION, s.version);
            }
        } else if (party != null && s.pendingAmendment != null
                && party.approvalOf(s.pendingAmendment.version()) == null) {
            posting.append(PENDING, PendingAction.Kind.APPROVAL.name())
                    .append(PENDING_VERSION, s.pendingAmendment.version());
        }
        List<Document> open = new ArrayList<>();
        s.reviews.stream().filter(r -> r.completedOn() == null)
                .sorted(Comparator.comparing(AgreementSummary.ReviewEntry::dueBy))
                .forEach(r -> open.add(new Document(REVIEW_ID, r.reviewId()).append(DUE_BY, r.dueBy().toString())));
        return posting.append(OPEN_REVIEWS, open);
    }

    /** The posting that records that the party left the agreement. */
    static Document removal(String agreementId) {
        return new Document(AGREEMENT_ID, agreementId).append(REMOVED, true);
    }

    static boolean isRemoval(Document posting) {
        return Boolean.TRUE.equals(posting.getBoolean(REMOVED));
    }

    /**
     * The portfolio's entry of a posting as of {@code today}: its pending approval or signature, then each open review
     * that is due soon or overdue, and the next open review's due date.
     */
    static PortfolioEntry entryOf(Document posting, LocalDate today, int dueSoonDays) {
        List<PendingAction> pending = new ArrayList<>();
        String kind = posting.getString(PENDING);
        if (kind != null) {
            int version = posting.get(PENDING_VERSION, Number.class).intValue();
            pending.add(PendingAction.Kind.valueOf(kind) == PendingAction.Kind.APPROVAL
                    ? PendingAction.approval(version) : PendingAction.signature(version));
        }
        LocalDate nextReviewDue = null;
        for (Document review : posting.getList(OPEN_REVIEWS, Document.class)) {
            LocalDate dueBy = LocalDate.parse(review.getString(DUE_BY));
            nextReviewDue = nextReviewDue == null ? dueBy : nextReviewDue;
            ReviewStatus status = ReviewStatus.of(dueBy, null, today, dueSoonDays);
            if (status == ReviewStatus.DUE_SOON || status == ReviewStatus.OVERDUE) {
                pending.add(PendingAction.review(review.getString(REVIEW_ID), dueBy, status));
            }
        }
        String term = posting.getString(COUNCIL_TERM);
        return new PortfolioEntry(posting.getString(AGREEMENT_ID), posting.getString(TITLE),
                term == null ? null : CouncilTerm.parse(term), AgreementStatus.valueOf(posting.getString(STATUS)),
                posting.get(VERSION, Number.class).intValue(), pending, nextReviewDue);
    }
}
