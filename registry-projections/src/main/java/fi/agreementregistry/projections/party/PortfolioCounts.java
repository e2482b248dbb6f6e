package fi.agreementregistry.projections.party;

import java.util.List;

/** How many agreements a party belongs to, and how many of its actions are pending. */
public record PortfolioCounts(int agreements, int pendingApprovals, int pendingSignatures, int reviewsDue) {

    /** The counts over these entries of a portfolio (all of them, or those a caller may read). */
    public static PortfolioCounts of(List<PortfolioEntry> entries) {
        int approvals = 0;
        int signatures = 0;
        int reviews = 0;
        for (PortfolioEntry entry : entries) {
            for (PendingAction action : entry.pendingActions()) {
                switch (action.kind()) {
                    case APPROVAL -> approvals++;
                    case SIGNATURE -> signatures++;
                    case REVIEW -> reviews++;
                }
            }
        }
        return new PortfolioCounts(entries.size(), approvals, signatures, reviews);
    }
}
