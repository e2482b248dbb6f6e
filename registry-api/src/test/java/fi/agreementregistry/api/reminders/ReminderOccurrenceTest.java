package fi.agreementregistry.api.reminders;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ReminderOccurrenceTest {

    private static final LocalDate DUE = LocalDate.of(2026, 12, 31);
    private static final List<Integer> DEFAULTS = List.of(60, 14, 0);

    private Optional<String> on(LocalDate today) {
        return ReminderOccurrence.latest(DUE, today, DEFAULTS, 7).map(ReminderOccurrence::key);
    }

    @Test
    void nothingBeforeSixtyDaysAhead() {
        assertThat(on(DUE.minusDays(61))).isEmpty();
    }

    @Test
    void eachConfiguredDayStartsItsReminderAndItStaysTheLatestUntilTheNext() {
        assertThat(on(DUE.minusDays(60))).contains("before-60d");
        assertThat(on(DUE.minusDays(15))).contains("before-60d");
        assertThat(on(DUE.minusDays(14))).contains("before-14d");
        assertThat(on(DUE.minusDays(1))).contains("before-14d");
        assertThat(on(DUE)).contains("due-date");
        assertThat(on(DUE.plusDays(6))).contains("due-date");
    }

    @Test
    void overdueWeeklyAfterTheDueDate() {
        assertThat(on(DUE.plusDays(7))).contains("overdue-7d");
        assertThat(on(DUE.plusDays(13))).contains("overdue-7d");
        assertThat(on(DUE.plusDays(14))).contains("overdue-14d");
        ReminderOccurrence late = ReminderOccurrence.latest(DUE, DUE.plusDays(22), DEFAULTS, 7).orElseThrow();
        assertThat(late.day()).isEqualTo(DUE.plusDays(21));
        assertThat(late.daysToDue()).isEqualTo(-21);
    }

    @Test
    void aRegistryDownForWeeksGetsOnlyTheLatestReminder() {
        // Down from 70 days before the due date until 3 days after: the one reminder due now is the due date's.
        ReminderOccurrence now = ReminderOccurrence.latest(DUE, DUE.plusDays(3), DEFAULTS, 7).orElseThrow();
        assertThat(now.key()).isEqualTo("due-date");
        assertThat(now.daysToDue()).isZero();
    }

    @Test
    void noOverdueRemindersWhenTurnedOff() {
        assertThat(ReminderOccurrence.latest(DUE, DUE.plusDays(30), DEFAULTS, 0).map(ReminderOccurrence::key))
                .contains("due-date");
    }

    @Test
    void theOrderOfTheConfiguredDaysDoesNotMatter() {
        ReminderOccurrence r = ReminderOccurrence.latest(DUE, DUE.minusDays(10), List.of(0, 14, 60), 7).orElseThrow();
        assertThat(r.key()).isEqualTo("before-14d");
        assertThat(r.day()).isEqualTo(DUE.minusDays(14));
        assertThat(r.daysToDue()).isEqualTo(14);
    }
}
