package fi.agreementregistry.core.agreement;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

import java.time.LocalDate;

public record TerminateAgreement(@TargetAggregateIdentifier AgreementId agreementId,
                                 LocalDate terminatedOn,
                                 String reason,
                                 @TargetAggregateVersion Long expectedSequence) {
}
