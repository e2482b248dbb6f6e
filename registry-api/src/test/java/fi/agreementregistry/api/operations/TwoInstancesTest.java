package fi.agreementregistry.api.operations;

import fi.agreementregistry.api.RegistryApplication;
import fi.agreementregistry.api.storage.embedded.EmbeddedMongoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.List;

/**
 * Two registry instances, {@link #a} and {@link #b}, on one in-memory MongoDB (as two replicas behind a proxy would
 * share a replica set), started before each test and stopped after it.
 */
public abstract class TwoInstancesTest {

    protected EmbeddedMongoServer mongo;
    protected ConfigurableApplicationContext a;
    protected ConfigurableApplicationContext b;

    /** Settings both instances get besides a random port and the shared store, e.g. {@code --name=value}. */
    protected List<String> settings() {
        return List.of();
    }

    @BeforeEach
    protected void startTwoInstances() {
        mongo = EmbeddedMongoServer.inMemory();
        a = start();
        b = start();
    }

    @AfterEach
    protected void stopBothInstances() {
        for (ConfigurableApplicationContext instance : new ConfigurableApplicationContext[]{a, b}) {
            if (instance != null && instance.isActive()) {
                instance.close();
            }
        }
        mongo.close();
    }

    private ConfigurableApplicationContext start() {
        List<String> arguments = new ArrayList<>(List.of("--server.port=0",
                "--registry.mongodb.uri=" + mongo.connectionString()));
        arguments.addAll(settings());
        return SpringApplication.run(RegistryApplication.class, arguments.toArray(String[]::new));
    }
}
