package fi.agreementregistry.core.signature;

import fi.agreementregistry.core.agreement.AgreementEvent;
import fi.agreementregistry.core.agreement.AgreementId;
import fi.agreementregistry.core.party.PartyRef;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;

@Revision("1")
public record AgreementSigned(AgreementId agreementId,
                              PartyRef party,
                              int version,
                              Signatory signatory,
                              LocalDate signedOn) implements AgreementEvent {

    @Override
    public LocalDate effectiveOn() {
        return signedOn;
    }
}
