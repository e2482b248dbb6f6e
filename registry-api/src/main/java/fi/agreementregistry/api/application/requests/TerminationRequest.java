package fi.agreementregistry.api.application.requests;

import com.fasterxml.jackson.annotation.JsonAlias;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.LocalDate;

public record TerminationRequest(
        @NotNull @JsonAlias({"date", "effectiveOn"}) LocalDate terminatedOn,
        @NotBlank @MultiLineText @Size(max = 10_000) String reason) {
}
