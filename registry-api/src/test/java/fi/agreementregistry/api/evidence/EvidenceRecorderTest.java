package fi.agreementregistry.api.evidence;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.client.MongoDatabase;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.bson.BsonDocument;
import org.bson.Document;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The evidence processor's handler on a store it reads: leaf indexes follow the order events are read in (a late
 * event, with a lower global number, gets the next index), a redelivered event adds nothing, and an event that is not
 * stored as delivered stops the batch (the processor retries; nothing is skipped).
 */
class EvidenceRecorderTest {

    static Document commit(long global, String aggregate, long sequence, String eventId) {
        return new Document("_id", global).append("globalIndexes", List.of(global))
                .append("aggregateKeys", List.of(aggregate + "/" + sequence))
                .append("events", List.of(new Document("globalIndex", global).append("eventIdentifier", eventId)
                        .append("timestamp", "2026-03-02T10:00:00.000000000Z").append("type", "Agreement")
                        .append("aggregateIdentifier", aggregate).append("sequenceNumber", sequence)
                        .append("payloadType", "fi.agreementregistry.core.agreement.AgreementDrafted")
                        .append("payloadRevision", "1").append("payload", "{\"n\":" + global + "}")
                        .append("metaData", "{\"actorName\":\"Tester\"}")));
    }

    static EventMessage<?> message(String aggregate, String eventId) {
        return message(aggregate, 0, eventId);
    }

    static EventMessage<?> message(String aggregate, long sequence, String eventId) {
        return new GenericDomainEventMessage<>("Agreement", aggregate, sequence, "payload", MetaData.emptyInstance(),
                eventId, Instant.now());
    }

    static EvidenceRecorder recorder(MongoDatabase db, EvidenceLog log, Path data) {
        EvidenceProperties properties = new EvidenceProperties("registry.test/log", null, null,
                EvidenceKey.generate("registry.test/log").privateKeyPem(), 1000, Duration.ofSeconds(10),
                Duration.ofSeconds(1));
        EvidenceCheckpoints checkpoints = new EvidenceCheckpoints(log, new EvidenceKeys(properties,
                EvidenceKeysAndCheckpointsTest.embeddedFiles(data), db, Clock.systemUTC()), properties,
                Clock.systemUTC(), db);
        return new EvidenceRecorder(log, checkpoints, db);
    }

    @Test
    void leavesFollowTheReadOrderALateEventGetsTheNextIndexAndRedeliveryAddsNothing(
            @TempDir Path data) {
        EvidenceLogTest.start();
        try {
            MongoDatabase db = EvidenceLogTest.freshDatabase();
            EvidenceLog log = new EvidenceLog(db);
            EvidenceRecorder recorder = recorder(db, log, data);
            db.getCollection("domain_events").insertMany(List.of(commit(10, "a", 0, "e10"), commit(12, "b", 0, "e12")));

            recorder.on(message("a", "e10"), GapAwareTrackingToken.newInstance(10, Set.of()));
            recorder.on(message("b", "e12"), GapAwareTrackingToken.newInstance(12, Set.of(11L)));
            // Global number 11 becomes visible late, after 12 was read.
            db.getCollection("domain_events").insertOne(commit(11, "c", 0, "e11"));
            recorder.on(message("c", "e11"), GapAwareTrackingToken.newInstance(12, Set.of()));
            // A batch redelivered after a crash.
            recorder.on(message("b", "e12"), GapAwareTrackingToken.newInstance(12, Set.of(11L)));

            assertThat(log.size()).isEqualTo(3);
            assertThat(log.leaves(0, 3)).extracting(EvidenceLog.StoredLeaf::globalIndex).containsExactly(10L, 12L, 11L);
            assertThat(log.leafFor("c", 0).orElseThrow().leafIndex()).isEqualTo(2);

            assertThatThrownBy(() -> recorder.on(message("d", "e13"),
                    GapAwareTrackingToken.newInstance(13, Set.of()))).hasMessageContaining("not stored");
            assertThatThrownBy(() -> recorder.on(message("a", "someone-else"),
                    GapAwareTrackingToken.newInstance(10, Set.of()))).hasMessageContaining("not stored");
            assertThat(log.size()).isEqualTo(3);
        } finally {
            EvidenceLogTest.stop();
        }
    }

