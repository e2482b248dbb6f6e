package fi.agreementregistry.core.amendment;

import fi.agreementregistry.core.agreement.AgreementEvent;
import fi.agreementregistry.core.agreement.AgreementId;
import fi.agreementregistry.core.agreement.Principle;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;
import java.util.List;

/**
 * {@code version} of the principles took effect: at once in a draft, or in force once every party
 * approved the proposed version. Carries the texts before and after for the audit trail.
 */
@Revision("1")
public record PrinciplesAmended(AgreementId agreementId,
                                int version,
                                List<Principle> previousPrinciples,
                                List<Principle> principles,
                                String rationale,
                                LocalDate amendedOn) implements AgreementEvent {

    @Override
    public LocalDate effectiveOn() {
        return amendedOn;
    }
}
