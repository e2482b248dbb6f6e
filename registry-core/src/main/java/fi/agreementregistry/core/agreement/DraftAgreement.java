package fi.agreementregistry.core.agreement;

import fi.agreementregistry.core.party.PartyId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** Starts a new agreement in DRAFT with version 1 of its principles. */
public record DraftAgreement(@TargetAggregateIdentifier AgreementId agreementId,
                             String title,
                             AgreementKind kind,
                             String region,
                             CouncilTerm councilTerm,
                             List<PartyId> parties,
                             List<String> principles,
                             List<String> goals,
                             List<Forum> forums) {
}
