package fi.agreementregistry.core.agreement;

import fi.agreementregistry.core.amendment.AmendPrinciples;
import fi.agreementregistry.core.approval.RecordApproval;
import fi.agreementregistry.core.review.CompleteReview;
import fi.agreementregistry.core.review.ScheduleReview;
import fi.agreementregistry.core.signature.SignAgreement;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * One step of an imported agreement's history: exactly one of the commands, and where it came from ({@code list},
 * e.g. "approvals", and its {@code index} there), so that a problem can be named by the entry of the file it concerns.
 */
public record ImportStep(String list, int index,
                         AmendPrinciples amendment,
                         RecordApproval approval,
                         SignAgreement signature,
                         ScheduleReview review,
                         CompleteReview completion,
                         SupersedeAgreement supersession,
                         TerminateAgreement termination) {

    public ImportStep {
        Objects.requireNonNull(list, "list");
        long commands = Stream.of(amendment, approval, signature, review, completion, supersession, termination)
                .filter(Objects::nonNull).count();
        if (commands != 1) {
            throw new IllegalArgumentException("an import step holds exactly one command, not " + commands);
        }
    }

    public static ImportStep of(String list, int index, Object command) {
        return new ImportStep(list, index,
                command instanceof AmendPrinciples c ? c : null,
                command instanceof RecordApproval c ? c : null,
                command instanceof SignAgreement c ? c : null,
                command instanceof ScheduleReview c ? c : null,
                command instanceof CompleteReview c ? c : null,
                command instanceof SupersedeAgreement c ? c : null,
                command instanceof TerminateAgreement c ? c : null);
    }

    /** The command this step stands for. */
    public Object command() {
        return Stream.of(amendment, approval, signature, review, completion, supersession, termination)
                .filter(Objects::nonNull).findFirst().orElseThrow();
    }

    /** The business date of the step (null when the file gave none: such a step is checked, and refused, last). */
    public LocalDate date() {
        if (amendment != null) {
            return amendment.proposedOn();
        }
        if (approval != null) {
            return approval.meetingDate();
        }
        if (signature != null) {
            return signature.signedOn();
        }
        if (review != null) {
            return review.scheduledOn();
        }
        if (completion != null) {
            return completion.completedOn();
        }
        if (supersession != null) {
            return supersession.supersededOn();
        }
        return termination.terminatedOn();
    }

    /**
     * The steps in the order they happened: by date; on one day, the text before the decisions about it (an amendment
     * creating version n before the approvals of version n, approvals before signatures, all of them before reviews
     * and the end), and otherwise in the order given. The k-th amendment creates version k + 1 (in a draft and in
     * force alike), so a day's steps are ordered by the version they concern.
     */
    public static List<ImportStep> inHistoryOrder(List<ImportStep> steps) {
        List<ImportStep> amendments = steps.stream().filter(s -> s.amendment() != null).toList();
        Comparator<ImportStep> byDate = Comparator.comparing(ImportStep::date,
                Comparator.nullsLast(Comparator.naturalOrder()));
        return steps.stream()
                .sorted(byDate.thenComparingInt((ImportStep s) -> s.version(amendments)).thenComparingInt(ImportStep::rank))
                .toList();
    }

    private int version(List<ImportStep> amendments) {
        if (amendment != null) {
            return amendments.indexOf(this) + 2;
        }
        if (approval != null) {
            return approval.version();
        }
        if (signature != null) {
            return signature.version();
        }
        return Integer.MAX_VALUE;
    }

    private int rank() {
        if (amendment != null) {
            return 0;
        }
        if (approval != null) {
            return 1;
        }
        if (signature != null) {
            return 2;
        }
        if (review != null) {
            return 3;
        }
        if (completion != null) {
            return 4;
        }
        return 5;
    }
}
