package fi.agreementregistry.core.negotiation;

import org.axonframework.serialization.Revision;

import java.time.LocalDate;

/** A measure moved from {@code previous} to {@code status} on {@code on}, with a note. */
@Revision("1")
public record MeasureStatusChanged(NegotiationId negotiationId, MeasureId measureId, MeasureStatus previous,
                                   MeasureStatus status, LocalDate on, String note) implements NegotiationEvent {

    @Override
    public LocalDate effectiveOn() {
        return on;
    }
}
