package fi.agreementregistry.core.agreement;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

import java.time.LocalDate;

/** The agreement for a new council term replaces this one. */
public record SupersedeAgreement(@TargetAggregateIdentifier AgreementId agreementId,
                                 AgreementId successorId,
                                 LocalDate supersededOn,
                                 @TargetAggregateVersion Long expectedSequence) {
}
