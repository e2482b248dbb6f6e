package fi.agreementregistry.core.negotiation;

import fi.agreementregistry.core.party.PartyId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;
import java.util.List;

/**
 * Records a statutory negotiation held by a wellbeing services county ({@code welfareAreaId}) with {@code parties}
 * (one or more of its municipalities, and its regional council where it took part), with the measures agreed.
 */
public record RecordNegotiation(@TargetAggregateIdentifier NegotiationId negotiationId,
                                PartyId welfareAreaId,
                                List<PartyId> parties,
                                LocalDate heldOn,
                                List<LegalBasis> legalBases,
                                List<String> topics,
                                MinutesReference minutesReference,
                                List<MeasureDraft> measures) {
}
