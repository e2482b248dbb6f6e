package fi.agreementregistry.api.terminal;

import fi.agreementregistry.api.application.AdminActions;
import fi.agreementregistry.projections.rebuild.ProjectionReplays;

import fi.agreementregistry.api.RegistryApplication;
import fi.agreementregistry.api.RegistryHttpTest;
import fi.agreementregistry.api.storage.embedded.EmbeddedMongoServer;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The terminal admin commands through their picocli entry point, against the in-memory store of a started registry;
 * and the jar's own path (no web server) for {@code processors} and for a data folder another process holds.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class AdminCommandLineTest extends RegistryHttpTest {

    @Autowired
    ConfigurableApplicationContext context;

    /** As the test profile's administrator (password {@code test}). */
    private TerminalRun run(String... args) {
        return TerminalRun.asAdmin(context, args);
    }

    private TerminalRun runAs(String... args) {
        return TerminalRun.of(context, args);
    }

    @Test
    void processorsReplayAndConsistencyFromTheTerminal() {
        String id = draftKantaHame();
        assertThat(post("/api/agreements/" + id + "/approvals", approval("welfare-area:07", 1, "2026-01-20"))
                .getStatusCode().is2xxSuccessful()).isTrue();
        draftKantaHame();
        await().atMost(Duration.ofSeconds(20)).until(() -> run("consistency").exitCode() == 0);

        TerminalRun processors = run("processors");
        assertThat(processors.exitCode()).isZero();
        assertThat(processors.out()).contains("read-models", "agreement-history", "agreement-summary",
                "review-notifications", "head of the event store");

        TerminalRun replay = run("replay", "agreement-history");
        assertThat(replay.exitCode()).as(replay.err()).isZero();
        assertThat(replay.out()).contains("into generation 1", "COMPLETED");
        assertThat(replay.err()).as("the progress bar").contains("agreement-history", "100%", "events");
        assertThat(database.getCollection("agreement_history__g1").countDocuments()).isEqualTo(historyEventCount());
        assertThat(run("processors").out()).contains("COMPLETED");

        // Several read models in one replay, one pass.
        TerminalRun two = run("replay", "agreement-history", "review-deadlines");
        assertThat(two.exitCode()).as(two.err()).isZero();
        assertThat(two.out()).contains("agreement-history generation 2", "review-deadlines generation 1",
                "COMPLETED");
        assertThat(database.getCollection("agreement_history__g2").countDocuments()).isEqualTo(historyEventCount());

        TerminalRun unknown = run("replay", "no-such-processor");
        assertThat(unknown.exitCode()).isEqualTo(AdminCommandLine.FAILED);
        assertThat(unknown.err()).contains("no-such-processor", "agreement-history");

        database.getCollection(ProjectionReplays.LOCKS).insertOne(
                new Document("_id", "party-portfolio").append("replayId", "held-elsewhere"));
        TerminalRun busy = run("replay", "party-portfolio");
        assertThat(busy.exitCode()).isEqualTo(AdminCommandLine.FAILED);
        assertThat(busy.err()).contains("already running", "held-elsewhere");
        database.getCollection(ProjectionReplays.LOCKS).deleteOne(Filters.eq("_id", "party-portfolio"));

        database.getCollection("agreement_summaries").updateOne(Filters.eq("_id", id),
                Updates.set("aggregateSequence", 9));
        TerminalRun check = run("consistency");
        assertThat(check.exitCode()).isEqualTo(AdminCommandLine.FAILED);
        assertThat(check.out()).contains("1 mismatches", id, "ahead");
        TerminalRun repair = run("consistency", "--repair");
        assertThat(repair.exitCode()).as(repair.out()).isZero();
        // The context may be shared with tests that ran before: their agreements count too, and are consistent.
        assertThat(repair.out()).contains("repaired 1").containsPattern("after: \\d+ agreements, head \\d+: consistent");
        assertThat(run("consistency").exitCode()).isZero();

        assertThat(run().exitCode()).isEqualTo(AdminCommandLine.USAGE);
        assertThat(run("replay").exitCode()).isEqualTo(AdminCommandLine.USAGE);
    }

    @Test
    void onlyASignedInAdministratorRunsACommand() {
        TerminalRun nobody = runAs("processors");
        assertThat(nobody.exitCode()).isEqualTo(AdminCommandLine.NOT_SIGNED_IN);
        assertThat(nobody.err()).contains("--user", "REGISTRY_ADMIN_PASSWORD");
        assertThat(nobody.out()).doesNotContain("agreement-history");

        TerminalRun wrongPassword = runAs("--user", "admin", "--password=wrong", "consistency", "--repair");
        assertThat(wrongPassword.exitCode()).isEqualTo(AdminCommandLine.NOT_SIGNED_IN);
        assertThat(wrongPassword.err()).contains("wrong user name or password");

        long replaysBefore = database.getCollection(AdminActions.COLLECTION).countDocuments(Filters.eq("action", "replay"));
        TerminalRun auditor = runAs("replay", "agreement-history", "--user", "auditor", "--password=test");
        assertThat(auditor.exitCode()).isEqualTo(AdminCommandLine.NOT_SIGNED_IN);
        assertThat(auditor.err()).contains("Only an administrator", "AUDITOR");
        assertThat(database.getCollection(AdminActions.COLLECTION).countDocuments(Filters.eq("action", "replay")))
                .as("no replay started").isEqualTo(replaysBefore);

        TerminalRun help = runAs("--help");
        assertThat(help.exitCode()).as("help needs no sign-in").isZero();
        assertThat(help.out()).contains("--user", "--token", "processors", "replay", "consistency");

        TerminalRun admin = runAs("consistency", "--repair", "--user", "admin", "--password=test");
        assertThat(admin.exitCode()).as(admin.err()).isZero();
        Document logged = database.getCollection(AdminActions.COLLECTION)
                .find(Filters.eq("action", "consistency-repair")).first();
        assertThat(logged).isNotNull();
        assertThat(logged.getString("actor")).as("the admin log names who ran it").isEqualTo("admin");
    }

    @Test
    void theJarPathStartsWithoutAWebServer() {
        TerminalRun processors = captured(() -> AdminCommandLine.run(RegistryApplication.class, new String[]{"processors",
                "--user=admin", "--password=test", "--registry.embedded.backend=memory",
                "--spring.profiles.active=test"}));
        assertThat(processors.exitCode()).as(processors.err()).isZero();
        assertThat(processors.out()).contains("agreement-history").doesNotContain("Tomcat started");
    }

    @Test
    void aDataFolderInUseIsSaidPlainly(@TempDir Path data) {
        try (EmbeddedMongoServer running = EmbeddedMongoServer.fileBacked(data)) {
            TerminalRun locked = captured(() -> AdminCommandLine.run(RegistryApplication.class, new String[]{"processors",
                    "--registry.embedded.data-dir=" + data, "--spring.profiles.active=test"}));
            assertThat(locked.exitCode()).isEqualTo(AdminCommandLine.STORAGE_UNAVAILABLE);
            assertThat(locked.err()).contains("in use by another process", "REGISTRY_MONGODB_URI");
        }
    }

    private static TerminalRun captured(java.util.function.IntSupplier command) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            int code = command.getAsInt();
            return new TerminalRun(code, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
