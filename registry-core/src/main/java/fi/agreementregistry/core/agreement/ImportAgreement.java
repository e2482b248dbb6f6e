package fi.agreementregistry.core.agreement;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/**
 * An existing agreement with its whole past, brought into the registry at once (issue 17): the draft, then every
 * step of its history ({@link ImportStep}: amendments, approvals, signatures, reviews and their completion, its end)
 * with the business dates they happened on. The aggregate runs each step through the same rules as the command it
 * stands for, in the order of their dates, and stores every event of the agreement in one unit of work, so the
 * agreement is stored whole or not at all.
 *
 * @param agreementId the new agreement's id (the draft names the same)
 * @param draft       the draft, dated {@code draftedOn}
 * @param steps       its history, in any order ({@link ImportStep#inHistoryOrder}); a {@code CompleteReview} without a
 *                    review id completes the review the registry scheduled under the review policy, open at its date
 * @param checkOnly   check every rule and store nothing (a dry run): the handler always ends with
 *                    {@link ImportNotStored}, which then carries the problems found, or none
 */
public record ImportAgreement(@TargetAggregateIdentifier AgreementId agreementId,
                              DraftAgreement draft,
                              List<ImportStep> steps,
                              boolean checkOnly) {
}
