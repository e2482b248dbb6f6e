package fi.agreementregistry.api.application.requests;

import fi.agreementregistry.core.party.PartyId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import java.time.LocalDate;

public record SignatureRequest(
        @NotNull PartyId partyId,
        @NotNull @Positive Integer version,
        @NotNull @Valid SignatoryRequest signatory,
        @NotNull LocalDate signedOn) {

    public record SignatoryRequest(@NotBlank @SingleLineText @Size(max = 200) String name,
                                   @SingleLineText @Size(max = 200) String title) {
    }
}
