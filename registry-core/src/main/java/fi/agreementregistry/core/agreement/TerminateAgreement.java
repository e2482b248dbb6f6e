package fi.agreementregistry.core.agreement;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;

/**
 * Ends the agreement, for a reason. {@code expectedSequence}, when given, must be the agreement's last sequence
 * number.
 */
public record TerminateAgreement(@TargetAggregateIdentifier AgreementId agreementId,
                                 LocalDate terminatedOn,
                                 String reason,
                                 Long expectedSequence) {
}
