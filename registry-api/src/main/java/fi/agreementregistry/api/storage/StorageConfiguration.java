package fi.agreementregistry.api.storage;

import fi.agreementregistry.api.config.RegistryProperties;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import fi.agreementregistry.api.storage.embedded.EmbeddedMongoServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.TimeUnit;

/**
 * Chooses the MongoDB the registry talks to: the configured URI (majority writes, journaled), or,
 * with none, an in-process wire-protocol server started before Axon so the same driver code runs on both.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RegistryProperties.class)
public class StorageConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StorageConfiguration.class);

    /** The MongoDB connection plus, when embedded, the server and how to force its writes to disk. */
    public record RegistryMongo(MongoClient client, EmbeddedMongoServer embeddedServer, Runnable durabilityHook)
            implements AutoCloseable {

        @Override
        public void close() {
            client.close();
            if (embeddedServer != null) {
                embeddedServer.close();
            }
        }
    }

    @Bean(destroyMethod = "close")
    public RegistryMongo registryMongo(RegistryProperties properties) {
        if (properties.mongodb().configured()) {
            MongoClientSettings settings = MongoClientSettings.builder()
                    .applyConnectionString(new ConnectionString(properties.mongodb().uri()))
                    .writeConcern(WriteConcern.MAJORITY.withJournal(true).withWTimeout(10, TimeUnit.SECONDS))
                    .build();
            log.info("Using MongoDB at {}", new ConnectionString(properties.mongodb().uri()).getHosts());
            return new RegistryMongo(MongoClients.create(settings), null, () -> { });
        }
        RegistryProperties.Embedded embedded = properties.embedded();
        EmbeddedMongoServer server = embedded.inMemory()
                ? EmbeddedMongoServer.inMemory()
                : EmbeddedMongoServer.fileBacked(embedded.dataDir());
        log.info("No MongoDB URI configured: started the embedded server ({}) at {}",
                embedded.inMemory() ? "in memory" : "files under " + embedded.dataDir().toAbsolutePath(),
                server.connectionString());
        return new RegistryMongo(MongoClients.create(server.connectionString()), server, server.durabilityHook());
    }

    @Bean
    public MongoClient mongoClient(RegistryMongo registryMongo) {
        return registryMongo.client();
    }

    @Bean
    public MongoDatabase mongoDatabase(MongoClient client, RegistryProperties properties) {
        return client.getDatabase(properties.mongodb().database());
    }
}
