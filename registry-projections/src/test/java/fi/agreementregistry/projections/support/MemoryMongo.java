package fi.agreementregistry.projections.support;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.net.InetSocketAddress;

/**
 * An in-memory MongoDB server and a driver client on it for each test, for a test class to register with
 * {@code @RegisterExtension}: started before the test's own {@code @BeforeEach} methods, shut down after its
 * {@code @AfterEach} methods.
 */
public final class MemoryMongo implements BeforeEachCallback, AfterEachCallback {

    private MongoServer server;
    private MongoClient client;

    public MongoClient client() {
        return client;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server = new MongoServer(new MemoryBackend());
        InetSocketAddress address = server.bind();
        client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        client.close();
        server.shutdownNow();
    }
}
