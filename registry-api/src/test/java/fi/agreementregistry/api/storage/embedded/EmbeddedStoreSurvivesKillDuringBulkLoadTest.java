package fi.agreementregistry.api.storage.embedded;

import fi.agreementregistry.api.RegistryApplication;
import fi.agreementregistry.projections.processors.EventProcessorStatus;
import fi.agreementregistry.projections.rebuild.ConsistencyCheck;
import com.mongodb.client.MongoDatabase;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12, section 3: a bulk load into the embedded H2 store, {@code kill -9} in the middle, restart: the store opens,
 * every acknowledged draft is there, and once the processors have caught up the consistency check reports nothing.
 * The load is killed after 16 MB of requests, when the store holds more than 50 MB of documents.
 * Before the store was opened with a zero write buffer, MVStore committed from the writing thread once ~19 MB were
 * unsaved, in the middle of a command and outside {@link ConsistentH2Backend}'s lock, so such a kill could leave a
 * processor's token ahead of its read models.
 */
class EmbeddedStoreSurvivesKillDuringBulkLoadTest {

    /** The load the child is given, in request bytes (drafts of about 200 KB each). */
    private static final long PLANNED_BYTES = 32L << 20;
    /**
     * Killed once this much is acknowledged: mid-way. By then the store holds more than 50 MB of documents (each
     * draft's principles are in its event and again in the summary, history and portfolio read models).
     */
    private static final long KILL_AT_BYTES = 16L << 20;
    private static final long STORED_AT_LEAST = 50L << 20;

    @TempDir
    Path dataDir;

    @Test
    void theStoreOpensAfterKillMinus9MidBulkLoadAndTheConsistencyCheckReportsNothing() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                BulkLoadChild.class.getName(), dataDir.toString(), Long.toString(PLANNED_BYTES))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<String> acknowledged = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        long bytesAtKill = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("FAILED")) {
                    failures.add(line);
                } else if (line.startsWith("ACK ")) {
                    String[] parts = line.split(" ");
                    acknowledged.add(parts[1]);
                    if (Long.parseLong(parts[2]) >= KILL_AT_BYTES) {
                        bytesAtKill = Long.parseLong(parts[2]);
                        child.destroyForcibly();      // SIGKILL: no shutdown hooks, no closing commit
                        break;
                    }
                }
            }
        } finally {
            child.destroyForcibly();
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(failures).isEmpty();
        assertThat(bytesAtKill).as("killed mid-way through the load").isBetween(KILL_AT_BYTES, PLANNED_BYTES - 1);
        long fileBytes = Files.size(dataDir.resolve(EmbeddedMongoServer.STORE_FILE_NAME));

        // The killed child still holds its processors' claims: take them over after 2 s, not the default minute.
        try (ConfigurableApplicationContext app = SpringApplication.run(RegistryApplication.class,
                "--server.port=0", "--spring.profiles.active=test", "--registry.embedded.backend=file",
                "--registry.embedded.data-dir=" + dataDir, "--axon.eventhandling.tokenstore.claim-timeout=2s")) {
            EventStore events = app.getBean(EventStore.class);
            assertThat(acknowledged).as("acknowledged drafts missing from the event store")
                    .filteredOn(id -> !events.readEvents(id).hasNext()).isEmpty();

            EventProcessorStatus processors = app.getBean(EventProcessorStatus.class);
            // Every processor, the evidence log's included, works through the ~60 MB loaded before the kill: on a busy
            // machine that takes longer than the minute it takes on an idle one.
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() ->
                    processors.snapshots().stream().allMatch(p -> p.running() && !p.error()
                            && !p.claimedSegments().isEmpty() && p.lag() == 0));   // claimed: lag 0 of nothing proves nothing
            ConsistencyCheck.Report report = app.getBean(ConsistencyCheck.class).check();
            assertThat(report.mismatches()).as("the consistency check after the restart").isEmpty();
            assertThat(report.consistent()).isTrue();
            assertThat(report.agreements()).isGreaterThanOrEqualTo(acknowledged.size());

            long stored = documentBytes(app.getBean(MongoDatabase.class));
            System.out.printf("[figures] bulk load: %d drafts (%d MB of requests) acknowledged before kill -9; the "
                    + "store then held %d MB of documents in a %d MB file%n", acknowledged.size(), bytesAtKill >> 20,
                    stored >> 20, fileBytes >> 20);
            assertThat(stored).as("bytes of documents in the store").isGreaterThan(STORED_AT_LEAST);
        }
    }

    /** The BSON size of every document in every collection. */
    private static long documentBytes(MongoDatabase database) {
        long total = 0;
        for (String name : database.listCollectionNames()) {
            for (RawBsonDocument document : database.getCollection(name, RawBsonDocument.class).find()) {
                total += document.getByteBuffer().remaining();
            }
        }
        return total;
    }
}
