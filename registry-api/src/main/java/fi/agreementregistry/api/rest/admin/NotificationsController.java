package fi.agreementregistry.api.rest.admin;

import fi.agreementregistry.api.application.ReminderAdministration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The reminders' outbox (ADMIN, as everything under {@code /api/admin}). */
@ConditionalOnWebApplication
@RestController
public class NotificationsController {

    private final ReminderAdministration reminders;

    public NotificationsController(ReminderAdministration reminders) {
        this.reminders = reminders;
    }

    /**
     * @param state PENDING, SENDING, SENT, FAILED or CANCELLED; absent: all (400 for any other)
     * @param limit 1 to 1,000, default 100; the newest first
     */
    @GetMapping("/api/admin/notifications")
    public ReminderAdministration.Notifications notifications(@RequestParam(required = false) String state,
                                                              @RequestParam(required = false) Integer limit) {
        return reminders.notifications(state, limit);
    }
}
