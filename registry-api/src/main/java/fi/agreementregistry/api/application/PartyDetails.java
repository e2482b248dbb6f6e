package fi.agreementregistry.api.application;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import fi.agreementregistry.core.party.Party;
import fi.agreementregistry.projections.party.PortfolioCounts;

/**
 * A party as the directory lists it, plus how many agreements it belongs to and how many of its actions
 * are pending ({@code GET /api/parties/{partyId}/agreements} lists them).
 */
public record PartyDetails(@JsonUnwrapped Party party,
                           int agreements,
                           int pendingApprovals,
                           int pendingSignatures,
                           int reviewsDue) {

    public static PartyDetails of(Party party, PortfolioCounts counts) {
        return new PartyDetails(party, counts.agreements(), counts.pendingApprovals(), counts.pendingSignatures(),
                counts.reviewsDue());
    }
}
