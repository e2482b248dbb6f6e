package fi.agreementregistry.api.application.requests;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

import java.time.LocalDate;
import java.util.List;

/** {@code proposedOn}: the day the new text was proposed; absent means today. */
public record AmendPrinciplesRequest(
        @NotEmpty(message = "give the whole new list of principles") List<@NotBlank @MultiLineText @Size(max = 10_000) String> principles,
        @MultiLineText @Size(max = 10_000) String rationale,
        LocalDate proposedOn) {
}