    @Test
    void aProcessorsBatchIsWrittenOnceWhenItEndsInReadOrderAndAMissingEventWritesNoneOfIt(@TempDir Path data) {
        EvidenceLogTest.start();
        try {
            MongoDatabase db = EvidenceLogTest.freshDatabase();
            EvidenceLog log = new EvidenceLog(db);
            EvidenceRecorder recorder = recorder(db, log, data);
            db.getCollection("domain_events").insertMany(List.of(commit(1, "a", 0, "e1"), commit(2, "b", 0, "e2"),
                    commit(3, "a", 1, "e3")));

            DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
            recorder.on(message("b", "e2"), GapAwareTrackingToken.newInstance(2, Set.of(1L)));
            recorder.on(message("a", "e1"), GapAwareTrackingToken.newInstance(2, Set.of()));
            assertThat(log.size()).as("nothing is written before the batch ends").isZero();
            recorder.on(message("a", 1, "e3"), GapAwareTrackingToken.newInstance(3, Set.of()));
            batch.commit();
            assertThat(log.leaves(0, 3)).extracting(EvidenceLog.StoredLeaf::globalIndex).containsExactly(2L, 1L, 3L);

            DefaultUnitOfWork<?> broken = DefaultUnitOfWork.startAndGet(null);
            db.getCollection("domain_events").insertOne(commit(4, "c", 0, "e4"));
            recorder.on(message("c", "e4"), GapAwareTrackingToken.newInstance(4, Set.of()));
            recorder.on(message("d", "e5"), GapAwareTrackingToken.newInstance(5, Set.of()));
            assertThatThrownBy(broken::commit).hasMessageContaining("e5 is not stored");
            assertThat(log.size()).as("a batch with an event not stored as delivered writes none of it").isEqualTo(3);
        } finally {
            EvidenceLogTest.stop();
        }
    }

    /**
     * What the processor sends for a batch: one look-up of its commits by the unique {@code aggregateKeys} (an
     * {@code $in} on that field alone, which the embedded server answers from the index; an {@code $or} would read the
     * whole store for every batch), one look-up of the log's {@code globalIndex}, and one insert of its leaves and nodes (besides the
     * look-up of the latest checkpoint in its own small collection).
     */
    @Test
    void aBatchIsOneIndexedLookUpOfItsCommitsOneOfTheLogAndOneWrite(@TempDir Path data) {
        EvidenceLogTest.start();
        List<BsonDocument> finds = new CopyOnWriteArrayList<>();
        List<String> commands = new CopyOnWriteArrayList<>();
        AtomicBoolean recording = new AtomicBoolean();
        MongoClient watched = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(EvidenceLogTest.server.connectionString()))
                .addCommandListener(new CommandListener() {
                    @Override
                    public void commandStarted(CommandStartedEvent event) {
                        if (recording.get()) {
                            commands.add(event.getCommandName());
                            if (event.getCommandName().equals("find") && !event.getCommand().getString("find")
                                    .getValue().equals("evidence_checkpoints")) {
                                finds.add(event.getCommand().getDocument("filter").clone());
                            }
                        }
                    }
                }).build());
        try {
            MongoDatabase db = watched.getDatabase(EvidenceLogTest.freshDatabase().getName());
            EvidenceLog log = new EvidenceLog(db);
            EvidenceRecorder recorder = recorder(db, log, data);
            List<Document> commits = new ArrayList<>();
            for (long g = 1; g <= 50; g++) {
                commits.add(commit(g, "a" + g % 7, g / 7, "e" + g));
            }
            db.getCollection("domain_events").insertMany(commits);
            log.size(); // the log's size and right edge are loaded once, before the batch

            recording.set(true);
            DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
            for (long g = 1; g <= 50; g++) {
                recorder.on(message("a" + g % 7, g / 7, "e" + g), GapAwareTrackingToken.newInstance(g, Set.of()));
            }
            batch.commit();
            recording.set(false);

            assertThat(log.size()).isEqualTo(50);
            assertThat(finds).hasSize(2);
            assertThat(finds).allSatisfy(filter -> {
                assertThat(filter.keySet()).as("one field: %s", filter).hasSize(1);
                assertThat(filter.keySet().iterator().next()).as("a unique field: %s", filter)
                        .isIn("aggregateKeys", "globalIndex");
                assertThat(filter.getDocument(filter.getFirstKey()).keySet()).containsExactly("$in");
            });
            assertThat(commands.stream().filter(c -> !c.equals("find"))).as("writes").containsExactly("insert");
        } finally {
            watched.close();
            EvidenceLogTest.stop();
        }
    }
}
