package fi.agreementregistry.api.application.imports;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.LocalDate;
import java.util.List;

/**
 * What an import did, or (a dry run) would do: one line per agreement of the file, and every problem found.
 *
 * @param fileName  the file's name, as recorded in the events' metadata
 * @param dryRun    true when nothing was to be stored
 * @param stored    how many agreements this run stored (0 in a dry run and when the check found problems; after a
 *                  refusal that came late, because the registry changed during the run, those stored before it)
 * @param agreements one result per agreement, in the file's order
 * @param problems  every problem, by agreement (its key, or #position when it has none) and field (a JSON pointer
 *                  into the file); empty when the file can be imported
 */
public record ImportReport(String fileName, boolean dryRun, int stored, List<Result> agreements,
                           List<Problem> problems) {

    /** What became of one agreement of the file. */
    public enum Outcome {
        /** Stored by this run. */
        IMPORTED,
        /** A dry run found nothing against it; a real run would store it. */
        WOULD_BE_IMPORTED,
        /** An earlier import stored it (same key); nothing stored. */
        ALREADY_IMPORTED,
        /** It has problems (listed in {@link ImportReport#problems}); nothing stored. */
        HAS_PROBLEMS,
        /** It has none itself, but another agreement of the file has, so nothing of the file was stored. */
        NOT_STORED
    }

    /**
     * @param position           its place in the file, from 1
     * @param key                its key
     * @param agreementId        the registry's id for it (derived from the key)
     * @param status             what it is (would be) after its history: DRAFT, IN_FORCE, SUPERSEDED, TERMINATED
     * @param version            its text version after its history
     * @param enteredIntoForceOn when it entered into force, if it did
     * @param message            the outcome in words
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(int position, String key, String agreementId, Outcome outcome, String status,
                         Integer version, LocalDate enteredIntoForceOn, String message) {
    }

    /**
     * @param agreement the agreement's key, or "#n" (its position) when it has no usable key
     * @param field     a JSON pointer into the file, e.g. /agreements/2/approvals/0/meetingDate
     * @param message   what is wrong, in a clerk's words
     */
    public record Problem(String agreement, String field, String message) {
    }

    public boolean hasProblems() {
        return !problems.isEmpty();
    }
}
