package fi.agreementregistry.core.negotiation;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;

/** Moves a measure to {@code status} as of {@code on}, with a note saying why or what was done. */
public record ChangeMeasureStatus(@TargetAggregateIdentifier NegotiationId negotiationId,
                                  MeasureId measureId,
                                  MeasureStatus status,
                                  LocalDate on,
                                  String note,
                                  Long expectedSequence) {
}
