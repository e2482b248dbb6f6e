package fi.agreementregistry.api.terminal;

import fi.agreementregistry.api.RegistryHttpTest;
import fi.agreementregistry.api.application.imports.AgreementImports;
import fi.agreementregistry.api.rest.imports.ImportHttpTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code import FILE [--dry-run]} from a terminal: the same import as the API, with a progress bar. */
class ImportCommandLineTest extends RegistryHttpTest {

    @Autowired
    ConfigurableApplicationContext context;

    private TerminalRun run(String... args) {
        return TerminalRun.asAdmin(context, args);
    }

    @Test
    void aDryRunThenTheImportThenTheSameFileAgain(@TempDir Path dir) throws IOException {
        String key = "terminal-" + UUID.randomUUID().toString().substring(0, 8);
        Path file = dir.resolve("historia-2023.json");
        Files.writeString(file, ImportHttpTest.inForceFile(key));
        String id = AgreementImports.agreementIdFor(key).value();

        TerminalRun dryRun = run("import", file.toString(), "--dry-run");
        assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
        assertThat(dryRun.out()).contains("historia-2023.json (dry run): 1 agreements", key, "WOULD_BE_IMPORTED",
                "IN_FORCE");
        assertThat(dryRun.err()).as("the progress bar").contains("check", "100%", "agreements");
        assertThat(eventStore.lastSequenceNumberFor(id)).isEmpty();

        TerminalRun imported = run("import", file.toString());
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.out()).contains(key, "IMPORTED", "stored 1 agreement(s)");
        assertThat(eventStore.lastSequenceNumberFor(id)).isPresent();
        assertThat(eventStore.readEvents(id, 0).asStream().findFirst().orElseThrow().getMetaData())
                .containsEntry("importFile", "historia-2023.json").containsEntry("actorUserId", "admin");

        TerminalRun again = run("import", file.toString());
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("ALREADY_IMPORTED", "stored 0 agreement(s)");
    }

    @Test
    void aFileWithMistakesExitsWith1AndListsThem() {
        TerminalRun checked = run("import", Path.of("..", "docs", "examples", "with-mistakes.json").toString(), "--dry-run");
        assertThat(checked.exitCode()).isEqualTo(AdminCommandLine.FAILED);
        assertThat(checked.out()).contains("problem: esimerkki-1 /agreements/0/approvals/0/meetingDate",
                "problem: esimerkki-2 /agreements/1/parties");
        assertThat(checked.err()).contains("4 problem(s); nothing was stored.");

        TerminalRun missing = run("import", "no-such-file.json");
        assertThat(missing.exitCode()).isEqualTo(AdminCommandLine.FAILED);
        assertThat(missing.err()).contains("Cannot read no-such-file.json");
    }
}
