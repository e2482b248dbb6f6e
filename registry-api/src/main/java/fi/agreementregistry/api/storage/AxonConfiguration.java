package fi.agreementregistry.api.storage;

import fi.agreementregistry.api.config.RegistryProperties;
import fi.agreementregistry.api.storage.StorageConfiguration;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.mongodb.client.MongoDatabase;
import fi.agreementregistry.api.storage.cache.AggregateCache;
import fi.agreementregistry.api.storage.cache.CacheFirstRepository;
import fi.agreementregistry.api.storage.cache.CachedCopyRetries;
import fi.agreementregistry.api.storage.cache.RetryOnStaleAggregate;
import fi.agreementregistry.api.storage.eventstore.MongoEventStorageEngine;
import fi.agreementregistry.core.agreement.Agreement;
import fi.agreementregistry.core.negotiation.Negotiation;
import fi.agreementregistry.core.approval.ApprovalRecordedUpcaster;
import fi.agreementregistry.projections.support.BatchFlushingTokenStore;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventsourcing.AggregateSnapshotter;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.modelling.command.RepositorySpanFactory;
import org.axonframework.eventsourcing.snapshotting.RevisionSnapshotFilter;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

/**
 * Axon on MongoDB: the registry's own event storage engine, the Mongo extension's token store,
 * and Jackson for events, messages and tokens (Axon's XML serializer is never used: it cannot serialize tokens
 * on Java 17 and is a known deserialization risk).
 */
@Configuration(proxyBeanMethods = false)
public class AxonConfiguration {

    /** The ObjectMapper behind every Axon serializer: Java time as ISO strings, tolerant of added fields. */
    public static ObjectMapper axonObjectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** Axon's general serializer; its message and event serializers default to this one. */
    @Bean
    @Primary
    public Serializer serializer() {
        return JacksonSerializer.builder()
                .objectMapper(axonObjectMapper())
                .revisionResolver(new AnnotationRevisionResolver())
                .build();
    }

    /**
     * Registered here so registry-core stays free of Spring's {@code @Aggregate}.
     *
     * @param properties     {@code registry.snapshots.threshold}: events loaded since the last snapshot (or since the
     *                       first event) that trigger a new snapshot, taken after the command commits; 0 or less: none
     * @param agreementCache the aggregate cache, absent when {@code registry.aggregate-cache.enabled} is false
     */
    @Bean
    public ConfigurerModule agreementAggregate(RegistryProperties properties,
                                               ObjectProvider<AggregateCache> agreementCache,
                                               CachedCopyRetries cachedCopyRetries) {
        int snapshotThreshold = properties.snapshots().threshold();
        return configurer -> {
            AggregateConfigurer<Agreement> aggregate = AggregateConfigurer.defaultConfiguration(Agreement.class);
            Function<org.axonframework.config.Configuration, SnapshotTriggerDefinition> snapshotTrigger = c -> snapshotThreshold <= 0
                    ? NoSnapshotTriggerDefinition.INSTANCE
                    : new EventCountSnapshotTriggerDefinition(
                            AggregateSnapshotter.builder()
                                    .eventStore(c.eventStore())
                                    .aggregateFactories(aggregate.aggregateFactory())
                                    .repositoryProvider(c::repository)
                                    .parameterResolverFactory(c.parameterResolverFactory())
                                    .handlerDefinition(c.handlerDefinition(Agreement.class))
                                    .transactionManager(c.getComponent(TransactionManager.class,
                                            NoTransactionManager::instance))
                                    .build(),
                            snapshotThreshold);
            AggregateCache cache = agreementCache.getIfAvailable();
            if (cache == null) {
                aggregate.configureSnapshotTrigger(snapshotTrigger);
            } else {
                // Our own repository: Axon hands a configured trigger only to the repository it builds itself.
                aggregate.configureRepository(c -> new CacheFirstRepository<>(
                        EventSourcingRepository.builder(Agreement.class)
                                .parameterResolverFactory(c.parameterResolverFactory())
                                .handlerDefinition(c.handlerDefinition(Agreement.class))
                                .snapshotTriggerDefinition(snapshotTrigger.apply(c))
                                .aggregateFactory(aggregate.aggregateFactory())
                                .repositoryProvider(c::repository)
                                .spanFactory(c.getComponent(RepositorySpanFactory.class)),
                        c.eventStore(), cache, cachedCopyRetries));
            }
            configurer.configureAggregate(aggregate);
        };
    }

    /**
     * The Negotiation aggregate (statutory negotiations and their measures): few events each, loaded from the store
     * by Axon's own repository, without the agreements' cache or snapshots.
     */
    @Bean
    public ConfigurerModule negotiationAggregate() {
        return configurer -> configurer.configureAggregate(Negotiation.class);
    }

