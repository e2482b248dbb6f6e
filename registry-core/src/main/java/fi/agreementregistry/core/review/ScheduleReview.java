package fi.agreementregistry.core.review;

import fi.agreementregistry.core.agreement.AgreementId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;

/**
 * Schedules an evaluation of the agreement. {@code kind} is free text naming what the review is,
 * e.g. AGREEMENT_EVALUATION, COUNCIL_TERM_NEGOTIATION (611/2021 §14) or ANNUAL_WELFARE_NEGOTIATION (612/2021 §7).
 * {@code scheduledOn} is the day it was decided (null: today), so a review scheduled years ago can be entered now.
 * {@code expectedSequence}, when given, must be the agreement's last sequence number.
 */
public record ScheduleReview(@TargetAggregateIdentifier AgreementId agreementId,
                             ReviewId reviewId,
                             LocalDate dueBy,
                             String kind,
                             String responsibleBody,
                             String reason,
                             LocalDate scheduledOn,
                             Long expectedSequence) {

    /** Scheduled today. */
    public ScheduleReview(AgreementId agreementId, ReviewId reviewId, LocalDate dueBy, String kind,
                          String responsibleBody, String reason, Long expectedSequence) {
        this(agreementId, reviewId, dueBy, kind, responsibleBody, reason, null, expectedSequence);
    }
}
