package fi.agreementregistry.api.application;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a command response says: the agreement, its text {@code version} after the command, and
 * {@code aggregateSequence}, the event-stream position that the ETag carries for If-Match.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CommandAccepted(String agreementId, int version, long aggregateSequence, String reviewId) {

    public CommandAccepted(String agreementId, int version, long aggregateSequence) {
        this(agreementId, version, aggregateSequence, null);
    }
}
