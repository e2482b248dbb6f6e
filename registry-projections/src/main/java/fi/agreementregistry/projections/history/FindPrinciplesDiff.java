package fi.agreementregistry.projections.history;

import fi.agreementregistry.core.agreement.AgreementId;

/** What changed between two versions of the principles; answered with {@link PrinciplesDiff} or null if either is missing. */
public record FindPrinciplesDiff(AgreementId agreementId, int from, int to) {
}
