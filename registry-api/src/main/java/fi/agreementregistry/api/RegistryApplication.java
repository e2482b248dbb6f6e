package fi.agreementregistry.api;

import fi.agreementregistry.api.terminal.AdminCommandLine;
import fi.agreementregistry.api.terminal.VerifyReceiptCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication(scanBasePackages = "fi.agreementregistry")
public class RegistryApplication {

    public static void main(String[] args) {
        neverPhoneHome();
        if (VerifyReceiptCommand.isCommand(args)) {
            // java -jar registry-api.jar verify-receipt receipt.json --public-key key.json: offline, no registry
            System.exit(VerifyReceiptCommand.run(System.out, System.err,
                    java.util.Arrays.copyOfRange(args, 1, args.length)));
        }
        if (AdminCommandLine.isCommand(args)) {
            // java -jar registry-api.jar processors | replay <processor> | consistency [--repair]: no web server
            System.exit(AdminCommandLine.run(RegistryApplication.class, args));
        }
        SpringApplication.run(RegistryApplication.class, args);
    }

    /**
     * The registry never phones home. Axon 4.12's update checker reads only system properties and
     * environment variables when it decides whether to run (the Spring property is not consulted), and
     * Axon logs an advertisement for its hosted console unless told not to.
     */
    static void neverPhoneHome() {
        if (System.getProperty("axoniq.update-checker.disabled") == null) {
            System.setProperty("axoniq.update-checker.disabled", "true");
        }
        if (System.getProperty("disable-axoniq-console-message") == null) {
            System.setProperty("disable-axoniq-console-message", "true");
        }
    }
}
