package fi.agreementregistry.projections.negotiation;

import fi.agreementregistry.core.actor.Actor;
import fi.agreementregistry.core.negotiation.Measure;
import fi.agreementregistry.core.negotiation.MeasureStatus;
import fi.agreementregistry.core.party.PartyRef;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A measure with its current {@code status} (since {@code statusOn}) and every change, oldest first; the first
 * entry is PLANNED on the day it was agreed.
 */
public record MeasureView(String id,
                          String text,
                          List<PartyRef> responsible,
                          LocalDate dueBy,
                          String agreementId,
                          LocalDate agreedOn,
                          MeasureStatus status,
                          LocalDate statusOn,
                          List<StatusChange> history) {

    /**
     * A measure as agreed on {@code agreedOn}: PLANNED, with that one entry in its history, recorded at
     * {@code recordedAt} by {@code actor} (either null where not known).
     */
    static MeasureView agreed(Measure measure, LocalDate agreedOn, Instant recordedAt, Actor actor) {
        return new MeasureView(measure.measureId().value(), measure.text(), measure.responsible(), measure.dueBy(),
                measure.agreementId(), agreedOn, MeasureStatus.PLANNED, agreedOn,
                List.of(new StatusChange(MeasureStatus.PLANNED, agreedOn, null, recordedAt, actor)));
    }

    /**
     * One status of the measure: since {@code on} (the business date), with the note; {@code recordedAt} when the
     * registry recorded it and {@code actor} who did (null for a read model built before they were kept: rebuild
     * it), as in the audit history.
     */
    public record StatusChange(MeasureStatus status, LocalDate on, String note, Instant recordedAt, Actor actor) {
    }

    /** The status the measure had at the end of {@code date}; null if it was not agreed by then. */
    public MeasureStatus statusAsOf(LocalDate date) {
        MeasureStatus result = null;
        for (StatusChange change : history) {
            if (!change.on().isAfter(date)) {
                result = change.status();
            }
        }
        return result;
    }

    /** Open (neither DONE nor DROPPED) at the end of {@code date} and due before it. */
    public boolean isOverdueOn(LocalDate date) {
        MeasureStatus asOf = statusAsOf(date);
        return asOf != null && !asOf.isClosed() && dueBy.isBefore(date);
    }
}
