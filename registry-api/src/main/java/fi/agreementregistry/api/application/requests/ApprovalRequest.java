package fi.agreementregistry.api.application.requests;

import fi.agreementregistry.core.party.PartyId;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import java.time.LocalDate;

/** A decision body's approval: e.g. Hämeenlinnan kaupunginhallitus, 13.3.2023, § 30, 56/15.00.18/2023. */
public record ApprovalRequest(
        @NotNull PartyId partyId,
        @NotNull @Positive Integer version,
        @NotBlank @SingleLineText @Size(max = 300) String decisionBody,
        @NotNull LocalDate meetingDate,
        @NotBlank @SingleLineText @Size(max = 50) String section,
        @SingleLineText @Size(max = 100) String diaryNumber,
        @MultiLineText @Size(max = 20_000) String decisionText) {
}
