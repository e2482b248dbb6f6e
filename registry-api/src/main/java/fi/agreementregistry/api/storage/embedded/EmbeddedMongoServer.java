package fi.agreementregistry.api.storage.embedded;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;

/**
 * An in-process server speaking the MongoDB wire protocol (de.bwaldvogel mongo-java-server).
 * <ul>
 *     <li>{@link #fileBacked(Path)}: the registry's store. H2 MVStore file backend under a data folder, so data
 *     survives a restart, served on a Unix domain socket ({@value #SOCKET_FILE_NAME}) in that folder, never on a TCP
 *     port. The folder is 0700, its files and the socket 0600, and the server disconnects any peer that does not run
 *     as this process's OS user ({@link DomainSocketServer}): other local users can neither read nor change it.</li>
 *     <li>{@link #inMemory()}: memory backend on {@code 127.0.0.1} and a free TCP port, for tests (several registries
 *     in one test share it by URI). Any local process can reach that port: never keep real data in it.</li>
 * </ul>
 * The H2 backend writes to its file about once a second, between commands ({@link ConsistentH2Backend}, so a
 * crash never keeps a later write without an earlier one). {@link #durabilityHook()} returns an action that
 * commits the store to its file and forces it to the disk; the event store runs it after every append, before the
 * append is acknowledged, so an acknowledged append survives {@code kill -9} of the process and a power loss.
 * Concurrent appends share one commit and {@code fsync} (group commit).
 */
public final class EmbeddedMongoServer implements AutoCloseable {

    /** Name of the store file inside the data folder. */
    public static final String STORE_FILE_NAME = "registry.mv.db";

    /** Name of the socket inside the data folder (the MongoDB driver takes a host ending in ".sock" for a path). */
    public static final String SOCKET_FILE_NAME = "mongod.sock";

    /**
     * Longest socket path used, in bytes: {@code sun_path} holds 108 bytes on Linux and 104 on macOS, the closing NUL
     * included. A longer data-folder path gets its socket in a private folder under {@code java.io.tmpdir}, and so does
     * one the driver cannot reach ({@link #reachable}).
     */
    static final int MAX_SOCKET_PATH_BYTES = 100;

    private final MongoServer tcpServer;
    private final DomainSocketServer socketServer;
    private final ConsistentH2Backend h2Backend;
    private final Path privateSocketFolder;
    private final String connectionString;

    private EmbeddedMongoServer(MongoServer tcpServer, String connectionString) {
        this.tcpServer = tcpServer;
        this.socketServer = null;
        this.h2Backend = null;
        this.privateSocketFolder = null;
        this.connectionString = connectionString;
    }

    private EmbeddedMongoServer(DomainSocketServer socketServer, ConsistentH2Backend h2Backend,
                                Path privateSocketFolder) {
        this.tcpServer = null;
        this.socketServer = socketServer;
        this.h2Backend = h2Backend;
        this.privateSocketFolder = privateSocketFolder;
        this.connectionString = "mongodb://"
                + URLEncoder.encode(socketServer.socket().toString(), StandardCharsets.UTF_8);
    }

    /** Starts a server with the memory backend on a loopback TCP port: nothing is kept after {@link #close()}. */
    public static EmbeddedMongoServer inMemory() {
        // Its _id indexes also answer an _id lookup with more conditions, as the H2 backend's do.
        MemoryBackend backend = IdFirstIndex.memoryBackend();
        MongoServer server = new MongoServer(backend);
        try {
            server.bind("127.0.0.1", 0);
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
        InetSocketAddress address = server.getLocalAddress();
        return new EmbeddedMongoServer(server, "mongodb://127.0.0.1:" + address.getPort());
    }

    /**
     * Starts a server with the H2 file backend, its store in {@code dataDir/registry.mv.db}; creates the folder if
     * needed, makes it and its files owner-only (also when they exist with looser permissions) and reopens an
     * existing store. Fails if another registry has the store open.
     */
    public static EmbeddedMongoServer fileBacked(Path dataDir) {
        Objects.requireNonNull(dataDir, "dataDir");
        Path folder = dataDir.toAbsolutePath().normalize();
        OwnerOnly.folder(folder, STORE_FILE_NAME);
        Path storeFile = folder.resolve(STORE_FILE_NAME);
        OwnerOnly.file(storeFile);
        // Opening the store takes its file lock: from here on no other registry uses this folder, so a socket file
        // left in it is stale (a killed process) and may go.
        ConsistentH2Backend backend = new ConsistentH2Backend(storeFile.toString());
        Path privateFolder = null;
        try {
            Path socket = folder.resolve(SOCKET_FILE_NAME);
            Files.deleteIfExists(socket);
            if (!reachable(socket)) {
                privateFolder = privateSocketFolder();
                socket = privateFolder.resolve(SOCKET_FILE_NAME);
                if (!reachable(socket)) {
                    throw new IllegalStateException("The embedded database's socket path " + socket + " is longer "
                            + "than " + MAX_SOCKET_PATH_BYTES + " bytes or holds an upper-case letter or ':', and so "
                            + "did " + folder.resolve(SOCKET_FILE_NAME) + ": set java.io.tmpdir (or TMPDIR) to a "
                            + "short folder without them, such as /tmp, or use such a data folder");
                }
            }
            return new EmbeddedMongoServer(new DomainSocketServer(backend, socket), backend, privateFolder);
        } catch (IOException | RuntimeException e) {
            backend.close();
            deleteQuietly(privateFolder);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("Cannot start the embedded database in " + folder, io);
            }
            throw (RuntimeException) e;
        }
    }

