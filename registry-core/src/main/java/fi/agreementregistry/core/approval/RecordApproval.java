package fi.agreementregistry.core.approval;

import fi.agreementregistry.core.agreement.AgreementId;
import fi.agreementregistry.core.party.PartyId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

import java.time.LocalDate;

/** A party's decision body approved {@code version} of the agreement at a meeting. */
public record RecordApproval(@TargetAggregateIdentifier AgreementId agreementId,
                             PartyId partyId,
                             int version,
                             String decisionBody,
                             LocalDate meetingDate,
                             String section,
                             String diaryNumber,
                             String decisionText,
                             @TargetAggregateVersion Long expectedSequence) {
}
