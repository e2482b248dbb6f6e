package fi.agreementregistry.projections.history;

import fi.agreementregistry.core.agreement.Principle;

import java.time.LocalDate;
import java.util.List;

/**
 * One version of the principles: {@code since} is the business date it was drafted, proposed or took effect;
 * {@code recordedBy} the event type that last recorded it (AgreementDrafted, PrinciplesAmendmentProposed or
 * PrinciplesAmended), so a proposal that never took effect shows as one.
 */
public record PrinciplesVersion(String agreementId, int version, List<Principle> principles, LocalDate since,
                                String recordedBy) {
}
