package fi.agreementregistry.projections.party;

import fi.agreementregistry.core.agreement.AgreementStatus;
import fi.agreementregistry.core.agreement.CouncilTerm;

import java.time.LocalDate;
import java.util.List;

/** One agreement of a party: its status, what waits for the party, and the next open review's due date. */
public record PortfolioEntry(String agreementId,
                             String title,
                             CouncilTerm councilTerm,
                             AgreementStatus status,
                             int version,
                             List<PendingAction> pendingActions,
                             LocalDate nextReviewDue) {
}
