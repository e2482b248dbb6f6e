package fi.agreementregistry.api.storage.embedded;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import fi.agreementregistry.api.storage.eventstore.MongoEventStorageEngine;
import fi.agreementregistry.api.storage.eventstore.StoreTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedMongoServerDurabilityTest {

    private static final int ACKS_BEFORE_KILL = 400;

    @Test
    void everyAcknowledgedAppendSurvivesKillMinus9OfTheProcess(@TempDir Path dataDir) throws Exception {
        appendUntilKilledThenCheck(dataDir, 1);
    }

    /** Four writers share commits (group commit): each append is still acknowledged only once it is on the disk. */
    @Test
    void everyAcknowledgedAppendOfConcurrentWritersSurvivesKillMinus9(@TempDir Path dataDir) throws Exception {
        appendUntilKilledThenCheck(dataDir, 4);
    }

    private static void appendUntilKilledThenCheck(Path dataDir, int writers) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                                           DurabilityChild.class.getName(), dataDir.toString(),
                                           String.valueOf(writers))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<String> acknowledged = new ArrayList<>();
        long started = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                                                                           StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.equals("READY")) {
                    started = System.nanoTime();
                } else if (line.startsWith("ACK ")) {
                    acknowledged.add(line.substring(4));
                    if (acknowledged.size() >= ACKS_BEFORE_KILL) {
                        child.destroyForcibly();      // SIGKILL: no shutdown hooks, no final commit
                        break;
                    }
                }
            }
        } finally {
            child.destroyForcibly();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(acknowledged).hasSize(ACKS_BEFORE_KILL);

        try (EmbeddedMongoServer reopened = EmbeddedMongoServer.fileBacked(dataDir);
             MongoClient client = MongoClients.create(reopened.connectionString())) {
            MongoEventStorageEngine engine = StoreTestSupport.engineBuilder(client).build();
            List<String> lost = acknowledged.stream()
                                            .filter(id -> engine.readEvents(id).asStream().count() != 1)
                                            .toList();
            System.out.printf("[figures] durability: %d acknowledged appends by %d writer(s) (H2 group commit + "
                                      + "fsync, %.0f appends/s) before kill -9, %d lost%n", acknowledged.size(),
                              writers, acknowledged.size() / seconds, lost.size());
            assertThat(lost).isEmpty();
            assertThat(engine.readEvents(null, false).count()).isGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
        }
    }
}
