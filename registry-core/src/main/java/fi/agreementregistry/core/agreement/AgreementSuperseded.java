package fi.agreementregistry.core.agreement;

import org.axonframework.serialization.Revision;

import java.time.LocalDate;

@Revision("1")
public record AgreementSuperseded(AgreementId agreementId, AgreementId successorId, LocalDate supersededOn)
        implements AgreementEvent {

    @Override
    public LocalDate effectiveOn() {
        return supersededOn;
    }
}
