package fi.agreementregistry.projections.party;

import java.util.List;

/** The answer to {@link FindPartyPortfolio}: the counts and the agreements, ordered by title. */
public record PartyPortfolio(String partyId, PortfolioCounts counts, List<PortfolioEntry> agreements) {

    public PartyPortfolio {
        agreements = List.copyOf(agreements);
    }
}
