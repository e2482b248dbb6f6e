package fi.agreementregistry.projections.history;

import fi.agreementregistry.core.agreement.AgreementId;
import fi.agreementregistry.core.party.PartyId;

import java.time.LocalDate;

/**
 * Every event of one agreement in order, answered with {@link AgreementHistory} (null when the agreement
 * has no events). Filters may be null: {@code party} keeps events about that party or recorded by someone
 * acting for it, {@code eventType} keeps one type (e.g. ApprovalRecorded), {@code from}/{@code to} bound
 * the business date (inclusive).
 */
public record FindAgreementHistory(AgreementId agreementId, PartyId party, String eventType, LocalDate from,
                                   LocalDate to) {

    public static FindAgreementHistory of(AgreementId agreementId) {
        return new FindAgreementHistory(agreementId, null, null, null, null);
    }
}
