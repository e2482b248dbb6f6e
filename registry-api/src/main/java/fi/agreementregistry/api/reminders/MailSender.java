package fi.agreementregistry.api.reminders;

import org.springframework.mail.javamail.JavaMailSender;

import java.util.Optional;

/** The SMTP sender when mail is configured (a host is set), and the sender address of reminders. */
public record MailSender(Optional<JavaMailSender> sender, String from) {

    public boolean configured() {
        return sender.isPresent();
    }
}
