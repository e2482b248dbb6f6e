package fi.agreementregistry.projections.party;

import java.util.List;

/**
 * The answer to {@link FindPartyPortfolio}: the counts over all the party's agreements, and a page of them ordered by
 * title.
 *
 * @param limit      the page's size asked for; null when every agreement was asked for
 * @param nextCursor where the next page starts (hand it back as {@code cursor}); null on the last page
 * @param total      how many agreements the party belongs to
 */
public record PartyPortfolio(String partyId, PortfolioCounts counts, List<PortfolioEntry> agreements, Integer limit,
                             String nextCursor, long total) {

    public PartyPortfolio {
        agreements = List.copyOf(agreements);
    }

    /** Every agreement, on one page. */
    public PartyPortfolio(String partyId, PortfolioCounts counts, List<PortfolioEntry> agreements) {
        this(partyId, counts, agreements, null, null, agreements.size());
    }
}
