package fi.agreementregistry.api.evidence;

import fi.agreementregistry.api.MutableClock;

import com.mongodb.client.MongoDatabase;
import fi.agreementregistry.api.config.RegistryProperties;
import fi.agreementregistry.api.storage.embedded.InMemoryMongo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the signing key comes from (a configured PEM value or file; else generated once, owner-only, in the embedded
 * data folder, and logged), rotation (old public keys stay published, newest after the current one), and when
 * checkpoints are made: every N leaves, or T after the last one when leaves wait (a clock the test moves).
 */
@ExtendWith(OutputCaptureExtension.class)
class EvidenceKeysAndCheckpointsTest {

    @RegisterExtension
    static final InMemoryMongo mongo = new InMemoryMongo();

    static MongoDatabase freshDatabase() {
        return mongo.client().getDatabase("keys-" + UUID.randomUUID().toString().substring(0, 8));
    }

    static EvidenceProperties properties(String pem, Path file, int everyLeaves, Duration every) {
        return new EvidenceProperties("registry.test/log", null, file, pem, everyLeaves, every, Duration.ofSeconds(1));
    }

    static RegistryProperties embeddedFiles(Path dataDir) {
        return RegistryProperties.ofStorage(new RegistryProperties.Mongodb(null, null),
                new RegistryProperties.Embedded("file", dataDir));
    }

    @Test
    void theEmbeddedDefaultGeneratesAKeyOnceWithOwnerOnlyPermissionsAndSaysSo(@TempDir Path data, CapturedOutput output)
            throws Exception {
        MongoDatabase database = freshDatabase();
        EvidenceKeys first = new EvidenceKeys(properties(null, null, 10, Duration.ofSeconds(10)), embeddedFiles(data),
                database, Clock.systemUTC());
        Path file = data.resolve(EvidenceKeys.KEY_FILE);
        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(output.getAll()).contains("Generated the evidence signing key", file.toAbsolutePath().toString(),
                first.current().verifierKey());

        EvidenceKeys again = new EvidenceKeys(properties(null, null, 10, Duration.ofSeconds(10)), embeddedFiles(data),
                database, Clock.systemUTC());
        assertThat(again.current().verifierKey()).as("the same key after a restart").isEqualTo(first.current().verifierKey());
        assertThat(again.published()).hasSize(1);
    }

    @Test
    void aConfiguredKeyWinsAndARotationKeepsTheOldPublicKeyPublished(@TempDir Path data) throws Exception {
        MongoDatabase database = freshDatabase();
        MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
        EvidenceKey configured = EvidenceKey.generate("registry.test/log");
        Path pem = data.resolve("configured.pem");
        Files.writeString(pem, configured.privateKeyPem(), StandardCharsets.US_ASCII);
        EvidenceKeys fromFile = new EvidenceKeys(properties(null, pem, 10, Duration.ofSeconds(10)), embeddedFiles(data),
                database, clock);
        assertThat(fromFile.current().verifierKey()).isEqualTo(configured.verifierKey());
        assertThat(data.resolve(EvidenceKeys.KEY_FILE)).doesNotExist();

        clock.advance(java.time.Duration.ofSeconds(3600));
        EvidenceKey rotated = EvidenceKey.generate("registry.test/log");
        EvidenceKeys fromValue = new EvidenceKeys(properties(rotated.privateKeyPem(), pem, 10, Duration.ofSeconds(10)),
                embeddedFiles(data), database, clock);
        assertThat(fromValue.current().verifierKey()).isEqualTo(rotated.verifierKey());
        assertThat(fromValue.published()).extracting(EvidenceKeys.PublishedKey::verifierKey)
                .containsExactly(rotated.verifierKey(), configured.verifierKey());
    }

    @Test
    void aCheckpointEveryNLeavesOrTAfterTheLastWhenLeavesWait(@TempDir Path data) {
        MongoDatabase database = freshDatabase();
        MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
        EvidenceProperties properties = properties(EvidenceKey.generate("registry.test/log").privateKeyPem(), null, 5,
                Duration.ofSeconds(10));
        EvidenceLog log = new EvidenceLog(database);
        EvidenceKeys keys = new EvidenceKeys(properties, embeddedFiles(data), database, clock);
        EvidenceCheckpoints checkpoints = new EvidenceCheckpoints(log, keys, properties, clock, database);

        checkpoints.checkpointIfDue();
        assertThat(checkpoints.latest()).as("an empty log has no checkpoint").isEmpty();
        for (long i = 0; i < 12; i++) {
            log.append(EvidenceLogTest.leaf(i));
            checkpoints.leafAppended(log.appendedSize());
        }
        assertThat(checkpoints.list(0, 10)).extracting(EvidenceCheckpoints.Checkpoint::treeSize).containsExactly(5L, 10L);

        clock.advance(java.time.Duration.ofSeconds(9));
        checkpoints.checkpointIfDue();
        assertThat(checkpoints.latest().orElseThrow().treeSize()).as("9 s after the last").isEqualTo(10);
        clock.advance(java.time.Duration.ofSeconds(1));
        checkpoints.checkpointIfDue();
        EvidenceCheckpoints.Checkpoint latest = checkpoints.latest().orElseThrow();
        assertThat(latest.treeSize()).as("10 s after the last, 2 leaves waiting").isEqualTo(12);
        assertThat(latest.createdAt()).isEqualTo(clock.instant().toString());
        assertThat(SignedNote.open(latest.note(), EvidenceKey.fromVerifierKey(keys.current().verifierKey())))
                .contains("registry.test/log\n12\n" + java.util.Base64.getEncoder().encodeToString(log.root(12)) + "\n");

        clock.advance(java.time.Duration.ofSeconds(60));
        checkpoints.checkpointIfDue();
        assertThat(checkpoints.list(0, 10)).as("nothing waits: no new checkpoint").hasSize(3);
    }
}
