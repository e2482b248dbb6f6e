package fi.agreementregistry.api.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.mongodb.client.MongoDatabase;
import fi.agreementregistry.api.eventstore.MongoEventStorageEngine;
import fi.agreementregistry.core.agreement.Agreement;
import fi.agreementregistry.projections.support.BatchFlushingTokenStore;
import org.axonframework.config.ConfigurerModule;
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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

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

    /** Registered here so registry-core stays free of Spring's {@code @Aggregate}. */
    @Bean
    public ConfigurerModule agreementAggregate() {
        return configurer -> configurer.configureAggregate(Agreement.class);
    }

    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    public EventStorageEngine eventStorageEngine(MongoDatabase database,
                                                 StorageConfiguration.RegistryMongo registryMongo,
                                                 Serializer serializer,
                                                 ObjectProvider<EventUpcaster> upcasters) {
        return MongoEventStorageEngine.builder()
                .database(database)
                .snapshotSerializer(serializer)
                .eventSerializer(serializer)
                .upcasterChain(new EventUpcasterChain(upcasters.orderedStream().toList()))
                .afterAppend(registryMongo.durabilityHook())
                .build();
    }

    /**
     * @param claimTimeout how long a segment claim of an instance that stopped without releasing it (a crash)
     *                     blocks the other instances; Axon's own property name for it
     * @param instanceId   the owner this instance writes on the segments it claims; by default the JVM's
     *                     {@code pid@host} plus a random suffix, since two instances can share a JVM (tests)
     *                     or a pid and host name (containers), and equal owners would both process a segment
     * @return the Mongo token store behind one that first writes the read-model documents a processor's batch has
     *         buffered, so a stored token never gets ahead of them ({@link BatchFlushingTokenStore})
     */
    @Bean
    public TokenStore tokenStore(MongoDatabase database, Serializer serializer,
                                 @Value("${axon.eventhandling.tokenstore.claim-timeout:10s}") Duration claimTimeout,
                                 @Value("${registry.instance-id:}") String instanceId) {
        String owner = instanceId.isBlank()
                ? ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8)
                : instanceId;
        return new BatchFlushingTokenStore(MongoTokenStore.builder()
                .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(database).build())
                .serializer(serializer)
                .claimTimeout(claimTimeout)
                .nodeId(owner)
                .build());
    }
}
