package fi.agreementregistry.projections.agreement;

import fi.agreementregistry.core.review.ReviewOutcome;

import java.time.LocalDate;

/** A scheduled review; {@code status} is computed when queried, against today's date. */
public record ReviewView(String reviewId,
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
