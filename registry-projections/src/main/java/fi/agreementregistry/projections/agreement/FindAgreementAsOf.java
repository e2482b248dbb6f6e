package fi.agreementregistry.projections.agreement;

import fi.agreementregistry.core.agreement.AgreementId;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The agreement as it stood on business date {@code asOf} (events effective on or before it), as far as
 * the registry knew at {@code knownAt} (events recorded at or before it); either may be null. Answered
 * with an {@link AgreementView} computed from the agreement's own events, or null when the agreement did
 * not exist yet (not drafted by then, or unknown).
 */
public record FindAgreementAsOf(AgreementId agreementId, LocalDate asOf, Instant knownAt) {
}
