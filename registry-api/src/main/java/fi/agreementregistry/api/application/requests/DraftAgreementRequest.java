package fi.agreementregistry.api.application.requests;

import fi.agreementregistry.core.agreement.AgreementKind;
import fi.agreementregistry.core.agreement.CouncilTerm;
import fi.agreementregistry.core.agreement.ForumLevel;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.core.review.ReviewPolicy;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.LocalDate;
import java.util.List;

public record DraftAgreementRequest(
        @NotBlank @SingleLineText @Size(max = 500) String title,
        @NotNull AgreementKind kind,
        @SingleLineText @Size(max = 200) String region,
        @NotNull CouncilTerm councilTerm,
        @NotNull @Size(min = 2, message = "an agreement needs at least two parties") List<@NotNull PartyId> parties,
        List<@NotBlank @MultiLineText @Size(max = 10_000) String> principles,
        List<@NotBlank @SingleLineText @Size(max = 10_000) String> goals,
        List<@Valid @NotNull ForumRequest> forums,
        ReviewPolicy reviewPolicy,
        LocalDate draftedOn) {

    public record ForumRequest(@NotBlank @SingleLineText @Size(max = 500) String name, @NotNull ForumLevel level) {
    }
}
