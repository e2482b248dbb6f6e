package fi.agreementregistry.projections.agreement;

import fi.agreementregistry.core.agreement.AgreementId;

/**
 * Asks for one agreement's summary. The handler answers with an {@link AgreementView}, or with
 * {@code null} when no agreement has that id (or it is not drafted yet): ask with
 * {@code ResponseTypes.optionalInstanceOf(AgreementView.class)} to receive it as an empty Optional (404).
 */
public record FindAgreement(AgreementId agreementId) {
}
