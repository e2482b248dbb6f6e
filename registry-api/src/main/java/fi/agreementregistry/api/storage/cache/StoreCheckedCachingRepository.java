package fi.agreementregistry.api.storage.cache;

import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.CachingEventSourcingRepository;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * Axon's caching repository, which first asks the store whether a cached aggregate is still current: one lookup of
 * the sequence after the copy's version (cheaper than loading the events). Another instance on the same store may
 * have appended; a stale copy is dropped and the aggregate loaded from the store, so a command is never decided on
 * old state: not only would its append fail, a rule could refuse it wrongly (a signature before the approval that
 * the other instance recorded). An append between this check and the commit still fails on the store's unique key
 * and is retried by {@link RetryOnStaleAggregate}.
 */
public class StoreCheckedCachingRepository<T> extends CachingEventSourcingRepository<T> {

    private final EventStore eventStore;
    private final Cache cache;

    /** @param builder a builder with the event store and the cache set */
    public StoreCheckedCachingRepository(EventSourcingRepository.Builder<T> builder, EventStore eventStore,
                                         Cache cache) {
        super(builder.eventStore(eventStore).cache(cache));
        this.eventStore = eventStore;
        this.cache = cache;
    }

    @Override
    protected EventSourcedAggregate<T> doLoadWithLock(String aggregateIdentifier, Long expectedVersion) {
        boolean cached = cache.containsKey(aggregateIdentifier);
        EventSourcedAggregate<T> aggregate = super.doLoadWithLock(aggregateIdentifier, expectedVersion);
        if (cached && aggregate.version() != null && isBehindTheStore(aggregateIdentifier, aggregate.version())) {
            cache.remove(aggregateIdentifier);
            aggregate = super.doLoadWithLock(aggregateIdentifier, expectedVersion);
        }
        return aggregate;
    }

    private boolean isBehindTheStore(String aggregateIdentifier, long version) {
        return eventStore.readEvents(aggregateIdentifier, version + 1).hasNext();
    }
}
