package fi.agreementregistry.core.negotiation;

/** What a command on a negotiation returns: the sequence number of its last event (the API's ETag). */
public record NegotiationCommandResult(long aggregateSequence) {
}
