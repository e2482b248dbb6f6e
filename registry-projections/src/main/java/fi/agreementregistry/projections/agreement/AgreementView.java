package fi.agreementregistry.projections.agreement;

import fi.agreementregistry.core.agreement.AgreementKind;
import fi.agreementregistry.core.agreement.AgreementStatus;
import fi.agreementregistry.core.agreement.CouncilTerm;
import fi.agreementregistry.core.agreement.Forum;
import fi.agreementregistry.core.agreement.Principle;
import fi.agreementregistry.core.review.ReviewPolicy;

import java.time.LocalDate;
import java.util.List;

/**
 * One agreement as a user sees it; the REST API serializes it as-is, so the component names are
 * the API contract. {@code version} is the text version in force (or the draft's current one);
 * {@code aggregateSequence} is the last applied event's sequence number, which the API uses as ETag.
 * Each party shows its approval and signature of the current {@code version} only.
 * {@code supersedes}/{@code supersededBy} link a successor and its predecessor both ways.
 * {@code reviewPolicy} is null when reviews are scheduled by hand only.
 */
public record AgreementView(String id,
                            String title,
                            AgreementKind kind,
                            String region,
                            CouncilTerm councilTerm,
                            AgreementStatus status,
                            int version,
                            long aggregateSequence,
                            LocalDate draftedOn,
                            LocalDate enteredIntoForceOn,
                            List<PartyView> parties,
                            List<Principle> principles,
                            List<String> goals,
                            List<Forum> forums,
                            PendingAmendmentView pendingAmendment,
                            List<ReviewView> reviews,
                            String supersededBy,
                            String supersedes,
                            LocalDate endedOn,
                            String terminationReason,
                            ReviewPolicy reviewPolicy) {
}
