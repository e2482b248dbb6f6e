package fi.agreementregistry.api.storage.cache;

import fi.agreementregistry.core.BusinessRuleViolation;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Retries a command at once, a limited number of times, on the stored state of its aggregate, when its failure may
 * come from a stale copy: an agreement cached by this instance while another instance sharing the store appended to
 * it (the repository does not ask the store before using a copy, {@link CacheFirstRepository}). Either
 * <ul>
 *     <li>its append lost to another append of the same aggregate ({@link ConcurrencyException}, on the store's
 *     unique key), whatever the command was decided on, or</li>
 *     <li>it was decided on a cached copy and refused: by a business rule ({@link BusinessRuleViolation}), or because
 *     its expected version (its If-Match) is <em>ahead</em> of the copy ({@link ConflictingAggregateVersionException},
 *     actual &lt; expected: the client has seen a newer state than the copy).</li>
 * </ul>
 * The failed unit of work stored nothing and evicted the copy, and the retry loads the aggregate from the store, so it
 * checks the If-Match and the rules again on the stored state and the command is applied at most once. A real race
 * still ends with one winner: the loser's retry gets 412 if its If-Match is now behind (the aggregate checks it before
 * the rules), otherwise the rule's answer (409), or 409 if it loses a second race.
 * <p>
 * Nothing else is retried: a refusal decided on the stored state, an If-Match behind the copy (the store is at least
 * as far), a failure of the store (its write may have landed: a retry could apply the command twice), an
 * {@code AggregateStreamCreationException} (two creations of one id; retrying cannot change the outcome).
 */
public class RetryOnStaleAggregate implements RetryScheduler {

    private static final Logger logger = LoggerFactory.getLogger(RetryOnStaleAggregate.class);

    private final int maxRetries;
    private final CachedCopyRetries retries;

    public RetryOnStaleAggregate(int maxRetries, CachedCopyRetries retries) {
        this.maxRetries = maxRetries;
        this.retries = retries;
    }

    @Override
    public boolean scheduleRetry(CommandMessage commandMessage, RuntimeException lastFailure,
                                 List<Class<? extends Throwable>[]> failures, Runnable dispatchTask) {
        String commandId = commandMessage.getIdentifier();
        boolean decidedOnCopy = retries.takeFailedOnCopy(commandId);
        if (failures.size() > maxRetries
                || !(lostARace(lastFailure) || decidedOnCopy && mayBeRefusedByAStaleCopy(lastFailure))) {
            return false;
        }
        logger.debug("Retrying {} {} on the stored state after {}", commandMessage.getPayloadType().getSimpleName(),
                commandId, lastFailure.toString());
        retries.retryFromStore(commandId);
        dispatchTask.run();
        return true;
    }

    static boolean lostARace(Throwable failure) {
        return causes(failure).anyMatch(ConcurrencyException.class::isInstance);
    }

    static boolean mayBeRefusedByAStaleCopy(Throwable failure) {
        return causes(failure).anyMatch(t -> t instanceof BusinessRuleViolation
                || t instanceof ConflictingAggregateVersionException v
                && v.getActualVersion() < v.getExpectedVersion());
    }

    private static java.util.stream.Stream<Throwable> causes(Throwable failure) {
        return java.util.stream.Stream.iterate(failure, t -> t != null, t -> t.getCause() == t ? null : t.getCause());
    }
}
