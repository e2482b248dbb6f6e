package fi.agreementregistry.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication(scanBasePackages = "fi.agreementregistry")
public class RegistryApplication {

    public static void main(String[] args) {
        // Axon logs an advertisement for its hosted console unless told not to; the registry stays quiet.
        System.setProperty("disable-axoniq-console-message", "true");
        SpringApplication.run(RegistryApplication.class, args);
    }
}
