package fi.agreementregistry.core.agreement;

import fi.agreementregistry.core.party.PartyId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

public record RemoveParty(@TargetAggregateIdentifier AgreementId agreementId,
                          PartyId partyId,
                          @TargetAggregateVersion Long expectedSequence) {
}
