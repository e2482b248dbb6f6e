package fi.agreementregistry.core.agreement;

import fi.agreementregistry.core.party.PartyId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Adds a party to a draft. {@code expectedSequence}, when given, must be the agreement's last sequence number. */
public record AddParty(@TargetAggregateIdentifier AgreementId agreementId,
                       PartyId partyId,
                       Long expectedSequence) {
}
