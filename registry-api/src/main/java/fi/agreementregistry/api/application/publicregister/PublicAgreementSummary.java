package fi.agreementregistry.api.application.publicregister;

import fi.agreementregistry.core.agreement.AgreementKind;
import fi.agreementregistry.core.agreement.AgreementStatus;

import java.time.LocalDate;
import java.util.List;

/** One agreement in the public list: copied field by field as {@link PublicAgreement} is. */
public record PublicAgreementSummary(String id,
                                     String title,
                                     AgreementKind kind,
                                     String region,
                                     String councilTerm,
                                     AgreementStatus status,
                                     LocalDate enteredIntoForceOn,
                                     LocalDate endedOn,
                                     int versionInForce,
                                     List<PartyName> parties,
                                     PublicAgreement.Links links) {

    public record PartyName(String id, String name) {
    }
}
