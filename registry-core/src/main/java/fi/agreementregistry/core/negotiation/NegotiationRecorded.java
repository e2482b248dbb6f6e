package fi.agreementregistry.core.negotiation;

import fi.agreementregistry.core.party.PartyRef;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;
import java.util.List;

/** A negotiation was held; every measure it agreed starts PLANNED on {@code heldOn}. */
@Revision("1")
public record NegotiationRecorded(NegotiationId negotiationId,
                                  PartyRef welfareArea,
                                  List<PartyRef> parties,
                                  LocalDate heldOn,
                                  List<LegalBasis> legalBases,
                                  List<String> topics,
                                  MinutesReference minutesReference,
                                  List<Measure> measures) implements NegotiationEvent {

    @Override
    public LocalDate effectiveOn() {
        return heldOn;
    }
}
