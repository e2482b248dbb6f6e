package fi.agreementregistry.projections.party;

/** How many agreements a party belongs to, and how many of its actions are pending. */
public record PortfolioCounts(int agreements, int pendingApprovals, int pendingSignatures, int reviewsDue) {
}
