package fi.agreementregistry.projections.review;

import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.projections.agreement.ReviewStatus;

import java.time.LocalDate;

/**
 * Reviews of every agreement, sorted by due date; every criterion may be null. {@code asOf} is the day the
 * statuses are computed for (null: today by the registry's clock); {@code dueBefore}/{@code dueAfter} are inclusive.
 */
public record FindReviews(ReviewStatus status, LocalDate dueBefore, LocalDate dueAfter, String responsibleBody,
                          PartyId party, LocalDate asOf) {

    public static FindReviews all() {
        return new FindReviews(null, null, null, null, null, null);
    }
}
