package fi.agreementregistry.api.terminal;

import fi.agreementregistry.api.evidence.EvidenceKey;
import fi.agreementregistry.api.evidence.ReceiptVerifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code java -jar registry-api.jar verify-receipt receipt.json --public-key key.json}: checks a receipt offline,
 * with no registry and no database (nothing of Spring starts), and says in plain Finnish or English what it proves.
 * Exit codes: 0 the receipt is valid, 1 it is not, 2 bad arguments or unreadable files.
 */
@Command(name = "verify-receipt", mixinStandardHelpOptions = true,
        description = "Checks a receipt of the agreement registry offline: the leaf, the inclusion proof and the "
                + "checkpoint's signature.")
public class VerifyReceiptCommand implements Callable<Integer> {

    public static final String NAME = "verify-receipt";

    @Parameters(paramLabel = "<receipt.json>", description = "a receipt from GET /api/agreements/{id}/history/{sequence}/receipt")
    Path receipt;

    @Option(names = "--public-key", required = true, paramLabel = "<key.json | verifier key>",
            description = "the registry's public key: the JSON file of GET /api/evidence/public-key, or its verifierKey string")
    String publicKey;

    @Option(names = "--lang", defaultValue = "fi", paramLabel = "fi|en", description = "fi (default) or en")
    String language;

    private final PrintStream out;
    private final PrintStream err;

    VerifyReceiptCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static boolean isCommand(String[] args) {
        return args.length > 0 && NAME.equals(args[0]);
    }

    /** @param args the arguments after {@value #NAME} */
    public static int run(PrintStream out, PrintStream err, String... args) {
        CommandLine line = new CommandLine(new VerifyReceiptCommand(out, err));
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        return line.execute(args);
    }

    @Override
    public Integer call() {
        List<EvidenceKey> keys;
        JsonNode json;
        try {
            Path keyFile = Path.of(publicKey);
            keys = ReceiptVerifier.keys(Files.isRegularFile(keyFile)
                    ? Files.readString(keyFile, StandardCharsets.UTF_8) : publicKey);
            json = new ObjectMapper().readTree(Files.readString(receipt, StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            err.println(("en".equals(language) ? "Cannot read the input: " : "Syötettä ei voi lukea: ") + e.getMessage());
            return 2;
        }
        ReceiptVerifier.Result result = ReceiptVerifier.verify(json, keys);
        out.print(ReceiptVerifier.explain(result, language));
        return result.valid() ? 0 : 1;
    }
}
