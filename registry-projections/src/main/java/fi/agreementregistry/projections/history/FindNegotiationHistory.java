package fi.agreementregistry.projections.history;

/** Every event of one statutory negotiation, oldest first, as the audit history holds them. */
public record FindNegotiationHistory(String negotiationId) {
}
