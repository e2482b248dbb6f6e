package fi.agreementregistry.api.reminders;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@code registry.reminders.*}: when reminders of review deadlines and statutory negotiations are sent, to whom
 * besides the parties' contacts, and how a failing SMTP server is retried. The defaults are here and nowhere else.
 *
 * @param daysBefore       days before the due date a reminder goes out; 0 is the due date itself (default 60, 14, 0)
 * @param overdueEveryDays while a review (or negotiation) is overdue, a reminder every this many days after the due
 *                         date (default 7; 0 turns them off)
 * @param recipients       per responsible body, the addresses that get its reviews' reminders, and per county those
 *                         that get its statutory negotiations' reminders:
 *                         {@code [{body: Integraatiovaliokunta, welfareArea: welfare-area:07, email, language:
 *                         fi|sv|en, name}]} (a body, a county or both)
 * @param interval         how often the registry plans and sends reminders (default 1 minute)
 * @param retryBackoff     the waits after the 1st, 2nd... failed attempt to send a reminder; the last repeats
 *                         (default 1 min, 5 min, 30 min, 2 h)
 * @param maxAttempts      attempts before a reminder is given up and shown as FAILED (default 5)
 * @param lease            how long an instance holds a reminder it is sending; after it (the instance died) another
 *                         instance takes the reminder over (default 5 minutes)
 */
@ConfigurationProperties(prefix = "registry.reminders")
public record ReminderProperties(List<Integer> daysBefore, Integer overdueEveryDays, List<Recipient> recipients,
                                 Duration interval, List<Duration> retryBackoff, Integer maxAttempts, Duration lease) {

    public ReminderProperties {
        daysBefore = daysBefore == null ? List.of(60, 14, 0) : List.copyOf(daysBefore);
        overdueEveryDays = overdueEveryDays == null ? 7 : overdueEveryDays;
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
        interval = interval == null ? Duration.ofMinutes(1) : interval;
        retryBackoff = retryBackoff == null || retryBackoff.isEmpty()
                ? List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2))
                : List.copyOf(retryBackoff);
        maxAttempts = maxAttempts == null ? 5 : maxAttempts;
        lease = lease == null ? Duration.ofMinutes(5) : lease;
        if (daysBefore.stream().anyMatch(days -> days == null || days < 0)) {
            throw new IllegalArgumentException("registry.reminders.days-before must be 0 or more days, got " + daysBefore);
        }
        if (overdueEveryDays < 0) {
            throw new IllegalArgumentException("registry.reminders.overdue-every-days must be 0 or more, got "
                    + overdueEveryDays);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("registry.reminders.max-attempts must be at least 1, got " + maxAttempts);
        }
        for (Duration d : List.of(interval, lease)) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("registry.reminders.interval and lease must be positive, got " + d);
            }
        }
    }

    /** The wait after the {@code attempts}-th failed attempt. */
    public Duration backoffAfter(int attempts) {
        return retryBackoff.get(Math.min(Math.max(attempts, 1), retryBackoff.size()) - 1);
    }

    /**
     * An address that gets the reminders of one responsible body's reviews, or of one county's statutory
     * negotiations, or both.
     *
     * @param body        the responsible body as reviews name it (compared ignoring case and surrounding spaces)
     * @param language    fi, sv or en (default fi)
     * @param welfareArea a wellbeing services county, {@code welfare-area:07}: the address gets the reminders of the
     *                    statutory negotiations it has still to hold
     */
    public record Recipient(String body, String email, String language, String name, String welfareArea) {
        public Recipient {
            language = language == null || language.isBlank() ? "fi" : language.strip().toLowerCase(Locale.ROOT);
            if (!Contact.LANGUAGES.contains(language)) {
                throw new IllegalArgumentException("registry.reminders.recipients: language is fi, sv or en, got "
                        + language);
            }
            body = body == null || body.isBlank() ? null : body.strip();
            welfareArea = welfareArea == null || welfareArea.isBlank() ? null : welfareArea.strip();
            if (body == null && welfareArea == null || email == null || email.isBlank()) {
                throw new IllegalArgumentException("registry.reminders.recipients: every entry needs an email and a "
                        + "body, a welfareArea or both");
            }
            if (welfareArea != null && !welfareArea.matches("welfare-area:\\d{2}")) {
                throw new IllegalArgumentException("registry.reminders.recipients: welfareArea is a county's id, "
                        + "such as welfare-area:07; got " + welfareArea);
            }
        }

        boolean serves(String responsibleBody) {
            return body != null && responsibleBody != null && body.equalsIgnoreCase(responsibleBody.strip());
        }

        boolean servesCounty(String welfareAreaId) {
            return welfareArea != null && welfareArea.equals(welfareAreaId);
        }
    }
}
