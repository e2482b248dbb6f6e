package fi.agreementregistry.projections.agreement;

import fi.agreementregistry.core.agreement.Principle;

import java.time.LocalDate;
import java.util.List;

/** Principles proposed for an agreement in force; {@code approvedBy} lists the parties that approved {@code version} so far. */
public record PendingAmendmentView(int version,
                                   List<Principle> principles,
                                   String rationale,
                                   LocalDate proposedOn,
                                   List<String> approvedBy) {
}
