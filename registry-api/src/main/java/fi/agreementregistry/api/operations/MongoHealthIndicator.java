package fi.agreementregistry.api.operations;

import com.mongodb.client.MongoDatabase;
import fi.agreementregistry.api.config.RegistryProperties;
import fi.agreementregistry.api.storage.StorageConfiguration;
import org.bson.Document;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

import java.util.concurrent.TimeUnit;

/**
 * Pings the registry's MongoDB (the replica set, or the embedded server) through the driver the registry itself
 * uses. Spring Boot's own Mongo indicator needs Spring Data MongoDB, which the registry does not use. The ping is
 * bounded by {@code registry.health.mongo-timeout}, so an unreachable replica set fails the probe instead of
 * hanging it for the driver's 30 s server selection timeout.
 */
@Component("mongo")
public class MongoHealthIndicator extends AbstractHealthIndicator {

    private final MongoDatabase database;
    private final StorageConfiguration.RegistryMongo registryMongo;

    public MongoHealthIndicator(MongoDatabase database, StorageConfiguration.RegistryMongo registryMongo,
                                RegistryProperties properties) {
        super("MongoDB health check failed");
        this.database = database.withTimeout(properties.health().mongoTimeout().toMillis(), TimeUnit.MILLISECONDS);
        this.registryMongo = registryMongo;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Document ping = database.runCommand(new Document("ping", 1));
        builder.up()
                .withDetail("database", database.getName())
                .withDetail("mode", registryMongo.embeddedServer() != null ? "embedded" : "configured URI")
                .withDetail("ok", ping.get("ok"));
    }
}
