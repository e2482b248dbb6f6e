package fi.agreementregistry.projections.review;

import fi.agreementregistry.core.agreement.AgreementStatus;
import fi.agreementregistry.core.party.PartyRef;
import fi.agreementregistry.core.review.ReviewOutcome;
import fi.agreementregistry.projections.agreement.ReviewStatus;

import java.time.LocalDate;
import java.util.List;

/** A review with its agreement and parties; {@code status} is computed when asked, as of the query's date. */
public record ReviewDeadline(String agreementId,
                             String agreementTitle,
                             AgreementStatus agreementStatus,
                             List<PartyRef> parties,
                             String reviewId,
                             String kind,
                             LocalDate dueBy,
                             String responsibleBody,
                             String reason,
                             LocalDate scheduledOn,
                             ReviewStatus status,
                             LocalDate completedOn,
                             ReviewOutcome outcome,
                             String minutesReference) {
}
