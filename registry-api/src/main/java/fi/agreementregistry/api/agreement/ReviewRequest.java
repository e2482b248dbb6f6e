package fi.agreementregistry.api.agreement;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.LocalDate;

/** {@code kind} is free text (e.g. AGREEMENT_EVALUATION, COUNCIL_TERM_NEGOTIATION); blank means AGREEMENT_EVALUATION. */
public record ReviewRequest(
        @NotNull LocalDate dueBy,
        @Size(max = 100) String kind,
        @NotBlank @Size(max = 300) String responsibleBody,
        @Size(max = 10_000) String reason) {
}
