package fi.agreementregistry.api.embedded;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * An in-process server speaking the MongoDB wire protocol (de.bwaldvogel mongo-java-server), bound to
 * {@code 127.0.0.1} on a free port.
 * <ul>
 *     <li>{@link #inMemory()}: memory backend, for tests;</li>
 *     <li>{@link #fileBacked(Path)}: H2 MVStore file backend under a data folder, so data survives a restart.</li>
 * </ul>
 * The H2 backend writes to its file about once a second, between commands ({@link ConsistentH2Backend}, so a
 * crash never keeps a later write without an earlier one). {@link #durabilityHook()} returns an action that
 * commits the store to its file and forces it to the disk; the event store runs it after every append, before the
 * append is acknowledged, so an acknowledged append survives {@code kill -9} of the process and a power loss.
 */
public final class EmbeddedMongoServer implements AutoCloseable {

    /** Name of the store file inside the data folder. */
    public static final String STORE_FILE_NAME = "registry.mv.db";

    private final MongoServer server;
    private final ConsistentH2Backend h2Backend;
    private final String connectionString;

    private EmbeddedMongoServer(MongoBackend backend, ConsistentH2Backend h2Backend) {
        this.server = new MongoServer(backend);
        this.h2Backend = h2Backend;
        InetSocketAddress address;
        try {
            server.bind("127.0.0.1", 0);
            address = server.getLocalAddress();
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
        this.connectionString = "mongodb://127.0.0.1:" + address.getPort();
    }

    /** Starts a server with the memory backend: nothing is kept after {@link #close()}. */
    public static EmbeddedMongoServer inMemory() {
        return new EmbeddedMongoServer(new MemoryBackend(), null);
    }

    /**
     * Starts a server with the H2 file backend, its store in {@code dataDir/registry.mv.db}; creates the folder if
     * needed and reopens an existing store.
     */
    public static EmbeddedMongoServer fileBacked(Path dataDir) {
        Objects.requireNonNull(dataDir, "dataDir");
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create data folder " + dataDir, e);
        }
        ConsistentH2Backend backend = new ConsistentH2Backend(dataDir.resolve(STORE_FILE_NAME).toAbsolutePath().toString());
        return new EmbeddedMongoServer(backend, backend);
    }

    /** {@code mongodb://127.0.0.1:<port>}, for {@code MongoClients.create(...)}. */
    public String connectionString() {
        return connectionString;
    }

    /** {@code true} when the server keeps its data in a file (H2 backend). */
    public boolean isFileBacked() {
        return h2Backend != null;
    }

    /**
     * An action that commits the H2 store to its file and forces the file to the disk ({@code fsync}), so what was
     * written before it survives {@code kill -9} and a power loss; a no-op for the memory backend. Thread-safe; the
     * event store runs it after every append (its cost: docs/performance.md).
     */
    public Runnable durabilityHook() {
        if (h2Backend == null) {
            return () -> { };
        }
        ConsistentH2Backend backend = h2Backend;
        return backend::commitAndSync;
    }

    /** Stops accepting clients, closes open connections and closes the backend (the H2 store commits on close). */
    @Override
    public void close() {
        server.shutdownNow();
    }

    @Override
    public String toString() {
        return "EmbeddedMongoServer[" + connectionString + (h2Backend != null ? ", " + h2Backend : ", memory") + "]";
    }
}
