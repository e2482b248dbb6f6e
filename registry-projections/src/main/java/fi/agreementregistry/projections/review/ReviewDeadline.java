package fi.agreementregistry.projections.review;

import fi.agreementregistry.core.agreement.AgreementStatus;
import fi.agreementregistry.core.party.PartyRef;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import fi.agreementregistry.projections.agreement.ReviewView;

import java.util.List;

/**
 * A review with its agreement and parties: the review is the same {@link ReviewView} an agreement lists its reviews
 * with (its {@code status} computed as of the query's date), written into the JSON object beside the agreement's
 * fields, so the API answers one flat object per review.
 */
public record ReviewDeadline(String agreementId,
                             String agreementTitle,
                             AgreementStatus agreementStatus,
                             List<PartyRef> parties,
                             @JsonUnwrapped ReviewView review) {
}
