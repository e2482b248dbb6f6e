package fi.agreementregistry.core.negotiation;

import fi.agreementregistry.core.party.PartyRef;

import java.time.LocalDate;
import java.util.List;

/**
 * A measure as agreed: its text, the parties responsible for it (as named at the time), the day it is due by, and
 * optionally the agreement whose principles it serves.
 */
public record Measure(MeasureId measureId, String text, List<PartyRef> responsible, LocalDate dueBy,
                      String agreementId) {
}
