package fi.agreementregistry.api.application.requests;

import fi.agreementregistry.core.review.ReviewOutcome;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.LocalDate;

public record ReviewCompletionRequest(
        @NotNull LocalDate completedOn,
        @NotNull ReviewOutcome outcome,
        @SingleLineText @Size(max = 500) String minutesReference) {
}
