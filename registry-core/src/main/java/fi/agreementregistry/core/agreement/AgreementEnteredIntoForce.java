package fi.agreementregistry.core.agreement;

import org.axonframework.serialization.Revision;

import java.time.LocalDate;

/** Every party has approved and signed {@code version}; the date is the last of those approvals and signatures. */
@Revision("1")
public record AgreementEnteredIntoForce(AgreementId agreementId, int version, LocalDate enteredIntoForceOn)
        implements AgreementEvent {

    @Override
    public LocalDate effectiveOn() {
        return enteredIntoForceOn;
    }
}
