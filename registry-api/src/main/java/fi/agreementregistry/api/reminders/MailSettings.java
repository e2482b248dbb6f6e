package fi.agreementregistry.api.reminders;

import org.springframework.boot.autoconfigure.mail.MailProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code registry.mail.*} ({@code REGISTRY_MAIL_HOST}, {@code _PORT}, {@code _USERNAME}, {@code _PASSWORD},
 * {@code _FROM}): the SMTP server reminders are sent through. Each setting left out falls back to Spring Boot's
 * {@code spring.mail.*}. No host (none, or blank) means mail is not configured: nothing is sent, reminders wait.
 *
 * @param from the sender address of reminders (default {@code agreement-registry@localhost})
 */
@ConfigurationProperties(prefix = "registry.mail")
public record MailSettings(String host, Integer port, String username, String password, String from) {

    /** The SMTP host, this record's or {@code spring.mail.host}; null when neither is set (or only blank). */
    String effectiveHost(MailProperties spring) {
        String chosen = blank(host) ? spring.getHost() : host;
        return blank(chosen) ? null : chosen.strip();
    }

    Integer effectivePort(MailProperties spring) {
        return port != null ? port : spring.getPort();
    }

    String effectiveUsername(MailProperties spring) {
        return blank(username) ? spring.getUsername() : username;
    }

    String effectivePassword(MailProperties spring) {
        return blank(password) ? spring.getPassword() : password;
    }

    String effectiveFrom() {
        return blank(from) ? "agreement-registry@localhost" : from.strip();
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
