package fi.agreementregistry.core.negotiation;

import fi.agreementregistry.core.party.PartyId;

import java.time.LocalDate;
import java.util.List;

/** A measure as a command proposes it; {@code agreementId} (optional) links the agreement it serves. */
public record MeasureDraft(MeasureId measureId, String text, List<PartyId> responsiblePartyIds, LocalDate dueBy,
                           String agreementId) {
}
