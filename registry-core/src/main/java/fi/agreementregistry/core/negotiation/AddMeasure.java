package fi.agreementregistry.core.negotiation;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;

/**
 * Adds a measure agreed after the negotiation (e.g. at its follow-up); {@code agreedOn} (optional, default today) is
 * on or after the negotiation. {@code expectedSequence}, when given, must be the negotiation's last sequence.
 */
public record AddMeasure(@TargetAggregateIdentifier NegotiationId negotiationId,
                         MeasureDraft measure,
                         LocalDate agreedOn,
                         Long expectedSequence) {
}
