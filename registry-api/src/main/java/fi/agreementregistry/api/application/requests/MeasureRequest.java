package fi.agreementregistry.api.application.requests;

import fi.agreementregistry.core.party.PartyId;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.LocalDate;
import java.util.List;

/**
 * A measure: its text, the parties responsible (the county or parties of the negotiation), the day it is due by,
 * optionally the agreement whose principles it serves, and, only when added to a recorded negotiation, the day it
 * was agreed ({@code agreedOn}, default today).
 */
public record MeasureRequest(
        @NotBlank @MultiLineText @Size(max = 2_000) String text,
        @NotNull @Size(min = 1, max = 50) List<@NotNull PartyId> responsiblePartyIds,
        @NotNull LocalDate dueBy,
        @SingleLineText @Size(max = 100) String agreementId,
        LocalDate agreedOn) {
}
