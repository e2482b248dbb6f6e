package fi.agreementregistry.api.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.mongodb.client.MongoDatabase;
import fi.agreementregistry.api.eventstore.MongoEventStorageEngine;
import fi.agreementregistry.core.agreement.Agreement;
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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import java.time.Clock;

/**
 * Axon on MongoDB: the registry's own event storage engine, the Mongo extension's token store,
 * and Jackson for events, messages and tokens (XStream is never used: it cannot serialize tokens
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

    @Bean
    public TokenStore tokenStore(MongoDatabase database, Serializer serializer) {
        return MongoTokenStore.builder()
                .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(database).build())
                .serializer(serializer)
                .build();
    }
}
