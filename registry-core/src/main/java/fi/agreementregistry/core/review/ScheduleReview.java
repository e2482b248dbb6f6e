package fi.agreementregistry.core.review;

import fi.agreementregistry.core.agreement.AgreementId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

import java.time.LocalDate;

/**
 * Schedules an evaluation of the agreement. {@code kind} is free text naming what the review is,
 * e.g. AGREEMENT_EVALUATION, COUNCIL_TERM_NEGOTIATION (611/2021 §14) or ANNUAL_WELFARE_NEGOTIATION (612/2021 §7).
 */
public record ScheduleReview(@TargetAggregateIdentifier AgreementId agreementId,
                             ReviewId reviewId,
                             LocalDate dueBy,
                             String kind,
                             String responsibleBody,
                             String reason,
                             @TargetAggregateVersion Long expectedSequence) {
}
