package fi.agreementregistry.projections.history;

import java.util.List;

/** A statutory negotiation's events in sequence order: the negotiation, its measures and their status changes. */
public record NegotiationHistory(String negotiationId, List<HistoryEntry> entries) {

    public NegotiationHistory {
        entries = List.copyOf(entries);
    }
}
