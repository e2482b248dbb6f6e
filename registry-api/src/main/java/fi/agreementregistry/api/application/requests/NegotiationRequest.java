package fi.agreementregistry.api.application.requests;

import fi.agreementregistry.core.negotiation.LegalBasis;
import fi.agreementregistry.core.party.PartyId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.LocalDate;
import java.util.List;

/**
 * A statutory negotiation as recorded: the county ({@code welfareAreaId}), the parties that took part (one or more
 * of its municipalities, and its regional council where it took part), the day, the legal bases, the topics, where
 * the minutes are, and the measures agreed (each PLANNED from {@code heldOn}).
 */
public record NegotiationRequest(
        @NotNull PartyId welfareAreaId,
        @NotNull @Size(min = 1, max = 200) List<@NotNull PartyId> parties,
        @NotNull LocalDate heldOn,
        @NotNull @Size(min = 1, max = 2) List<@NotNull LegalBasis> legalBases,
        @Size(max = 50) List<@NotBlank @SingleLineText @Size(max = 500) String> topics,
        @Valid MinutesReferenceRequest minutesReference,
        @Size(max = 100) List<@NotNull @Valid MeasureRequest> measures) {

    public record MinutesReferenceRequest(
            @NotBlank @SingleLineText @Size(max = 300) String body,
            @NotNull LocalDate meetingDate,
            @SingleLineText @Size(max = 50) String section,
            @SingleLineText @Size(max = 100) String diaryNumber) {
    }
}
