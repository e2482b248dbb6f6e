package fi.agreementregistry.core.amendment;

import fi.agreementregistry.core.agreement.AgreementEvent;
import fi.agreementregistry.core.agreement.AgreementId;
import fi.agreementregistry.core.agreement.Principle;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;
import java.util.List;

/** An agreement in force got proposed principles as {@code proposedVersion}; the current version stays in force. */
@Revision("1")
public record PrinciplesAmendmentProposed(AgreementId agreementId,
                                          int proposedVersion,
                                          List<Principle> currentPrinciples,
                                          List<Principle> proposedPrinciples,
                                          String rationale,
                                          LocalDate proposedOn) implements AgreementEvent {

    @Override
    public LocalDate effectiveOn() {
        return proposedOn;
    }
}
