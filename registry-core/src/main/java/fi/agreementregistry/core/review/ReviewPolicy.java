package fi.agreementregistry.core.review;

import fi.agreementregistry.core.InvalidValueException;
import fi.agreementregistry.core.agreement.CouncilTerm;

import java.time.LocalDate;
import java.time.Month;

/**
 * How often an agreement is reviewed, set when it is drafted: every N months (612/2021 §7(4): welfare
 * promotion at least once a year), or once per council term (611/2021 §14). The registry schedules the
 * next review under the policy by itself when the agreement enters into force and when such a review
 * is completed.
 *
 * @param kind            EVERY_MONTHS or ONCE_PER_COUNCIL_TERM
 * @param months          for EVERY_MONTHS, 1 to 120; ignored (null) otherwise
 * @param responsibleBody the body that carries out the reviews, e.g. integraatiovaliokunta
 */
public record ReviewPolicy(Kind kind, Integer months, String responsibleBody) {

    public enum Kind {
        EVERY_MONTHS,
        ONCE_PER_COUNCIL_TERM
    }

    /** The review kind the registry gives the reviews it schedules under a policy. */
    public static final String PERIODIC_REVIEW = "PERIODIC_REVIEW";
    public static final String COUNCIL_TERM_NEGOTIATION = "COUNCIL_TERM_NEGOTIATION";

    public ReviewPolicy {
        if (kind == null) {
            throw new InvalidValueException("a review policy needs a kind: EVERY_MONTHS or ONCE_PER_COUNCIL_TERM");
        }
        if (kind == Kind.EVERY_MONTHS && (months == null || months < 1 || months > 120)) {
            throw new InvalidValueException("a review policy EVERY_MONTHS needs months from 1 to 120; got " + months);
        }
        if (kind == Kind.ONCE_PER_COUNCIL_TERM) {
            months = null;
        }
        if (responsibleBody == null || responsibleBody.isBlank()) {
            throw new InvalidValueException("a review policy needs the responsible body, e.g. integraatiovaliokunta");
        }
    }

    public static ReviewPolicy everyMonths(int months, String responsibleBody) {
        return new ReviewPolicy(Kind.EVERY_MONTHS, months, responsibleBody);
    }

    public static ReviewPolicy oncePerCouncilTerm(String responsibleBody) {
        return new ReviewPolicy(Kind.ONCE_PER_COUNCIL_TERM, null, responsibleBody);
    }

    /** The kind of the reviews scheduled under this policy; completing one of that kind schedules the next. */
    public String reviewKind() {
        return kind == Kind.EVERY_MONTHS ? PERIODIC_REVIEW : COUNCIL_TERM_NEGOTIATION;
    }

    /**
     * The due date of the first review once the agreement entered into force on {@code enteredIntoForceOn}:
     * N months later, or the last day of the council term then running.
     */
    public LocalDate firstDue(LocalDate enteredIntoForceOn, CouncilTerm term) {
        return kind == Kind.EVERY_MONTHS ? enteredIntoForceOn.plusMonths(months)
                : endOfTermContaining(enteredIntoForceOn, term);
    }

    /**
     * The due date of the next review after one was completed on {@code completedOn}: N months later, or the
     * last day of the council term after the one in which it was completed.
     */
    public LocalDate nextDue(LocalDate completedOn, CouncilTerm term) {
        return kind == Kind.EVERY_MONTHS ? completedOn.plusMonths(months)
                : endOfTermContaining(completedOn, term).plusYears(termLength(term));
    }

    /**
     * Municipal council terms run from 1 June of the election year to 31 May of the last year
     * (2025-2029: 1.6.2025-31.5.2029); terms before and after the agreement's are as long as it.
     */
    static LocalDate endOfTermContaining(LocalDate date, CouncilTerm term) {
        int length = termLength(term);
        LocalDate end = LocalDate.of(term.endYear(), Month.MAY, 31);
        while (date.isAfter(end)) {
            end = end.plusYears(length);
        }
        while (!date.isAfter(end.minusYears(length))) {
            end = end.minusYears(length);
        }
        return end;
    }

    private static int termLength(CouncilTerm term) {
        return term.endYear() - term.startYear();
    }
}
