package fi.agreementregistry.projections.agreement;

import fi.agreementregistry.core.agreement.AgreementStatus;
import fi.agreementregistry.core.agreement.CouncilTerm;
import fi.agreementregistry.core.party.PartyId;

/** Lists agreement summaries; every criterion may be null, meaning "any". */
public record FindAgreements(PartyId party, AgreementStatus status, CouncilTerm councilTerm) {

    public static FindAgreements all() {
        return new FindAgreements(null, null, null);
    }
}
