package fi.agreementregistry.core.amendment;

import fi.agreementregistry.core.agreement.AgreementId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

import java.util.List;

/** New principles: applied at once in a draft, proposed as the next version when in force. */
public record AmendPrinciples(@TargetAggregateIdentifier AgreementId agreementId,
                              List<String> principles,
                              String rationale,
                              @TargetAggregateVersion Long expectedSequence) {
}
