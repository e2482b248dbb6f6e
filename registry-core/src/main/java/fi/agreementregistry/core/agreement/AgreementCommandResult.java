package fi.agreementregistry.core.agreement;

/**
 * What a command on an existing agreement returns. Two different versions:
 * {@code version} is the agreement text's version (what approvals and signatures name);
 * {@code aggregateSequence} is the sequence number of the aggregate's last event (the API's ETag).
 */
public record AgreementCommandResult(int version, long aggregateSequence) {
}
