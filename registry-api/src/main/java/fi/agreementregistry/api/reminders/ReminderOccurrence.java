package fi.agreementregistry.api.reminders;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * One reminder of a review: which one ({@code key}: {@code before-60d}, {@code due-date}, {@code overdue-7d}...) and
 * the day it is for.
 *
 * @param daysToDue days from {@code day} to the due date: positive before it, 0 on it, negative when overdue
 */
public record ReminderOccurrence(String key, LocalDate day, long daysToDue) {

    /**
     * The latest reminder of a review due on {@code dueBy} whose day has come by {@code today}; empty before the
     * first. Only the latest: a registry that was down on a reminder's day sends the one that is due now, never a
     * burst of those it missed.
     */
    public static Optional<ReminderOccurrence> latest(LocalDate dueBy, LocalDate today, List<Integer> daysBefore,
                                                      int overdueEveryDays) {
        ReminderOccurrence latest = null;
        for (int days : daysBefore) {
            LocalDate day = dueBy.minusDays(days);
            if (!day.isAfter(today) && (latest == null || day.isAfter(latest.day()))) {
                latest = new ReminderOccurrence(days == 0 ? "due-date" : "before-" + days + "d", day, days);
            }
        }
        if (overdueEveryDays > 0 && today.isAfter(dueBy)) {
            long periods = ChronoUnit.DAYS.between(dueBy, today) / overdueEveryDays;
            if (periods >= 1) {
                long late = periods * overdueEveryDays;
                LocalDate day = dueBy.plusDays(late);
                if (latest == null || day.isAfter(latest.day())) {
                    latest = new ReminderOccurrence("overdue-" + late + "d", day, -late);
                }
            }
        }
        return Optional.ofNullable(latest);
    }
}
