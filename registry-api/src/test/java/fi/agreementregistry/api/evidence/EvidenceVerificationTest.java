package fi.agreementregistry.api.evidence;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each kind of problem the verification names, made directly in the store: an event the log never saw
 * ({@code unexpected}), a forged checkpoint note ({@code bad-signature}), a changed leaf hash in the log itself
 * ({@code inconsistent-checkpoints}); {@code altered} and {@code missing} are in EvidenceHttpTest.
 */
class EvidenceVerificationTest {

    @BeforeAll
    static void start() {
        EvidenceLogTest.start();
    }

    @AfterAll
    static void stop() {
        EvidenceLogTest.stop();
    }

    record Log(MongoDatabase db, EvidenceLog log, EvidenceCheckpoints checkpoints, EvidenceVerification verification) {
    }

    static Log log(Path data) {
        MongoDatabase db = EvidenceLogTest.freshDatabase();
        EvidenceProperties properties = new EvidenceProperties("registry.test/log", null, null,
                EvidenceKey.generate("registry.test/log").privateKeyPem(), 1000, Duration.ofSeconds(10),
                Duration.ofSeconds(1));
        EvidenceLog log = new EvidenceLog(db);
        EvidenceKeys keys = new EvidenceKeys(properties, EvidenceKeysAndCheckpointsTest.embeddedFiles(data), db,
                Clock.systemUTC());
        EvidenceCheckpoints checkpoints = new EvidenceCheckpoints(log, keys, properties, Clock.systemUTC(), db);
        EvidenceRecorder recorder = new EvidenceRecorder(log, checkpoints, db);
        for (long g = 0; g < 6; g++) {
            db.getCollection("domain_events").insertOne(EvidenceRecorderTest.commit(g, "a" + g, 0, "e" + g));
            if (g != 3) {
                recorder.on(EvidenceRecorderTest.message("a" + g, "e" + g),
                        GapAwareTrackingToken.newInstance(g, Set.of()));
            }
            if (g == 2 || g == 5) {
                checkpoints.make();
            }
        }
        return new Log(db, log, checkpoints, new EvidenceVerification(log, checkpoints, keys, db));
    }

    static List<String> problems(EvidenceVerification.Report report) {
        return report.problems().stream().map(p -> p.problem() + "@" + p.leafIndex() + "/" + p.globalIndex()).toList();
    }

    @Test
    void anEventTheLogNeverSawIsUnexpected(@TempDir Path data) {
        Log l = log(data);
        EvidenceVerification.Report report = l.verification().verify();
        assertThat(report.treeSize()).isEqualTo(5);
        assertThat(report.checkpointsChecked()).isEqualTo(2);
        assertThat(problems(report)).containsExactly("unexpected@null/3");
        assertThat(report.problems().get(0).agreementId()).isEqualTo("a3");
        assertThat(report.consistent()).isFalse();
    }

    @Test
    void aForgedCheckpointNoteIsABadSignatureAndAChangedLeafHashBreaksTheCheckpoints(@TempDir Path data) {
        Log l = log(data);
        l.db().getCollection("domain_events").deleteOne(Filters.eq("_id", 3L));
        assertThat(l.verification().verify().consistent()).isTrue();

        EvidenceCheckpoints.Checkpoint first = l.checkpoints().at(3).orElseThrow();
        l.db().getCollection(EvidenceCheckpoints.COLLECTION).updateOne(Filters.eq("_id", 3L),
                Updates.set("note", first.note().replace("registry.test/log\n3\n", "registry.test/log\n2\n")));
        assertThat(problems(l.verification().verify())).containsExactly("bad-signature@2/null");
        l.db().getCollection(EvidenceCheckpoints.COLLECTION).updateOne(Filters.eq("_id", 3L),
                Updates.set("note", first.note()));

        // The log's own record of leaf 1 changed: it no longer makes the signed roots.
        l.db().getCollection(EvidenceLog.COLLECTION).updateOne(Filters.eq("_id", "0:1"),
                Updates.set("h", new Binary(Merkle.sha256("forged".getBytes()))));
        List<String> found = problems(l.verification().verify());
        assertThat(found).contains("altered@1/1", "inconsistent-checkpoints@2/null");
        assertThat(found).allMatch(p -> p.startsWith("altered") || p.startsWith("inconsistent-checkpoints"));
    }
}
