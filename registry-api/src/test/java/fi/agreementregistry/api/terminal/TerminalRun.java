package fi.agreementregistry.api.terminal;

import org.springframework.context.ConfigurableApplicationContext;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** One run of the terminal admin commands in a started registry: its exit code and what it printed. */
record TerminalRun(int exitCode, String out, String err) {

    /** As the test profile's administrator (password {@code test}). */
    static TerminalRun asAdmin(ConfigurableApplicationContext context, String... args) {
        String[] signedIn = new String[args.length + 3];
        signedIn[0] = "--user";
        signedIn[1] = "admin";
        signedIn[2] = "--password=test";
        System.arraycopy(args, 0, signedIn, 3, args.length);
        return of(context, signedIn);
    }

    /** With the arguments as given (sign-in options included); progress polled every 50 ms. */
    static TerminalRun of(ConfigurableApplicationContext context, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = AdminCommandLine.execute(context, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Duration.ofMillis(50), args);
        return new TerminalRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
