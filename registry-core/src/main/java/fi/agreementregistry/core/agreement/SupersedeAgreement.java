package fi.agreementregistry.core.agreement;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;

/**
 * The agreement for a new council term replaces this one. {@code expectedSequence}, when given, must be the
 * agreement's last sequence number.
 */
public record SupersedeAgreement(@TargetAggregateIdentifier AgreementId agreementId,
                                 AgreementId successorId,
                                 LocalDate supersededOn,
                                 Long expectedSequence) {
}
