package fi.agreementregistry.api.reminders;

import org.springframework.boot.autoconfigure.mail.MailProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Properties;

/**
 * The SMTP sender of reminders, made here rather than by Spring Boot's {@code MailSenderAutoConfiguration} (excluded
 * in application.yml): Boot makes a sender whenever {@code spring.mail.host} is present, even blank, which an empty
 * {@code REGISTRY_MAIL_HOST} would be. Here "not configured" means no host: then there is no sender
 * ({@link MailSender#configured()} is false) and reminders wait in the outbox.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({MailSettings.class, MailProperties.class, ReminderProperties.class})
class MailConfiguration {

    @Bean
    MailSender reminderMailSender(MailSettings settings, MailProperties spring) {
        String host = settings.effectiveHost(spring);
        if (host == null) {
            return new MailSender(Optional.empty(), settings.effectiveFrom());
        }
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost(host);
        Integer port = settings.effectivePort(spring);
        if (port != null) {
            sender.setPort(port);
        }
        sender.setUsername(settings.effectiveUsername(spring));
        sender.setPassword(settings.effectivePassword(spring));
        sender.setProtocol(spring.getProtocol());
        sender.setDefaultEncoding(StandardCharsets.UTF_8.name());
        Properties properties = new Properties();
        // A hanging SMTP server must not hold a reminder past its lease: bounded waits unless set otherwise.
        properties.setProperty("mail.smtp.connectiontimeout", "10000");
        properties.setProperty("mail.smtp.timeout", "20000");
        properties.setProperty("mail.smtp.writetimeout", "20000");
        properties.putAll(spring.getProperties());
        sender.setJavaMailProperties(properties);
        return new MailSender(Optional.of(sender), settings.effectiveFrom());
    }
}
