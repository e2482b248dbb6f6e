package fi.agreementregistry.core.amendment;

import fi.agreementregistry.core.agreement.AgreementId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;
import java.util.List;

/**
 * New principles: applied at once in a draft, proposed as the next version when in force. {@code proposedOn} is the
 * day the new text was proposed (null: today), so an amendment made years ago can be entered now.
 * {@code expectedSequence}, when given, must be the agreement's last sequence number.
 */
public record AmendPrinciples(@TargetAggregateIdentifier AgreementId agreementId,
                              List<String> principles,
                              String rationale,
                              LocalDate proposedOn,
                              Long expectedSequence) {

    /** Proposed today. */
    public AmendPrinciples(AgreementId agreementId, List<String> principles, String rationale, Long expectedSequence) {
        this(agreementId, principles, rationale, null, expectedSequence);
    }
}
