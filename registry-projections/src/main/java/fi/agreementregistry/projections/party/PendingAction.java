package fi.agreementregistry.projections.party;

import fi.agreementregistry.projections.agreement.ReviewStatus;

import java.time.LocalDate;

/**
 * Something an agreement waits for: the party's approval or signature of {@code version}, or a review
 * that is due soon or overdue ({@code reviewId}, {@code dueBy}, {@code reviewStatus}).
 */
public record PendingAction(Kind kind, Integer version, String reviewId, LocalDate dueBy, ReviewStatus reviewStatus) {

    public enum Kind {
        APPROVAL,
        SIGNATURE,
        REVIEW
    }

    static PendingAction approval(int version) {
        return new PendingAction(Kind.APPROVAL, version, null, null, null);
    }

    static PendingAction signature(int version) {
        return new PendingAction(Kind.SIGNATURE, version, null, null, null);
    }

    static PendingAction review(String reviewId, LocalDate dueBy, ReviewStatus status) {
        return new PendingAction(Kind.REVIEW, null, reviewId, dueBy, status);
    }
}
