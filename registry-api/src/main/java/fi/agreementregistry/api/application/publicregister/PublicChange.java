package fi.agreementregistry.api.application.publicregister;

import fi.agreementregistry.core.review.ReviewOutcome;

import java.time.LocalDate;

/**
 * A change of a public agreement that the public is told of (the Atom feed's entries): it entered into force, an
 * amended version came into force, a review was completed, it was superseded or terminated. {@code sequence} is the
 * event's place in the agreement's history, so ({@code agreementId}, {@code sequence}) never changes and never
 * repeats: the entry's id.
 *
 * @param version   the version in force after the change (entered into force, amended)
 * @param outcome   a completed review's outcome
 * @param successor the public agreement that superseded it, if any
 */
public record PublicChange(String agreementId, long sequence, Kind kind, LocalDate on, String agreementTitle,
                           Integer version, ReviewOutcome outcome, PublicAgreement.AgreementRef successor) {

    public enum Kind { ENTERED_INTO_FORCE, AMENDED, REVIEW_COMPLETED, SUPERSEDED, TERMINATED }
}
