package fi.agreementregistry.api.application.requests;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.LocalDate;

/**
 * {@code kind} is free text (e.g. AGREEMENT_EVALUATION, COUNCIL_TERM_NEGOTIATION); blank means AGREEMENT_EVALUATION.
 * {@code scheduledOn}: the day the review was decided; absent means today.
 */
public record ReviewRequest(
        @NotNull LocalDate dueBy,
        @SingleLineText @Size(max = 100) String kind,
        @NotBlank @SingleLineText @Size(max = 300) String responsibleBody,
        @MultiLineText @Size(max = 10_000) String reason,
        LocalDate scheduledOn) {
}
