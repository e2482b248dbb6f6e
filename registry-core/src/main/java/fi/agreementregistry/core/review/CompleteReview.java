package fi.agreementregistry.core.review;

import fi.agreementregistry.core.agreement.AgreementId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;

/**
 * A review is completed with its outcome. {@code expectedSequence}, when given, must be the agreement's last sequence
 * number.
 */
public record CompleteReview(@TargetAggregateIdentifier AgreementId agreementId,
                             ReviewId reviewId,
                             LocalDate completedOn,
                             ReviewOutcome outcome,
                             String minutesReference,
                             Long expectedSequence) {
}
