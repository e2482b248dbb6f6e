package fi.agreementregistry.api.rest.admin;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import fi.agreementregistry.api.RegistryApplication;
import fi.agreementregistry.api.RegistryHttpTest;
import fi.agreementregistry.api.storage.embedded.EmbeddedMongoServer;
import fi.agreementregistry.core.actor.Actor;
import fi.agreementregistry.core.agreement.Agreement;
import fi.agreementregistry.core.agreement.AgreementDrafted;
import fi.agreementregistry.core.agreement.AgreementId;
import fi.agreementregistry.core.agreement.AgreementKind;
import fi.agreementregistry.core.agreement.CouncilTerm;
import fi.agreementregistry.core.agreement.Principle;
import fi.agreementregistry.core.party.PartyDirectory;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.core.party.PartyRef;
import fi.agreementregistry.projections.rebuild.ProjectionReplays;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 5, faults: {@code kill -9} in the middle of a replay. A child JVM runs {@code replay agreement-history} (the
 * terminal command) on the H2 file store and is killed (SIGKILL, no shutdown) once its progress bar shows a third;
 * a registry started again on the same data folder resumes the replay from its stored token (never from 0) and ends
 * with the read model a clean build gives.
 */
class ReplaySurvivesKillTest {

    private static final int AGREEMENTS = 1200;
    private static final int SEED_COMMIT = 50;
    private static final Pattern PROGRESS = Pattern.compile("(\\d+)/(\\d+) events");
    private static final Pattern INDEX = Pattern.compile("\"index\"\\s*:\\s*(\\d+)");

    @TempDir
    Path dataDir;