    /**
     * The connection string for {@code MongoClients.create(...)}: {@code mongodb://<url-encoded socket path>} for the
     * file backend (the driver needs {@code jnr-unixsocket} for it), {@code mongodb://127.0.0.1:<port>} in memory.
     */
    public String connectionString() {
        return connectionString;
    }

    /** {@code true} when the server keeps its data in a file (H2 backend). */
    public boolean isFileBacked() {
        return h2Backend != null;
    }

    /** The Unix domain socket the file backend listens on; {@code null} for the memory backend (TCP). */
    public Path socketPath() {
        return socketServer == null ? null : socketServer.socket();
    }

    /** The file backend ({@code null} in memory), for this package's tests and measurements. */
    ConsistentH2Backend h2Backend() {
        return h2Backend;
    }

    /**
     * An action that commits the H2 store to its file and forces the file to the disk ({@code fsync}), so what was
     * written before it survives {@code kill -9} and a power loss; a no-op for the memory backend. Thread-safe:
     * concurrent callers share one commit that started after each of them called
     * ({@link ConsistentH2Backend#commitAndSync()}), and each returns only once that commit is on the disk. The event
     * store runs it after every append (its cost: docs/performance.md).
     */
    public Runnable durabilityHook() {
        if (h2Backend == null) {
            return () -> { };
        }
        ConsistentH2Backend backend = h2Backend;
        return backend::commitAndSync;
    }

    /**
     * How many commits with {@code fsync} the durability hook has made so far (0 for the memory backend). Beside the
     * number of appends it shows how many shared each commit (group commit); for measurements.
     */
    public long syncedCommits() {
        return h2Backend == null ? 0 : h2Backend.syncedCommits();
    }

    /** Stops accepting clients, closes open connections and closes the backend (the H2 store commits on close). */
    @Override
    public void close() {
        if (tcpServer != null) {
            tcpServer.shutdownNow();
        } else {
            socketServer.close();
            deleteQuietly(privateSocketFolder);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedMongoServer[" + connectionString + (h2Backend != null ? ", " + h2Backend : ", memory") + "]";
    }

    private static int bytes(Path path) {
        return path.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * Whether the driver connects to a socket at this path: at most {@value #MAX_SOCKET_PATH_BYTES} bytes, no ':' (it
     * would be read as a port), and no upper-case letter, as the MongoDB driver (5.5, {@code ServerAddress}) lower-cases
     * every host, a socket path included: a data folder such as {@code /Users/anna/registry} (macOS) would be looked
     * for at {@code /users/anna/registry}.
     */
    static boolean reachable(Path socket) {
        String text = socket.toString();
        return bytes(socket) <= MAX_SOCKET_PATH_BYTES && text.indexOf(':') < 0 && text.equals(text.toLowerCase());
    }

    /**
     * A fresh folder only this user may enter, e.g. {@code /tmp/registry-123456789}: under {@code java.io.tmpdir}, or
     * under {@code /tmp} where that one cannot hold a reachable socket (macOS's is {@code /var/folders/…/T/}).
     */
    private static Path privateSocketFolder() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        Path shared = Path.of("/tmp");
        if (!reachable(tmp.resolve("registry-" + Long.MAX_VALUE).resolve(SOCKET_FILE_NAME))
                && Files.isDirectory(shared)) {
            tmp = shared;
        }
        return OwnerOnly.posix(tmp)
                ? Files.createTempDirectory(tmp, "registry-", PosixFilePermissions.asFileAttribute(OwnerOnly.FOLDER))
                : Files.createTempDirectory(tmp, "registry-");
    }

    private static void deleteQuietly(Path folder) {
        if (folder == null) {
            return;
        }
        try {
            Files.deleteIfExists(folder.resolve(SOCKET_FILE_NAME));
            Files.deleteIfExists(folder);
        } catch (IOException ignored) {
            // a leftover empty folder in the temporary directory
        }
    }
}
