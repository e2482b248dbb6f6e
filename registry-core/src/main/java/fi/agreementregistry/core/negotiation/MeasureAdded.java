package fi.agreementregistry.core.negotiation;

import org.axonframework.serialization.Revision;

import java.time.LocalDate;

/** A measure was agreed on {@code agreedOn}, after the negotiation itself; it starts PLANNED. */
@Revision("1")
public record MeasureAdded(NegotiationId negotiationId, Measure measure, LocalDate agreedOn)
        implements NegotiationEvent {

    @Override
    public LocalDate effectiveOn() {
        return agreedOn;
    }
}