    @Test
    void aKilledReplayResumesFromItsTokenAndEndsEqualToACleanBuild() throws Exception {
        List<Document> clean;
        try (ConfigurableApplicationContext app = start(1)) {
            seed(app);
            MongoDatabase db = app.getBean(MongoDatabase.class);
            // One history entry for each draft.
            Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> db.getCollection("agreement_history").countDocuments() >= AGREEMENTS);
            clean = history(db, "agreement_history");
        }
        assertThat(clean).hasSize(AGREEMENTS);

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder replayCommand = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                RegistryApplication.class.getName(), "replay", "agreement-history",
                "--spring.profiles.active=test", "--registry.embedded.backend=file",
                "--registry.embedded.data-dir=" + dataDir, "--registry.replay.batch-size=1")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        // The test profile's administrator, signed in through the environment as a script would.
        replayCommand.environment().put("REGISTRY_ADMIN_USER", "admin");
        replayCommand.environment().put("REGISTRY_ADMIN_PASSWORD", "test");
        Process child = replayCommand.start();
        long doneAtKill = 0;
        long total = 0;
        try (InputStream err = child.getErrorStream()) {
            StringBuilder line = new StringBuilder();
            long firstProgress = 0;
            int c;
            while ((c = err.read()) != -1) {
                if (c != '\r' && c != '\n') {
                    line.append((char) c);
                    continue;
                }
                Matcher m = PROGRESS.matcher(line.toString());
                line.setLength(0);
                if (!m.find()) {
                    continue;
                }
                long done = Long.parseLong(m.group(1));
                total = Long.parseLong(m.group(2));
                if (done > 0 && firstProgress == 0) {
                    firstProgress = System.currentTimeMillis();
                }
                // Past a third, and long enough after the first progress for the H2 store's background commit.
                if (done * 3 >= total && firstProgress > 0 && System.currentTimeMillis() - firstProgress > 1_500) {
                    doneAtKill = done;
                    child.destroyForcibly(); // SIGKILL: no shutdown hooks, no final commit
                    break;
                }
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        // On a machine fast enough to finish the replay before the kill there is nothing to resume: say so and skip,
        // rather than pass without having killed anything.
        Assumptions.assumeTrue(doneAtKill > 0 && doneAtKill < total,
                "the replay finished before it could be killed in the middle; seed more agreements on this machine");

        long storedPosition;
        long storedDone;
        try (EmbeddedMongoServer server = EmbeddedMongoServer.fileBacked(dataDir);
             MongoClient client = MongoClients.create(server.connectionString())) {
            MongoDatabase db = client.getDatabase("agreement-registry");
            Document replay = db.getCollection(ProjectionReplays.REPLAYS).find().first();
            assertThat(replay.getString("status")).isEqualTo("RUNNING");
            storedDone = replay.get("eventsDone", Number.class).longValue();
            Document token = db.getCollection("trackingtokens")
                    .find(Filters.eq("processorName", "agreement-history@g1")).first();
            storedPosition = position(token);
        }
        assertThat(storedPosition).as("the rebuild's stored token").isPositive();

        List<Long> observed = new ArrayList<>();
        // Resumed in batches of 100, taking over the killed child's claim after 2 s instead of the default 60: how
        // soon it ends is not what this test is about, where it starts from is.
        try (ConfigurableApplicationContext app = start(100, "--axon.eventhandling.tokenstore.claim-timeout=2s")) {
            MongoDatabase db = app.getBean(MongoDatabase.class);
            long deadline = System.currentTimeMillis() + 120_000;
            Document replay;
            do {
                replay = db.getCollection(ProjectionReplays.REPLAYS).find().first();
                observed.add(replay.get("eventsDone", Number.class).longValue());
                Thread.sleep(20);
            } while (!"COMPLETED".equals(replay.getString("status")) && System.currentTimeMillis() < deadline);
            assertThat(replay.getString("status")).isEqualTo("COMPLETED");
            assertThat(observed).as("eventsDone after the restart (stored before the kill: %d, token at %d)",
                    storedDone, storedPosition).allMatch(done -> done >= Math.min(storedDone, storedPosition));
            assertEqualHistories(db, history(db, "agreement_history__g1"), clean,
                    "token stored before the kill at " + storedPosition + ", events done " + storedDone);
        }
    }

    /** Equal, or a failure naming just the entries that differ (the whole lists are too long to read). */
    private static void assertEqualHistories(MongoDatabase db, List<Document> rebuilt, List<Document> clean,
                                             String context) {
        Map<Object, Document> byId = new LinkedHashMap<>();
        rebuilt.forEach(d -> byId.put(d.get("_id"), d));
        List<String> differences = new ArrayList<>();
        for (Document expected : clean) {
            Document actual = byId.remove(expected.get("_id"));
            if (!expected.equals(actual)) {
                Document event = db.getCollection("domain_events")
                        .find(Filters.eq("events.aggregateIdentifier", expected.getString("agreementId"))).first();
                differences.add("at global index " + (event == null ? "?" : event.get("globalIndexes")) + " expected "
                        + expected.toJson() + "\n     got " + (actual == null ? null : actual.toJson()));
            }
        }
        byId.values().forEach(extra -> differences.add("not in the clean build: " + extra.toJson()));
        assertThat(differences).as("entries of the resumed rebuild that differ from a clean build (%s)", context).isEmpty();
    }

    private static long position(Document token) {
        Object bytes = token.get("token");
        byte[] data = bytes instanceof Binary b ? b.getData() : (byte[]) bytes;
        Matcher m = INDEX.matcher(new String(data, StandardCharsets.UTF_8));
        long position = -1;
        while (m.find()) {
            long index = Long.parseLong(m.group(1));
            if (index < Long.MAX_VALUE) {
                position = Math.max(position, index);
            }
        }
        return position;
    }

    private static List<Document> history(MongoDatabase db, String collection) {
        return db.getCollection(collection).find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
    }

    /**
     * The agreements a replay works through: drafts of the Kanta-Häme parties, appended straight to the event store
     * in commits of {@link #SEED_COMMIT} (as a bulk import would), so that seeding does not wait for one fsync per
     * agreement; the replay reads them one event at a time all the same.
     */
    private static void seed(ConfigurableApplicationContext app) {
        EventStore eventStore = app.getBean(EventStore.class);
        PartyDirectory directory = app.getBean(PartyDirectory.class);
        List<PartyRef> parties = RegistryHttpTest.KANTA_HAME.stream()
                .map(id -> directory.find(PartyId.of(id)).orElseThrow())
                .map(party -> new PartyRef(party.id(), party.name())).toList();
        MetaData actor = MetaData.from(Actor.SYSTEM.toMetaData());
        List<DomainEventMessage<?>> commit = new ArrayList<>();
        for (int i = 0; i < AGREEMENTS; i++) {
            AgreementId id = AgreementId.of("seeded-" + i);
            commit.add(new GenericDomainEventMessage<>(Agreement.AGGREGATE_TYPE, id.value(), 0,
                    new AgreementDrafted(id, "Puitesopimus " + i, AgreementKind.FRAMEWORK_AGREEMENT, "Kanta-Häme",
                            CouncilTerm.parse("2025-2029"), parties,
                            Principle.numbered(List.of("Osapuolet ovat strategisia kumppaneita.")), List.of(),
                            List.of(), 1, LocalDate.of(2025, 9, 3)), actor));
            if (commit.size() == SEED_COMMIT || i == AGREEMENTS - 1) {
                eventStore.publish(commit);
                commit.clear();
            }
        }
    }

    private ConfigurableApplicationContext start(int replayBatchSize, String... more) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.profiles.active=test",
                "--registry.embedded.backend=file", "--registry.embedded.data-dir=" + dataDir,
                "--registry.replay.batch-size=" + replayBatchSize));
        args.addAll(List.of(more));
        return SpringApplication.run(RegistryApplication.class, args.toArray(String[]::new));
    }
}
