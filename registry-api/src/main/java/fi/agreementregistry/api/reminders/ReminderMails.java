package fi.agreementregistry.api.reminders;

import org.springframework.context.MessageSource;
import org.springframework.core.env.Environment;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * A reminder as a mail, in the recipient's language (messages_{fi,sv,en}.properties, {@code reminder.mail.*}): the
 * agreement's title, the review's kind in words, the due date written the Finnish, Swedish or English way, the
 * responsible body and a link to the agreement's page, {@code registry.public-base-url} + {@code /ui/agreements/{id}}
 * (without that setting, {@code http://localhost:<port>}).
 */
@Component
class ReminderMails {

    private static final DateTimeFormatter NORDIC = DateTimeFormatter.ofPattern("d.M.yyyy");
    private static final DateTimeFormatter ENGLISH = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

    private final MessageSource messages;
    private final Environment environment;

    ReminderMails(MessageSource messages, Environment environment) {
        this.messages = messages;
        this.environment = environment;
    }

    /** The mail as sent {@code today}: the days it counts are from today (a retry may go out days later). */
    SimpleMailMessage compose(ReminderOutbox.Entry entry, String from, LocalDate today) {
        Locale locale = Locale.forLanguageTag(entry.language() == null ? "fi" : entry.language());
        long daysToDue = ChronoUnit.DAYS.between(today, entry.dueBy());
        String stage = daysToDue > 0 ? "before" : daysToDue == 0 ? "due" : "overdue";
        String kind = entry.reviewKind() == null || entry.reviewKind().isBlank() ? "AGREEMENT_EVALUATION"
                : entry.reviewKind();
        Object[] args = {
                entry.agreementTitle(),
                ("en".equals(locale.getLanguage()) ? ENGLISH : NORDIC).format(entry.dueBy()),
                messages.getMessage("reviewKind." + kind, null, kind, locale),
                entry.responsibleBody(),
                Math.abs(daysToDue),
                link(entry.agreementId()),
                entry.name() == null || entry.name().isBlank() ? "" : " " + entry.name().strip()
        };
        SimpleMailMessage mail = new SimpleMailMessage();
        mail.setFrom(from);
        mail.setTo(entry.email());
        mail.setSubject(messages.getMessage("reminder.mail.subject." + stage, args, locale));
        String when = messages.getMessage("reminder.mail.when." + stage, args, locale);
        Object[] withWhen = java.util.Arrays.copyOf(args, args.length + 1);
        withWhen[args.length] = when;
        mail.setText(messages.getMessage("reminder.mail.body", withWhen, locale));
        return mail;
    }

    String link(String agreementId) {
        String base = environment.getProperty("registry.public-base-url", "");
        if (base.isBlank()) {
            base = "http://localhost:" + environment.getProperty("local.server.port",
                    environment.getProperty("server.port", "8080"));
        }
        return base.replaceAll("/+$", "") + "/ui/agreements/" + agreementId;
    }
}