    /**
     * Recently used agreements, kept in memory between commands so a command need not load the events (or the
     * snapshot and the events after it), nor ask the store whether it is current. Safe with several instances on one
     * store: see {@link CacheFirstRepository} and {@link #commandGateway}.
     *
     * @param properties {@code registry.aggregate-cache.max-entries}: how many agreements it holds at most; the least
     *                   recently used goes first
     */
    @Bean
    @ConditionalOnProperty(name = "registry.aggregate-cache.enabled", havingValue = "true", matchIfMissing = true)
    public AggregateCache agreementCache(RegistryProperties properties) {
        return new AggregateCache(properties.aggregateCache().maxEntries());
    }

    /**
     * Ignores a snapshot of the Agreement written for another shape of its state (another {@code @Revision}), so the
     * aggregate is rebuilt from its events. Our engine is a bean of its own, so Axon's per-aggregate filter is not
     * applied to it automatically.
     */
    public static SnapshotFilter agreementSnapshotFilter() {
        return RevisionSnapshotFilter.builder()
                .type(Agreement.AGGREGATE_TYPE)
                .revision(new AnnotationRevisionResolver().revisionOf(Agreement.class))
                .build();
    }

    /** The event schema's upcasters, which live beside their events in registry-core (docs/schema-evolution.md). */
    @Bean
    public ApprovalRecordedUpcaster approvalRecordedUpcaster() {
        return new ApprovalRecordedUpcaster();
    }

    /** Commands that failed on a cached agreement, and retries that must load it from the store. */
    @Bean
    public CachedCopyRetries cachedCopyRetries() {
        return new CachedCopyRetries();
    }

    /**
     * The command gateway, retrying once on the stored state a command that may have failed only because it ran on a
     * stale cached agreement (its append lost to another, or it was refused on the copy): the caller gets the answer
     * the stored state gives instead of a spurious 409 or 412. See {@link RetryOnStaleAggregate}.
     */
    @Bean
    public CommandGateway commandGateway(CommandBus commandBus, CachedCopyRetries cachedCopyRetries) {
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler(new RetryOnStaleAggregate(1, cachedCopyRetries))
                .build();
    }

    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * @param gapTimeout how long a tracker waits for a global number that a writer allocated but has not stored
     *                   before it claims the number with a tombstone (the writer then retries with fresh numbers,
     *                   docs/event-store.md); measured with the application's clock
     */
    @Bean
    public EventStorageEngine eventStorageEngine(MongoDatabase database,
                                                 StorageConfiguration.RegistryMongo registryMongo,
                                                 Serializer serializer,
                                                 ObjectProvider<EventUpcaster> upcasters,
                                                 Clock clock,
                                                 RegistryProperties properties) {
        return MongoEventStorageEngine.builder()
                .database(database)
                .snapshotSerializer(serializer)
                .snapshotFilter(agreementSnapshotFilter())
                .eventSerializer(serializer)
                .upcasterChain(new EventUpcasterChain(upcasters.orderedStream().toList()))
                .afterAppend(registryMongo.durabilityHook())
                .clock(clock)
                .gapTimeout(properties.eventStore().gapTimeout())
                .build();
    }

    /**
     * @param claimTimeout how long a segment claim of an instance that stopped without releasing it (a crash)
     *                     blocks the other instances; Axon's own property name for it. Long (60 s), because the
     *                     store compares claim times written by different instances' clocks and a paused instance
     *                     (GC, a stalled VM) loses its segments after it; should that still happen, the read models'
     *                     sequence-guarded writes keep its stale batch from overwriting newer documents
     *                     ({@code BatchWrites.versioned}). Axon's MongoTokenStore reads the system clock and takes
     *                     no {@link Clock}.
     * @param properties   {@code registry.instance-id}: the owner this instance writes on the segments it claims
     *                     ({@code InstanceOwner}: equal owners would both process a segment)
     * @return the Mongo token store behind one that first writes the read-model documents a processor's batch has
     *         buffered, so a stored token never gets ahead of them ({@link BatchFlushingTokenStore})
     */
    @Bean
    public TokenStore tokenStore(MongoDatabase database, Serializer serializer,
                                 @Value("${axon.eventhandling.tokenstore.claim-timeout:60s}") Duration claimTimeout,
                                 RegistryProperties properties) {
        return new BatchFlushingTokenStore(MongoTokenStore.builder()
                .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(database).build())
                .serializer(serializer)
                .claimTimeout(claimTimeout)
                .nodeId(properties.instanceId())
                .build());
    }
}
