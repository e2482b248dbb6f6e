package fi.agreementregistry.core.approval;

import fi.agreementregistry.core.agreement.AgreementId;
import fi.agreementregistry.core.party.PartyId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;

/**
 * A party's decision body approved {@code version} of the agreement at a meeting. {@code expectedSequence}, when
 * given, must be the agreement's last sequence number.
 */
public record RecordApproval(@TargetAggregateIdentifier AgreementId agreementId,
                             PartyId partyId,
                             int version,
                             String decisionBody,
                             LocalDate meetingDate,
                             String section,
                             String diaryNumber,
                             String decisionText,
                             Long expectedSequence) {
}
