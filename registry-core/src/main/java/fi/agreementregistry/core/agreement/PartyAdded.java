package fi.agreementregistry.core.agreement;

import fi.agreementregistry.core.party.PartyRef;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;

@Revision("1")
public record PartyAdded(AgreementId agreementId, PartyRef party, LocalDate addedOn) implements AgreementEvent {

    @Override
    public LocalDate effectiveOn() {
        return addedOn;
    }
}
