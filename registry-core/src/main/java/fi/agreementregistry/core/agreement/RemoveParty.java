package fi.agreementregistry.core.agreement;

import fi.agreementregistry.core.party.PartyId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Removes a party from a draft. {@code expectedSequence}, when given, must be the agreement's last sequence number. */
public record RemoveParty(@TargetAggregateIdentifier AgreementId agreementId,
                          PartyId partyId,
                          Long expectedSequence) {
}
