package fi.agreementregistry.api.idempotency;

import fi.agreementregistry.api.idempotency.IdempotencyKeys.RecordedCommand;
import fi.agreementregistry.api.idempotency.IdempotencyKeys.StoredResponse;

import java.util.List;
import java.util.Optional;

/**
 * Answers a keyed request whose commands may have been stored although its response was not (the registry stopped
 * between the append and storing the response): looks for the events of the recorded commands in the event store
 * and, if there are any, rebuilds the response the endpoint gives for them. Implemented beside the controllers
 * that know those responses ({@code api/agreement/StoredCommandOutcomes}).
 */
public interface CommandOutcomes {

    /**
     * @param method   the request's method
     * @param path     the request's path, e.g. {@code /api/agreements/{id}/approvals}
     * @param commands the commands requests with this key dispatched, each with its target aggregate and trace id
     * @return the response, if events of these commands are stored; empty if none are (then nothing was stored)
     */
    Optional<StoredResponse> outcomeOf(String method, String path, List<RecordedCommand> commands);
}
