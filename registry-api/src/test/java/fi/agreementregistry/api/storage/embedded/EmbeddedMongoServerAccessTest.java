package fi.agreementregistry.api.storage.embedded;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, section 3: only the registry's own OS user reaches the embedded database, and its files are owner-only.
 */
class EmbeddedMongoServerAccessTest {

    private static final Set<PosixFilePermission> OWNER_ONLY_FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    @TempDir
    Path tmp;

    @Test
    void theStoreIsServedOnASocketInItsDataFolderAndOnNoTcpPort() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "needs Linux's /proc to list TCP ports");
        Set<Integer> before = listeningTcpPortsOfThisProcess();
        try (EmbeddedMongoServer memory = EmbeddedMongoServer.inMemory()) {
            // The check sees a listening port when there is one: the memory backend (tests only) has one.
            assertThat(listeningTcpPortsOfThisProcess()).hasSize(before.size() + 1);
        }
        Path data = tmp.resolve("data");
        try (EmbeddedMongoServer server = EmbeddedMongoServer.fileBacked(data);
             MongoClient client = MongoClients.create(server.connectionString())) {
            assertThat(listeningTcpPortsOfThisProcess()).as("TCP ports this process listens on").isEqualTo(before);
            assertThat(server.socketPath()).isEqualTo(data.toAbsolutePath().resolve("mongod.sock"));
            assertThat(server.connectionString()).startsWith("mongodb://%2F").endsWith("mongod.sock");
            MongoCollection<Document> collection = client.getDatabase("registry").getCollection("c");
            collection.insertOne(new Document("_id", "a").append("title", "Puitesopimus"));
            assertThat(collection.find().first()).containsEntry("title", "Puitesopimus");
        }
        assertThat(data.resolve("mongod.sock")).as("the socket goes with the server").doesNotExist();
    }

    @Test
    void aNewDataFolderItsStoreFileAndTheSocketAreOwnerOnly() throws Exception {
        Path data = tmp.resolve("new").resolve("data");
        try (EmbeddedMongoServer server = EmbeddedMongoServer.fileBacked(data);
             MongoClient client = MongoClients.create(server.connectionString())) {
            client.getDatabase("registry").getCollection("c").insertOne(new Document("x", 1));
            server.durabilityHook().run();
            assertThat(Files.getPosixFilePermissions(data)).isEqualTo(OWNER_ONLY_FOLDER);
            assertThat(Files.getPosixFilePermissions(data.resolve("registry.mv.db"))).isEqualTo(OWNER_ONLY_FILE);
            assertThat(Files.getPosixFilePermissions(server.socketPath())).isEqualTo(OWNER_ONLY_FILE);
        }
    }

    @Test
    void anExistingFolderAndStoreFileWithLooserPermissionsAreMadeOwnerOnly() throws Exception {
        Path data = tmp.resolve("data");
        try (EmbeddedMongoServer server = EmbeddedMongoServer.fileBacked(data);
             MongoClient client = MongoClients.create(server.connectionString())) {
            client.getDatabase("registry").getCollection("c").insertOne(new Document("_id", "kept"));
            server.durabilityHook().run();   // as the event store does after an append
        }
        // As an older registry left them: a world-readable store in a world-readable folder.
        Files.setPosixFilePermissions(data.resolve("registry.mv.db"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path h2Temporary = Files.writeString(data.resolve("registry.mv.db.tempFile"), "");
        Files.setPosixFilePermissions(h2Temporary, PosixFilePermissions.fromString("rw-r--r--"));
        Path notOurs = Files.writeString(data.resolve("notes.txt"), "someone else's");
        Files.setPosixFilePermissions(notOurs, PosixFilePermissions.fromString("rw-r--r--"));

        try (EmbeddedMongoServer server = EmbeddedMongoServer.fileBacked(data);
             MongoClient client = MongoClients.create(server.connectionString())) {
            assertThat(Files.getPosixFilePermissions(data)).isEqualTo(OWNER_ONLY_FOLDER);
            assertThat(Files.getPosixFilePermissions(data.resolve("registry.mv.db"))).isEqualTo(OWNER_ONLY_FILE);
            assertThat(Files.getPosixFilePermissions(h2Temporary)).isEqualTo(OWNER_ONLY_FILE);
            assertThat(Files.getPosixFilePermissions(notOurs)).as("a file that is not the store's")
                    .isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
            assertThat(client.getDatabase("registry").getCollection("c").find().first()).containsEntry("_id", "kept");
        }
    }

    @Test
    void aDataFolderTooLongForASocketPathGetsItsSocketInAPrivateFolder() throws Exception {
        Path data = tmp.resolve("a".repeat(60)).resolve("b".repeat(60)).resolve("data");
        assertThat(data.resolve("mongod.sock").toString().getBytes(StandardCharsets.UTF_8).length).isGreaterThan(107);
        Path socketFolder;
        try (EmbeddedMongoServer server = EmbeddedMongoServer.fileBacked(data);
             MongoClient client = MongoClients.create(server.connectionString())) {
            socketFolder = server.socketPath().getParent();
            assertThat(server.socketPath().toString().getBytes(StandardCharsets.UTF_8).length)
                    .isLessThanOrEqualTo(EmbeddedMongoServer.MAX_SOCKET_PATH_BYTES);
            assertThat(Files.getPosixFilePermissions(socketFolder)).isEqualTo(OWNER_ONLY_FOLDER);
            client.getDatabase("registry").getCollection("c").insertOne(new Document("_id", "long"));
            assertThat(client.getDatabase("registry").getCollection("c").countDocuments()).isEqualTo(1);
            assertThat(Files.exists(data.resolve("registry.mv.db"))).isTrue();
        }
        assertThat(socketFolder).as("the private socket folder is removed on close").doesNotExist();
    }

    /**
     * The MongoDB driver lower-cases the socket path it is given (as any host), so a data folder with upper-case
     * letters, as every macOS home folder has (/Users/...), gets its socket in a private folder the driver reaches.
     */
    @Test
    void aDataFolderWithUpperCaseLettersGetsItsSocketInAPrivateFolder() throws Exception {
        Path data = tmp.resolve("Registry").resolve("Data");
        Path socketFolder;
        try (EmbeddedMongoServer server = EmbeddedMongoServer.fileBacked(data);
             MongoClient client = MongoClients.create(server.connectionString())) {
            socketFolder = server.socketPath().getParent();
            assertThat(server.socketPath().toString()).isEqualTo(server.socketPath().toString().toLowerCase());
            client.getDatabase("registry").getCollection("c").insertOne(new Document("_id", "Data"));
            assertThat(client.getDatabase("registry").getCollection("c").countDocuments()).isEqualTo(1);
        }
        assertThat(socketFolder).as("the private socket folder is removed on close").doesNotExist();
        try (EmbeddedMongoServer again = EmbeddedMongoServer.fileBacked(data);
             MongoClient client = MongoClients.create(again.connectionString())) {
            assertThat(client.getDatabase("registry").getCollection("c").countDocuments()).as("kept in Data")
                    .isEqualTo(1);
        }
    }

    /**
     * Another OS user is refused twice over: the folder's permissions keep it from the socket file, and with the
     * folder opened up the server itself disconnects it (peer credentials) before answering. Needs root to act as
     * {@code nobody}; CI runs as root.
     */
    @Test
    void anotherOsUserIsRefused() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(SETPRIV),
                "needs root and setpriv to connect as another OS user");
        Path probeFolder = Files.createTempDirectory("registry-probe");
        Files.setPosixFilePermissions(probeFolder, PosixFilePermissions.fromString("rwxr-xr-x"));
        try {
            Path probe = probeFolder.resolve("SocketProbe.java");
            Files.writeString(probe, PROBE);
            Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("rw-r--r--"));
            Path data = tmp.resolve("data");
            try (EmbeddedMongoServer server = EmbeddedMongoServer.fileBacked(data)) {
                Path socket = server.socketPath();
                assertThat(probe(probe, socket, false)).as("this user, as a control").startsWith("REPLY");

                assertThat(probe(probe, socket, true)).as("nobody, owner-only folder").startsWith("DENIED");

                // Open the way to the socket file: now only the server's own check stands between.
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
                assertThat(probe(probe, socket, true)).as("nobody, socket reachable").startsWith("CLOSED");
                assertThat(probe(probe, socket, false)).as("this user still served").startsWith("REPLY");
            }
        } finally {
            try (Stream<Path> files = Files.list(probeFolder)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(probeFolder);
        }
    }

    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    /** Runs the probe (JDK only, as a single source file) and returns the line it prints. */
    private static String probe(Path probe, Path socket, boolean asNobody) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>();
        if (asNobody) {
            command.addAll(List.of(SETPRIV.toString(), "--reuid=65534", "--regid=65534", "--clear-groups"));
        }
        command.addAll(List.of(java, "-XX:-UsePerfData", "-Xshare:auto", "-Djava.io.tmpdir=" + probe.getParent(),
                probe.toString(), socket.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out.lines().filter(l -> l.matches("^(REPLY|DENIED|CLOSED).*")).findFirst()
                  .orElseThrow(() -> new AssertionError("the probe printed no verdict: " + out));
    }

    /**
     * Connects to the socket, sends a MongoDB {@code hello} (OP_MSG) and says what came back: {@code DENIED} (could not
     * connect), {@code CLOSED} (connected, no answer) or {@code REPLY} (the server answered).
     */
    private static final String PROBE = """
            import java.io.IOException;
            import java.net.StandardProtocolFamily;
            import java.net.UnixDomainSocketAddress;
            import java.nio.ByteBuffer;
            import java.nio.ByteOrder;
            import java.nio.channels.SocketChannel;

            public class SocketProbe {
                public static void main(String[] args) throws Exception {
                    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                        try {
                            channel.connect(UnixDomainSocketAddress.of(args[0]));
                        } catch (IOException e) {
                            System.out.println("DENIED " + e.getMessage());
                            return;
                        }
                        ByteBuffer body = ByteBuffer.allocate(31).order(ByteOrder.LITTLE_ENDIAN);
                        body.putInt(31).put((byte) 0x10).put("hello".getBytes()).put((byte) 0).putInt(1)
                            .put((byte) 0x02).put("$db".getBytes()).put((byte) 0).putInt(6).put("admin".getBytes())
                            .put((byte) 0).put((byte) 0).flip();
                        ByteBuffer message = ByteBuffer.allocate(16 + 4 + 1 + 31).order(ByteOrder.LITTLE_ENDIAN);
                        message.putInt(52).putInt(1).putInt(0).putInt(2013).putInt(0).put((byte) 0).put(body).flip();
                        int read;
                        try {
                            while (message.hasRemaining()) {
                                channel.write(message);
                            }
                            read = channel.read(ByteBuffer.allocate(4096));
                        } catch (IOException e) {
                            System.out.println("CLOSED " + e.getMessage());
                            return;
                        }
                        System.out.println(read > 0 ? "REPLY " + read + " bytes" : "CLOSED without a reply");
                    }
                }
            }
            """;

    /** The TCP ports this JVM listens on (Linux): LISTEN entries of /proc/net/tcp{,6} whose socket is one of ours. */
    private static Set<Integer> listeningTcpPortsOfThisProcess() throws IOException {
        Set<String> ourSockets = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        ourSockets.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException gone) {
                    // closed while listing
                }
            }
        }
        Set<Integer> ports = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.isReadable(path)) {
                continue;
            }
            List<String> lines = Files.readAllLines(path);   // read once: other processes change the table
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f[3].equals("0A") && ourSockets.contains(f[9])) {
                    ports.add(Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16));
                }
            }
        }
        return ports;
    }
}
