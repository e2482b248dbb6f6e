package fi.agreementregistry.api.reminders;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;

/**
 * A real SMTP server (GreenMail) on one free port for a whole test class: stopped to make the registry's sends fail,
 * started again on the same port, as an SMTP server that was down for a while.
 */
final class MailTestSupport {

    /** A mail as the recipient reads it: to, subject and the decoded text. */
    record Mail(String to, String subject, String text) {
    }

    private final int port;
    private GreenMail smtp;

    MailTestSupport() {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    synchronized MailTestSupport start() {
        if (smtp == null) {
            smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
        }
        return this;
    }

    synchronized void stop() {
        if (smtp != null) {
            smtp.stop();
            smtp = null;
        }
    }

    /** Every mail received since the server was last started whose text mentions {@code needle}. */
    synchronized List<Mail> mailsMentioning(String needle) {
        if (smtp == null) {
            return List.of();
        }
        return Arrays.stream(smtp.getReceivedMessages()).map(MailTestSupport::read)
                .filter(mail -> mail.text().contains(needle)).toList();
    }

    private static Mail read(MimeMessage message) {
        try {
            return new Mail(Arrays.stream(message.getRecipients(Message.RecipientType.TO)).map(Object::toString)
                    .reduce((a, b) -> a + "," + b).orElse(""), message.getSubject(),
                    String.valueOf(message.getContent()).replace("\r\n", "\n"));
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
