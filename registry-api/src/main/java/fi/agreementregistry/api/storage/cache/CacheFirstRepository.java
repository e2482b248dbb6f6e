package fi.agreementregistry.api.storage.cache;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.CachingEventSourcingRepository;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Axon's caching repository, using a cached agreement without asking the store first whether another instance on the
 * same store appended to it meanwhile. Such a stale copy cannot store a wrong history: the command's append then fails
 * on the store's unique (agreement, sequence) key. What it could do is refuse wrongly: a rule decided on old state
 * (a signature before the approval the other instance recorded), an If-Match ahead of the copy. So a command decided
 * on a cached copy that fails is noted ({@link CachedCopyRetries}); the failed unit of work evicts the copy (Axon's
 * repository does on every rollback), and {@link RetryOnStaleAggregate} runs the command once more, which this
 * repository then loads from the store even if a copy is cached again by then. The answer the caller sees is thus
 * decided on the stored state, and the common case, a fresh copy, costs no read of the store at all.
 */
public class CacheFirstRepository<T> extends CachingEventSourcingRepository<T> {

    private final Cache cache;
    private final CachedCopyRetries retries;

    /** @param builder a builder with everything but the event store and the cache set */
    public CacheFirstRepository(EventSourcingRepository.Builder<T> builder, EventStore eventStore, Cache cache,
                                CachedCopyRetries retries) {
        super(builder.eventStore(eventStore).cache(cache));
        this.cache = cache;
        this.retries = retries;
    }

    @Override
    protected EventSourcedAggregate<T> doLoadWithLock(String aggregateIdentifier, Long expectedVersion) {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        if (unitOfWork.getMessage() instanceof CommandMessage<?> command) {
            String commandId = command.getIdentifier();
            if (retries.takeRetryFromStore(commandId)) {
                cache.remove(aggregateIdentifier);
            } else if (cache.containsKey(aggregateIdentifier)) {
                unitOfWork.onRollback(u -> retries.failedOnCopy(commandId));
            }
        }
        return super.doLoadWithLock(aggregateIdentifier, expectedVersion);
    }
}
