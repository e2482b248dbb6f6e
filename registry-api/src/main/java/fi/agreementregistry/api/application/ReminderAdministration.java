package fi.agreementregistry.api.application;

import fi.agreementregistry.api.reminders.MailSender;
import fi.agreementregistry.api.reminders.ReminderOutbox;
import org.springframework.stereotype.Service;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the reminders' outbox holds, for the admin API and the admin page. */
@Service
public class ReminderAdministration {

    /**
     * @param mailConfigured false: no SMTP host is set, nothing is sent and reminders wait
     * @param counts         how many reminders are in each state
     */
    public record Notifications(boolean mailConfigured, Map<ReminderOutbox.State, Long> counts,
                                List<ReminderOutbox.Entry> notifications) {
    }

    private final ReminderOutbox outbox;
    private final MailSender mail;

    public ReminderAdministration(ReminderOutbox outbox, MailSender mail) {
        this.outbox = outbox;
        this.mail = mail;
    }

    /**
     * @param state PENDING, SENDING, SENT, FAILED or CANCELLED (any case); null or blank: all
     * @param limit 1 to 1,000, default 100: the newest first
     */
    public Notifications notifications(String state, Integer limit) {
        ReminderOutbox.State wanted = null;
        if (state != null && !state.isBlank()) {
            try {
                wanted = ReminderOutbox.State.valueOf(state.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException("state", "state is one of " + Arrays.toString(ReminderOutbox.State.values())
                        + "; got " + state);
            }
        }
        return new Notifications(mail.configured(), outbox.counts(), outbox.list(wanted, Pages.limit(limit)));
    }

    /** For the admin page: the counts and the failed reminders (the newest 20). */
    public Notifications overview() {
        return new Notifications(mail.configured(), outbox.counts(), outbox.list(ReminderOutbox.State.FAILED, 20));
    }
}
