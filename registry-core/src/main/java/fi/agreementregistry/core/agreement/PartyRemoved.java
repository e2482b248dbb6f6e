package fi.agreementregistry.core.agreement;

import fi.agreementregistry.core.party.PartyRef;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;

@Revision("1")
public record PartyRemoved(AgreementId agreementId, PartyRef party, LocalDate removedOn) implements AgreementEvent {

    @Override
    public LocalDate effectiveOn() {
        return removedOn;
    }
}
