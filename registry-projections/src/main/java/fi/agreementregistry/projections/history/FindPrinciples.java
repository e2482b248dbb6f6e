package fi.agreementregistry.projections.history;

import fi.agreementregistry.core.agreement.AgreementId;

/** One version of an agreement's principles, answered with {@link PrinciplesVersion} or null when there is none. */
public record FindPrinciples(AgreementId agreementId, int version) {
}
