package fi.agreementregistry.core.agreement;

import org.axonframework.serialization.Revision;

import java.time.LocalDate;

@Revision("1")
public record AgreementTerminated(AgreementId agreementId, LocalDate terminatedOn, String reason)
        implements AgreementEvent {

    @Override
    public LocalDate effectiveOn() {
        return terminatedOn;
    }
}
