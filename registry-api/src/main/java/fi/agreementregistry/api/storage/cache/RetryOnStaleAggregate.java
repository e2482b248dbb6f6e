package fi.agreementregistry.api.storage.cache;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Retries a command at once, a limited number of times, when it may have run on a stale copy of its aggregate: an
 * agreement cached by this instance while another instance sharing the store appended to it. Either
 * <ul>
 *     <li>the command's expected version (its If-Match) is <em>ahead</em> of the loaded copy (the Agreement refuses
 *     it with {@link ConflictingAggregateVersionException}, actual &lt; expected): the client has seen a newer state
 *     than this copy, or</li>
 *     <li>its append lost to another append of the same aggregate ({@link ConcurrencyException}).</li>
 * </ul>
 * The failed unit of work evicted the cached copy, so the retry loads the stored events and checks the If-Match and
 * the business rules again. A real race still ends with one winner: the loser gets 412 if its If-Match is now behind
 * (the aggregate checks it before the rules), otherwise the rule's answer (409).
 * <p>
 * Nothing else is retried: a rule violation, an If-Match behind the stored state, or an
 * {@code AggregateStreamCreationException} (two creations of one id; retrying cannot change the outcome).
 */
public class RetryOnStaleAggregate implements RetryScheduler {

    private static final Logger logger = LoggerFactory.getLogger(RetryOnStaleAggregate.class);

    private final int maxRetries;

    public RetryOnStaleAggregate(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    @Override
    public boolean scheduleRetry(CommandMessage commandMessage, RuntimeException lastFailure,
                                 List<Class<? extends Throwable>[]> failures, Runnable dispatchTask) {
        if (failures.size() > maxRetries || !mayBeStale(lastFailure)) {
            return false;
        }
        logger.debug("Retrying {} {} on the stored state after {}", commandMessage.getPayloadType().getSimpleName(),
                commandMessage.getIdentifier(), lastFailure.toString());
        dispatchTask.run();
        return true;
    }

    static boolean mayBeStale(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConcurrencyException) {
                return true;
            }
            if (t instanceof ConflictingAggregateVersionException v) {
                return v.getActualVersion() < v.getExpectedVersion();
            }
        }
        return false;
    }
}
