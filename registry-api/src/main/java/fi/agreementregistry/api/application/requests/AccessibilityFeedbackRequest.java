package fi.agreementregistry.api.application.requests;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Feedback on the registry's accessibility, from anyone, signed in or not (Act 306/2019, section 15): the
 * {@code message}, an {@code email} address for a reply if its writer wants one, the {@code page} it concerns, and the
 * {@code language} of the statement it was sent from.
 */
public record AccessibilityFeedbackRequest(
        @NotBlank @MultiLineText @Size(max = AccessibilityFeedbackRequest.MAX_MESSAGE) String message,
        @Email @SingleLineText @Size(max = 254) String email,
        @SingleLineText @Size(max = 500) String page,
        @SingleLineText @Size(max = 5) String language) {

    /** Characters a message may have: a long account of a problem fits, a dump of data does not. */
    public static final int MAX_MESSAGE = 4000;
}
