package fi.agreementregistry.core.approval;

import fi.agreementregistry.core.agreement.AgreementEvent;
import fi.agreementregistry.core.agreement.AgreementId;
import fi.agreementregistry.core.party.PartyRef;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;

@Revision("1")
public record ApprovalRecorded(AgreementId agreementId,
                               PartyRef party,
                               int version,
                               String decisionBody,
                               LocalDate meetingDate,
                               String section,
                               String diaryNumber,
                               String decisionText) implements AgreementEvent {

    @Override
    public LocalDate effectiveOn() {
        return meetingDate;
    }
}
