package fi.agreementregistry.core.signature;

import fi.agreementregistry.core.agreement.AgreementId;
import fi.agreementregistry.core.party.PartyId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

import java.time.LocalDate;

public record SignAgreement(@TargetAggregateIdentifier AgreementId agreementId,
                            PartyId partyId,
                            int version,
                            Signatory signatory,
                            LocalDate signedOn,
                            @TargetAggregateVersion Long expectedSequence) {
}
