package fi.agreementregistry.api.application.requests;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * {@code PUT /api/parties/{id}/contacts}: every address of the party that gets reminders (replaces the earlier ones;
 * an empty list removes them). {@code language}: fi, sv or en.
 */
public record PartyContactsRequest(@NotNull @Size(max = 50) List<@NotNull @Valid ContactRequest> contacts) {

    public record ContactRequest(
            @NotBlank @Email @SingleLineText @Size(max = 254) String email,
            @NotNull @Pattern(regexp = "fi|sv|en", message = "must be fi, sv or en") String language,
            @SingleLineText @Size(max = 200) String name) {
    }
}
