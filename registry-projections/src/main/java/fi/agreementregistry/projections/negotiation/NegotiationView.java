package fi.agreementregistry.projections.negotiation;

import fi.agreementregistry.core.negotiation.LegalBasis;
import fi.agreementregistry.core.negotiation.MeasureStatus;
import fi.agreementregistry.core.negotiation.NegotiationRecorded;
import fi.agreementregistry.core.negotiation.MinutesReference;
import fi.agreementregistry.core.party.PartyRef;

import java.time.LocalDate;
import java.util.List;

/**
 * A negotiation as users see it, with its measures and their status histories. {@code aggregateSequence} is the
 * sequence of the last event applied (the API's ETag).
 */
public record NegotiationView(String id,
                              PartyRef welfareArea,
                              List<PartyRef> parties,
                              LocalDate heldOn,
                              List<LegalBasis> legalBases,
                              List<String> topics,
                              MinutesReference minutesReference,
                              List<MeasureView> measures,
                              long aggregateSequence) {

    /**
     * The negotiation as its {@link NegotiationRecorded} event (at {@code sequence}) leaves it: every measure PLANNED
     * on the day it was held. The read model starts from it, and so does the answer to a recording that is recovered
     * from the event store after a crash (Idempotency-Key).
     */
    public static NegotiationView recorded(NegotiationRecorded event, long sequence, java.time.Instant recordedAt,
                                           fi.agreementregistry.core.actor.Actor actor) {
        return new NegotiationView(event.negotiationId().value(), event.welfareArea(), event.parties(), event.heldOn(),
                event.legalBases(), event.topics(), event.minutesReference(),
                event.measures().stream().map(m -> MeasureView.agreed(m, event.heldOn(), recordedAt, actor)).toList(),
                sequence);
    }

    /** Whether {@code partyId} is the county or one of the parties. */
    public boolean involves(String partyId) {
        return welfareArea.id().value().equals(partyId)
                || parties.stream().anyMatch(p -> p.id().value().equals(partyId));
    }
}
