package fi.agreementregistry.core.agreement;

import fi.agreementregistry.core.party.PartyId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/** Adds a party to a draft. {@code expectedSequence}, when given, must be the aggregate's last sequence number. */
public record AddParty(@TargetAggregateIdentifier AgreementId agreementId,
                       PartyId partyId,
                       @TargetAggregateVersion Long expectedSequence) {
}
