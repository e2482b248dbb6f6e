package fi.agreementregistry.api.reminders;

import fi.agreementregistry.core.negotiation.LegalBasis;
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
 * (without that setting, {@code http://localhost:<port>}). A statutory negotiation's ({@code reminder.negotiation.*})
 * links to the county's page, {@code /ui/counties/{id}}.
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
        if (entry.topic() == ReminderOutbox.Topic.NEGOTIATION) {
            return negotiation(entry, from, locale, stage, daysToDue);
        }
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
        return mail("reminder.mail.", entry, from, locale, stage, args);
    }

    /**
     * A statutory negotiation's reminder: the county, the duty in words, its period and last day, the municipalities
     * that have not negotiated in it, and a link to the county's page.
     */
    private SimpleMailMessage negotiation(ReminderOutbox.Entry entry, String from, Locale locale, String stage,
                                          long daysToDue) {
        DateTimeFormatter dates = "en".equals(locale.getLanguage()) ? ENGLISH : NORDIC;
        Object[] args = {
                entry.welfareAreaName(),
                dates.format(entry.dueBy()),
                messages.getMessage("county.duty" + LegalBasis.parse(entry.duty()).act(), null, entry.duty(), locale),
                dates.format(entry.periodStart()) + "–" + dates.format(entry.dueBy()),
                Math.abs(daysToDue),
                base() + "/ui/counties/" + entry.welfareAreaId(),
                entry.name() == null || entry.name().isBlank() ? "" : " " + entry.name().strip(),
                entry.municipalities() == null ? "" : String.join(", ", entry.municipalities())
        };
        return mail("reminder.negotiation.", entry, from, locale, stage, args);
    }

    /** The mail from {@code prefix}{@code subject.<stage>}, {@code when.<stage>} and {@code body} (its last argument the "when"). */
    private SimpleMailMessage mail(String prefix, ReminderOutbox.Entry entry, String from, Locale locale,
                                   String stage, Object[] args) {
        SimpleMailMessage mail = new SimpleMailMessage();
        mail.setFrom(from);
        mail.setTo(entry.email());
        mail.setSubject(messages.getMessage(prefix + "subject." + stage, args, locale));
        String when = messages.getMessage(prefix + "when." + stage, args, locale);
        Object[] withWhen = java.util.Arrays.copyOf(args, args.length + 1);
        withWhen[args.length] = when;
        mail.setText(messages.getMessage(prefix + "body", withWhen, locale));
        return mail;
    }

    String link(String agreementId) {
        return base() + "/ui/agreements/" + agreementId;
    }

    private String base() {
        String base = environment.getProperty("registry.public-base-url", "");
        if (base.isBlank()) {
            base = "http://localhost:" + environment.getProperty("local.server.port",
                    environment.getProperty("server.port", "8080"));
        }
        return base.replaceAll("/+$", "");
    }
}
