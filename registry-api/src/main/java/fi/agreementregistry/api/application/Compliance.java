package fi.agreementregistry.api.application;

import java.time.LocalDate;
import java.util.List;

/**
 * Whether a county and its municipalities have held their statutory negotiations, as of a day.
 *
 * @param welfareArea       the county's id
 * @param asOf              the day the statuses are for
 * @param municipalities    each municipality of the county (the party directory's welfare-area column), by name
 * @param welfareAreaDuties the county as a whole: DONE when every municipality's duty is, OVERDUE when any one's is
 */
public record Compliance(String welfareArea, String welfareAreaName, LocalDate asOf,
                         List<MunicipalityDuties> municipalities, List<Duty> welfareAreaDuties) {

    public record MunicipalityDuties(String partyId, String name, List<Duty> duties) {
    }

    /**
     * One duty in one period: the current period when it is DONE or DUE; the previous period when that one ended
     * without a negotiation and none has been held since (OVERDUE).
     *
     * @param lastNegotiationId the last negotiation held by {@code asOf} that meets the duty (in any period), or null
     */
    public record Duty(String duty, LocalDate periodStart, LocalDate periodEnd, DutyStatus status,
                       String lastNegotiationId, LocalDate lastHeldOn) {
    }

    public enum DutyStatus {
        /** A negotiation was held in the period. */
        DONE,
        /** The period is open and none has been held in it yet. */
        DUE,
        /** The period ended without one, and none has been held since. */
        OVERDUE
    }

    /**
     * A statutory negotiation a county must hold, as of a day: its duty in one period ({@link
     * NegotiationReads#negotiationsDue}), which the deadlines page and the calendar feeds show; the first of a
     * county's is the next it must hold ({@link NegotiationReads#nextDue}).
     *
     * @param dueBy                          the end of the period it is due in (for an OVERDUE duty: the end
     *                                       already past)
     * @param municipalitiesOutstanding      the county's municipalities that have not negotiated in that period
     * @param municipalitiesOutstandingNames their names, in the same order
     */
    public record NextDue(String welfareArea, String welfareAreaName, String duty, DutyStatus status,
                          LocalDate periodStart, LocalDate dueBy, List<String> municipalitiesOutstanding,
                          List<String> municipalitiesOutstandingNames) {
    }
}
