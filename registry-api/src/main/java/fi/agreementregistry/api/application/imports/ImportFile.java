package fi.agreementregistry.api.application.imports;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import fi.agreementregistry.api.application.requests.AmendPrinciplesRequest;
import fi.agreementregistry.api.application.requests.ApprovalRequest;
import fi.agreementregistry.api.application.requests.DraftAgreementRequest;
import fi.agreementregistry.api.application.requests.MultiLineText;
import fi.agreementregistry.api.application.requests.ReviewCompletionRequest;
import fi.agreementregistry.api.application.requests.SignatureRequest;
import fi.agreementregistry.api.application.requests.SingleLineText;
import fi.agreementregistry.api.application.requests.TerminationRequest;
import fi.agreementregistry.core.agreement.AgreementKind;
import fi.agreementregistry.core.agreement.CouncilTerm;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.core.review.ReviewPolicy;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.LocalDate;
import java.util.List;

/**
 * An import file (docs/import.md, schema {@code import/agreement-import.schema.json}): agreements with their whole
 * past. The parts that are also API requests reuse those requests' records, so a text or a size the API refuses is
 * refused here by the same annotations. The file's own {@code $schema} and {@code notes} are for editors and people.
 */
@JsonIgnoreProperties({"$schema", "notes"})
public record ImportFile(@NotNull @Size(min = 1, max = 1000) List<@Valid @NotNull Entry> agreements) {

    /**
     * One agreement. {@code key} identifies it outside the registry (a diary number, the name in the archive): the
     * registry derives the agreement's id from it, so the same entry imported again is recognised. {@code notes} are
     * for the people who read the file (where a fact came from, why one is missing) and are not stored.
     */
    public record Entry(
            @NotBlank @SingleLineText @Size(max = 200) String key,
            @MultiLineText @Size(max = 10_000) String notes,
            @NotBlank @SingleLineText @Size(max = 500) String title,
            @NotNull AgreementKind kind,
            @SingleLineText @Size(max = 200) String region,
            @NotNull CouncilTerm councilTerm,
            @NotNull @Size(min = 2, message = "an agreement needs at least two parties") List<@NotNull PartyId> parties,
            List<@NotBlank @MultiLineText @Size(max = 10_000) String> principles,
            List<@NotBlank @SingleLineText @Size(max = 10_000) String> goals,
            List<DraftAgreementRequest.@Valid @NotNull ForumRequest> forums,
            ReviewPolicy reviewPolicy,
            LocalDate draftedOn,
            List<@Valid @NotNull AmendPrinciplesRequest> amendments,
            List<@Valid @NotNull ApprovalRequest> approvals,
            List<@Valid @NotNull SignatureRequest> signatures,
            List<@Valid @NotNull Review> reviews,
            @Valid Supersession supersededBy,
            @Valid TerminationRequest terminated) {
    }

    /**
     * A review scheduled on {@code scheduledOn}, due by {@code dueBy}, and, if it was done, its {@code completion}.
     * {@code id} (optional) names it in the registry; without one it is {@code review-<n>}, n its place in the list.
     * {@code underPolicy: true} is only the {@code completion} of a review the registry scheduled itself under the
     * review policy (the one open at that date). The schema says which fields each needs.
     */
    public record Review(
            Boolean underPolicy,
            @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}",
                    message = "is 1-100 letters, digits, '.', '_' or '-'") String id,
            LocalDate dueBy,
            @SingleLineText @Size(max = 100) String kind,
            @SingleLineText @Size(max = 300) String responsibleBody,
            @MultiLineText @Size(max = 10_000) String reason,
            LocalDate scheduledOn,
            @Valid ReviewCompletionRequest completion) {
    }

    /**
     * The agreement that replaced this one on {@code supersededOn}: the key of another agreement of this file (or of
     * an earlier import), or the id of an agreement already in the registry.
     */
    public record Supersession(@NotBlank @SingleLineText @Size(max = 200) String agreement,
                               @NotNull LocalDate supersededOn) {
    }
}
