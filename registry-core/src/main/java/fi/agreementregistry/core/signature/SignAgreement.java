package fi.agreementregistry.core.signature;

import fi.agreementregistry.core.agreement.AgreementId;
import fi.agreementregistry.core.party.PartyId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;

/**
 * A party's signatory signed {@code version} of the agreement. {@code expectedSequence}, when given, must be the
 * agreement's last sequence number.
 */
public record SignAgreement(@TargetAggregateIdentifier AgreementId agreementId,
                            PartyId partyId,
                            int version,
                            Signatory signatory,
                            LocalDate signedOn,
                            Long expectedSequence) {
}
