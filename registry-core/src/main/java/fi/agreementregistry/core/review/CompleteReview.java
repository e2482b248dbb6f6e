package fi.agreementregistry.core.review;

import fi.agreementregistry.core.agreement.AgreementId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

import java.time.LocalDate;

public record CompleteReview(@TargetAggregateIdentifier AgreementId agreementId,
                             ReviewId reviewId,
                             LocalDate completedOn,
                             ReviewOutcome outcome,
                             String minutesReference,
                             @TargetAggregateVersion Long expectedSequence) {
}
