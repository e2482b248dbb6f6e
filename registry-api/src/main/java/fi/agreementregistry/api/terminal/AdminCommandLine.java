package fi.agreementregistry.api.terminal;

import fi.agreementregistry.api.application.AdminOperations;
import fi.agreementregistry.api.application.InvalidFieldException;
import fi.agreementregistry.api.application.imports.AgreementImports;
import fi.agreementregistry.api.application.imports.ImportReport;

import fi.agreementregistry.projections.rebuild.ConsistencyCheck;
import fi.agreementregistry.projections.rebuild.ProcessorOverview;
import fi.agreementregistry.projections.rebuild.ProjectionReplays;
import fi.agreementregistry.projections.rebuild.ReplayStatus;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.core.context.SecurityContextHolder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.Console;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * The admin commands from a terminal, in the application's own jar: {@code java -jar registry-api.jar processors},
 * {@code replay <group>...}, {@code consistency [--repair]}. The registry starts without its web server on the same
 * storage configuration (embedded data folder or {@code REGISTRY_MONGODB_URI}), the command calls the same admin
 * components as the HTTP endpoints, and the process exits with the command's code.
 * <p>
 * Every command needs an administrator's sign-in ({@link TerminalSignIn}): {@code --user} and the password (asked
 * for, or from {@code REGISTRY_ADMIN_PASSWORD}), or {@code --token} when the registry uses an identity provider.
 * <p>
 * Exit codes: {@value #OK} done; {@value #FAILED} failed (unknown processor, a replay already running, a replay
 * error, an inconsistency left); {@value #USAGE} bad arguments; {@value #STORAGE_UNAVAILABLE} the storage could not
 * be opened (for instance the embedded data folder is in use by a running registry); {@value #NOT_SIGNED_IN} no
 * administrator signed in (no or wrong credentials, or a user without the ADMIN role).
 */
@Command(name = "java -jar registry-api.jar", mixinStandardHelpOptions = true,
        description = "Administration of the agreement registry from a terminal.",
        subcommands = {AdminCommandLine.Processors.class, AdminCommandLine.Replay.class,
                AdminCommandLine.Consistency.class, AdminCommandLine.Verify.class, AdminCommandLine.Import.class})
public class AdminCommandLine implements Callable<Integer> {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int STORAGE_UNAVAILABLE = 3;
    public static final int NOT_SIGNED_IN = 4;
    public static final Set<String> COMMANDS = Set.of("processors", "replay", "consistency", "verify", "import");

    final PrintStream out;
    final PrintStream err;
    final Duration poll;

    @Option(names = {"-u", "--user"}, scope = CommandLine.ScopeType.INHERIT, paramLabel = "<name>",
            defaultValue = "${env:REGISTRY_ADMIN_USER}",
            description = "An administrator of registry.security.users (default: $REGISTRY_ADMIN_USER).")
    String user;

    @Option(names = "--password", scope = CommandLine.ScopeType.INHERIT, arity = "0..1", interactive = true,
            paramLabel = "<password>", description = "Asked for when --user is given without it, unless "
            + "REGISTRY_ADMIN_PASSWORD is set. Avoid typing it on the command line, where other users can see it.")
    char[] password;

    @Option(names = "--token", scope = CommandLine.ScopeType.INHERIT, paramLabel = "<JWT>",
            defaultValue = "${env:REGISTRY_ADMIN_TOKEN}",
            description = "An administrator's bearer token, when the registry uses an identity provider "
                    + "(default: $REGISTRY_ADMIN_TOKEN).")
    String token;

    AdminCommandLine(PrintStream out, PrintStream err, Duration poll) {
        this.out = out;
        this.err = err;
        this.poll = poll;
    }

    /** {@code true} when an argument names an admin command rather than starting the server. */
    public static boolean isCommand(String[] args) {
        return Arrays.stream(args).anyMatch(COMMANDS::contains);
    }

    /** Starts the registry without a web server, runs the command and closes the registry; returns the exit code. */
    public static int run(Class<?> application, String[] args) {
        SpringApplication spring = new SpringApplication(application);
        spring.setWebApplicationType(WebApplicationType.NONE);
        spring.setBannerMode(Banner.Mode.OFF);
        spring.setLogStartupInfo(false);
        // Keep the terminal for the command's own output; warnings and errors still show.
        // The embedded server's notes on indexes it does not build and Spring's deprecation notes about Axon's
        // annotations are for developers, not for the administrator at the terminal.
        spring.setDefaultProperties(Map.of("logging.level.root", "WARN",
                "logging.level.de.bwaldvogel.mongo.backend", "ERROR",
                "logging.level.org.springframework.core.annotation", "ERROR"));
        ConfigurableApplicationContext context;
        try {
            context = spring.run(args);
        } catch (RuntimeException e) {
            System.err.println(storageMessage(e));
            return STORAGE_UNAVAILABLE;
        }
        try (context) {
            return execute(context, System.out, System.err, Duration.ofMillis(250), commandArguments(args));
        }
    }

    /** Runs a command against a started registry (the tests call this directly). */
    public static int execute(ConfigurableApplicationContext context, PrintStream out, PrintStream err,
                              Duration poll, String... args) {
        AutowireCapableBeanFactory beans = context.getAutowireCapableBeanFactory();
        AdminCommandLine root = new AdminCommandLine(out, err, poll);
        CommandLine commandLine = new CommandLine(root, new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type.getEnclosingClass() == AdminCommandLine.class
                        ? beans.createBean(type) : CommandLine.defaultFactory().create(type);
            }
        });
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
            err.println("Failed: " + e.getMessage());
            return FAILED;
        });
        commandLine.setExecutionStrategy(parsed -> {
            Integer help = CommandLine.executeHelpRequest(parsed);
            if (help != null) {
                return help;
            }
            if (parsed.hasSubcommand()) {
                try {
                    new TerminalSignIn(beans).signIn(root.user, root.password(), root.token);
                } catch (TerminalSignIn.Refused e) {
                    err.println(e.getMessage());
                    return NOT_SIGNED_IN;
                }
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        try {
            return commandLine.execute(args);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    /** The password given, else {@code REGISTRY_ADMIN_PASSWORD}, else asked for on the console (if there is one). */
    char[] password() {
        if (password != null) {
            return password;
        }
        String fromEnvironment = System.getenv("REGISTRY_ADMIN_PASSWORD");
        if (fromEnvironment != null) {
            return fromEnvironment.toCharArray();
        }
        Console console = System.console();
        return console == null || user == null || user.isBlank() ? null
                : console.readPassword("Password for %s: ", user);
    }

    /** No command named: the usage, as an error. */
    @Override
    public Integer call() {
        err.println("Name a command: processors, replay <group>..., consistency [--repair], verify, "
                + "import <file> [--dry-run]");
        return USAGE;
    }

    /** Spring properties given as {@code --name=value} go to Spring only. */
    static String[] commandArguments(String[] args) {
        List<String> kept = new ArrayList<>();
        for (String arg : args) {
            if (!(arg.startsWith("--") && arg.contains("=") && arg.substring(0, arg.indexOf('=')).contains("."))) {
                kept.add(arg);
            }
        }
        return kept.toArray(String[]::new);
    }

    /** Says plainly when the embedded H2 store is held by another process. */
    static String storageMessage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (message.contains("locked") || message.contains("Locked")) {
                return "The registry's data folder is in use by another process (a running registry?): " + message
                        + "\nThe embedded store can be opened by one process at a time. Stop the registry and run the"
                        + " command again, or run it against the shared MongoDB (REGISTRY_MONGODB_URI).";
            }
        }
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return "The registry could not start: " + root;
    }

    @Command(name = "processors", description = "Every event processor: state, position, head, lag; the processing "
            + "groups it serves with their generation and replay.")
    static class Processors implements Callable<Integer> {

        @ParentCommand
        AdminCommandLine root;
        private final AdminOperations admin;

        Processors(AdminOperations admin) {
            this.admin = admin;
        }

        @Override
        public Integer call() {
            ProcessorOverview.Processors all = admin.processors();
            root.out.printf("head of the event store: %d%n", all.head());
            root.out.printf("%-22s %-12s %9s %9s %4s  %s%n", "PROCESSOR / GROUP", "STATE", "POSITION", "LAG", "GEN",
                    "REPLAY / ERROR");
            for (ProcessorOverview.Processor p : all.processors()) {
                String note = p.lastError() != null ? p.lastError() : describe(p.replay());
                root.out.printf("%-22s %-12s %9d %9d %4s  %s%n", p.name(), p.state(), p.position(), p.lag(), "",
                        note);
                for (ProcessorOverview.Group g : p.groups()) {
                    root.out.printf("  %-20s %-12s %9s %9s %4d  %s%n", g.name(), "", "", "", g.activeGeneration(),
                            describe(g.replay()));
                }
            }
            return OK;
        }

        private static String describe(ReplayStatus replay) {
            return replay == null ? "" : replay.status() + " " + replay.eventsDone() + "/" + replay.eventsTotal()
                    + " (" + replay.id() + ")";
        }
    }

    @Command(name = "replay", description = "Rebuilds read models blue/green, several in one pass, showing progress, "
            + "rate and ETA; returns when reads have switched to the rebuilt generations.")
    static class Replay implements Callable<Integer> {

        @ParentCommand
        AdminCommandLine root;
        @Parameters(paramLabel = "<group>", arity = "1..*", description = "processing groups, e.g. agreement-history "
                + "review-deadlines (rebuilt together, in one pass), or read-models for every read model")
        List<String> names;

        private final AdminOperations admin;

        Replay(AdminOperations admin) {
            this.admin = admin;
        }

        @Override
        public Integer call() throws InterruptedException {
            ReplayStatus started;
            String processor = String.join(",", names);
            try {
                started = names.size() == 1 ? admin.replay(names.get(0)) : admin.replay(names);
            } catch (ProjectionReplays.UnknownProcessor e) {
                root.err.println(e.getMessage() + " Replayable: " + String.join(", ", admin.replayable()));
                return FAILED;
            } catch (InvalidFieldException | ProjectionReplays.ReplayAlreadyRunning
                     | ProjectionReplays.NothingToRebuild e) {
                root.err.println(e.getMessage());
                return FAILED;
            }
            root.out.printf("Replay %s of %s into %s: %d events%n", started.id(), started.processor(),
                    generations(started), started.eventsTotal());
            long startedAt = System.nanoTime();
            ReplayStatus status = started;
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName(processor)
                    .setInitialMax(Math.max(1, started.eventsTotal()))
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUnit(" events", 1).showSpeed()
                    .setUpdateIntervalMillis((int) Math.max(100, root.poll.toMillis()))
                    .setConsumer(new ConsoleProgressBarConsumer(root.err))
                    .build()) {
                while (true) {
                    status = admin.replayStatus(started.id()).orElseThrow();
                    bar.maxHint(Math.max(1, status.eventsTotal()));
                    bar.stepTo(status.eventsDone());
                    bar.setExtraMessage(" " + status.status());
                    if (status.finished()) {
                        break;
                    }
                    Thread.sleep(root.poll.toMillis());
                }
            }
            double seconds = (System.nanoTime() - startedAt) / 1e9;
            if ("COMPLETED".equals(status.status())) {
                root.out.printf("COMPLETED: %d events in %.1f s (%.0f events/s); reads use %s%n",
                        status.eventsTotal(), seconds, seconds > 0 ? status.eventsTotal() / seconds : 0,
                        generations(status));
                return OK;
            }
            if ("FAILED".equals(status.status())) {
                root.err.printf("FAILED: replay %s at %d/%d: %s%n", status.id(), status.eventsDone(),
                        status.eventsTotal(), status.lastError());
                root.err.println("The half-built generation was dropped and reads were not switched to it; start a "
                        + "new replay once the cause is fixed.");
                return FAILED;
            }
            root.err.printf("Replay %s stopped at %d/%d: %s%n", status.id(), status.eventsDone(),
                    status.eventsTotal(), status.lastError() != null ? status.lastError() : status.status());
            root.err.println("The replay stays recorded as " + status.status() + "; a registry resumes it from its "
                    + "stored position when it starts.");
            return FAILED;
        }

        /** "generation 1" for one group; "agreement-history generation 1, review-deadlines generation 2" for several. */
        private static String generations(ReplayStatus status) {
            return status.groups().size() == 1 ? "generation " + status.generation()
                    : status.groups().stream().map(g -> g.name() + " generation " + g.generation())
                    .collect(Collectors.joining(", "));
        }
    }

    @Command(name = "consistency", description = "Compares every read model's per-agreement sequence with the event "
            + "store; exits 1 when something differs (after --repair: when something still differs).")
    static class Consistency implements Callable<Integer> {

        @ParentCommand
        AdminCommandLine root;
        @Option(names = "--repair", description = "Rebuild the documents of the agreements that differ.")
        boolean repair;

        private final AdminOperations admin;

        Consistency(AdminOperations admin) {
            this.admin = admin;
        }

        @Override
        public Integer call() {
            ConsistencyCheck.Report report;
            if (repair) {
                ConsistencyCheck.Repair done = admin.repair();
                print("before", done.before());
                root.out.printf("repaired %d%n", done.repaired().size());
                report = done.after();
                print("after", report);
            } else {
                report = admin.checkConsistency();
                print("", report);
            }
            return report.consistent() ? OK : FAILED;
        }

        private void print(String label, ConsistencyCheck.Report report) {
            String prefix = label.isEmpty() ? "" : label + ": ";
            root.out.printf("%s%d agreements, head %d: %s%n", prefix, report.agreements(), report.head(),
                    report.consistent() ? "consistent" : report.mismatches().size() + " mismatches");
            for (ConsistencyCheck.Mismatch m : report.mismatches()) {
                root.out.printf("  %-22s %-38s %-8s read model %d, event store %d%n", m.processor(),
                        m.agreementId(), m.state(), m.readModelSequence(), m.eventStoreSequence());
            }
            for (fi.agreementregistry.core.agreement.Chronology.Warning w : report.chronologyWarnings()) {
                root.out.printf("  chronology warning: %s events %s (%s): %s%n", w.agreementId(), w.sequences(),
                        w.rule(), w.detail());
            }
        }
    }

    @Command(name = "verify", description = "Checks the evidence log (docs/evidence.md): every leaf against the stored "
            + "events, the tree against every checkpoint, every signature; exits 1 when something differs.")
    static class Verify implements Callable<Integer> {

        @ParentCommand
        AdminCommandLine root;
        private final fi.agreementregistry.api.evidence.EvidenceVerification verification;

        Verify(fi.agreementregistry.api.evidence.EvidenceVerification verification) {
            this.verification = verification;
        }

        @Override
        public Integer call() {
            fi.agreementregistry.api.evidence.EvidenceVerification.Report report;
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("verify").setInitialMax(1)
                    .setStyle(ProgressBarStyle.ASCII).setUnit(" events", 1).showSpeed()
                    .setConsumer(new ConsoleProgressBarConsumer(root.err)).build()) {
                report = verification.verify((done, total) -> {
                    bar.maxHint(Math.max(1, total));
                    bar.stepTo(done);
                });
            }
            root.out.printf("%d events, %d checkpoints checked, tree size %d: %s%n", report.eventsChecked(),
                    report.checkpointsChecked(), report.treeSize(),
                    report.consistent() ? "consistent" : report.problems().size() + " problems");
            for (fi.agreementregistry.api.evidence.EvidenceVerification.Problem p : report.problems()) {
                root.out.printf("  %-24s leaf %s, global %s, %s #%s: %s%n", p.problem(), p.leafIndex(),
                        p.globalIndex(), p.agreementId(), p.sequence(), p.detail());
            }
            return report.consistent() ? OK : FAILED;
        }
    }

    @Command(name = "import", description = "Imports existing agreements with their whole past from a JSON file "
            + "(docs/import.md), showing progress; --dry-run checks every agreement against the registry's rules and "
            + "stores nothing. Exits 1 when the file has problems (then nothing is stored).")
    static class Import implements Callable<Integer> {

        @ParentCommand
        AdminCommandLine root;
        @Parameters(paramLabel = "<file>", description = "the import file (JSON)")
        java.nio.file.Path file;
        @Option(names = "--dry-run", description = "Check everything, store nothing.")
        boolean dryRun;

        private final AgreementImports imports;

        Import(AgreementImports imports) {
            this.imports = imports;
        }

        @Override
        public Integer call() {
            byte[] content;
            try {
                content = java.nio.file.Files.readAllBytes(file);
            } catch (java.io.IOException e) {
                root.err.println("Cannot read " + file + ": " + e.getMessage());
                return FAILED;
            }
            String name = file.getFileName().toString();
            ImportReport report;
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName(dryRun ? "check" : "import")
                    .setInitialMax(1).setStyle(ProgressBarStyle.ASCII).setUnit(" agreements", 1)
                    .setConsumer(new ConsoleProgressBarConsumer(root.err)).build()) {
                report = imports.importFile(content, name, dryRun, (phase, done, total) -> {
                    bar.maxHint(Math.max(1, total));
                    bar.stepTo(done);
                    bar.setExtraMessage(" " + phase);
                });
            } catch (AgreementImports.InvalidFile e) {
                root.err.println(e.getMessage());
                e.errors().forEach(p -> root.err.printf("  %s %s: %s%n", p.agreement(), p.field(), p.message()));
                return FAILED;
            } catch (AgreementImports.Refused e) {
                print(e.report());
                root.err.println(e.getMessage());
                return FAILED;
            }
            print(report);
            if (report.hasProblems()) {
                root.err.println(report.problems().size() + " problem(s); nothing was stored.");
                return FAILED;
            }
            return OK;
        }

        private void print(ImportReport report) {
            root.out.printf("%s%s: %d agreements%n", report.fileName(), report.dryRun() ? " (dry run)" : "",
                    report.agreements().size());
            for (ImportReport.Result r : report.agreements()) {
                root.out.printf("  %3d %-40s %-18s %-9s %s%n", r.position(), r.key(), r.outcome(),
                        r.status() == null ? "" : r.status(), r.message());
            }
            for (ImportReport.Problem p : report.problems()) {
                root.out.printf("  problem: %s %s: %s%n", p.agreement(), p.field(), p.message());
            }
            if (!report.dryRun() && !report.hasProblems()) {
                root.out.printf("stored %d agreement(s)%n", report.stored());
            }
        }
    }
}
