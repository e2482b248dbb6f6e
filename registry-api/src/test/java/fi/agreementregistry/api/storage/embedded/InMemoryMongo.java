package fi.agreementregistry.api.storage.embedded;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;
import java.util.function.Consumer;

/**
 * An in-memory {@link EmbeddedMongoServer} and a driver client on it, for a test class to register with
 * {@code @RegisterExtension}: in a static field they are opened once for the class, in an instance field once for
 * each test (before the test's own {@code @BeforeEach} methods, closed after its {@code @AfterEach} methods).
 */
public final class InMemoryMongo implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {

    private final List<CommandListener> listeners;
    private EmbeddedMongoServer server;
    private MongoClient client;
    private boolean openedForOneTest;

    public InMemoryMongo() {
        this(List.of());
    }

    private InMemoryMongo(List<CommandListener> listeners) {
        this.listeners = listeners;
    }

    /** A server whose client also hands every command it starts to {@code started}, before sending it. */
    public static InMemoryMongo seeingStartedCommands(Consumer<CommandStartedEvent> started) {
        return new InMemoryMongo(List.of(new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                started.accept(event);
            }
        }));
    }

    public MongoClient client() {
        return client;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        open();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (client == null) {
            open();
            openedForOneTest = true;
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (openedForOneTest) {
            close();
            openedForOneTest = false;
        }
    }

    private void open() {
        server = EmbeddedMongoServer.inMemory();
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.connectionString()))
                .commandListenerList(listeners)
                .build());
    }

    private void close() {
        client.close();
        server.close();
        client = null;
        server = null;
    }
}
