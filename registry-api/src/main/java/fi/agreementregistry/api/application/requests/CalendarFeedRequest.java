package fi.agreementregistry.api.application.requests;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * A calendar subscription to make: its {@code name} (the owner's own label), and optionally the reviews of one
 * {@code responsibleBody} or of one {@code party}'s agreements (a clerk's feed is always their own party's), and the
 * {@code language} of its events (fi, sv or en; default the request's language, else Finnish).
 */
public record CalendarFeedRequest(
        @NotBlank @SingleLineText @Size(max = 100) String name,
        @SingleLineText @Size(max = 300) String responsibleBody,
        @SingleLineText @Size(max = 40) String party,
        @SingleLineText @Size(max = 5) String language) {
}
