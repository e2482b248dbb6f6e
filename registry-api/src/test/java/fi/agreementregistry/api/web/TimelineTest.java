package fi.agreementregistry.api.web;

import fi.agreementregistry.api.application.DateWindow;
import fi.agreementregistry.projections.history.HistoryEntry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The agreement page's timeline stays a picture whatever dates its events hold (issue 13, section 1). */
class TimelineTest {

    private static final DateWindow WINDOW = DateWindow.defaults();
    private static final LocalDate TODAY = LocalDate.of(2026, 3, 2);

    @Test
    void theWindowsWholeSpanHasAFewYearLabelsNotOneAYear() {
        // 1900 to 2199: a label a year made 300 labels drawn over each other.
        Timeline timeline = Timeline.ofHistory(List.of(entry("AgreementDrafted", LocalDate.of(1900, 1, 1), null),
                entry("ReviewScheduled", LocalDate.of(1900, 1, 2), LocalDate.of(2199, 12, 31))), TODAY, WINDOW);
        assertThat(timeline.ticks()).hasSizeBetween(2, Timeline.MAX_TICKS);
        assertThat(timeline.ticks().get(0).label()).isEqualTo("1900");
        assertThat(timeline.marks()).extracting(Timeline.Mark::x).containsExactly(150.0, 940.0);
    }

    @Test
    void datesStoredOutsideTheWindowArePinnedToTheAxisEndsAndKeepTheirDate() {
        Timeline timeline = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> Timeline.ofHistory(List.of(
                entry("AgreementDrafted", LocalDate.MIN, null),
                entry("ApprovalRecorded", LocalDate.of(2025, 6, 1), null),
                entry("ReviewScheduled", LocalDate.of(2025, 6, 2), LocalDate.MAX)), TODAY, WINDOW));
        assertThat(timeline.ticks()).hasSizeLessThanOrEqualTo(Timeline.MAX_TICKS);
        // The axis spans the dates inside the window (June 2025 to today), not two billion years.
        assertThat(timeline.ticks()).extracting(Timeline.Tick::label).first().isEqualTo("6/2025");
        List<Timeline.Mark> marks = timeline.marks();
        assertThat(marks.get(0).x()).isEqualTo(150.0);
        assertThat(marks.get(0).date()).isEqualTo(LocalDate.MIN);
        assertThat(marks.get(2).x()).isEqualTo(940.0);
        assertThat(marks.get(2).date()).isEqualTo(LocalDate.MAX);
    }

    @Test
    void aHistoryOnlyOutsideTheWindowStillDraws() {
        Timeline timeline = Timeline.ofHistory(List.of(entry("AgreementDrafted", LocalDate.MIN, null),
                entry("AgreementTerminated", LocalDate.MAX, null)), null, WINDOW);
        assertThat(timeline.ticks()).hasSizeLessThanOrEqualTo(Timeline.MAX_TICKS);
        assertThat(timeline.marks()).extracting(Timeline.Mark::x).containsExactly(150.0, 940.0);
    }

    @Test
    void marksAreNumberedByDateAndTheEventsOfOneKindOnOneDayShareOneMarkWhoseKeyNamesThemAll() {
        // What a tooltip used to say is printed: a number on each mark, and the key lists what each number is.
        Timeline timeline = Timeline.ofHistory(List.of(
                entry("AgreementDrafted", LocalDate.of(2025, 6, 1), null),
                approval("Hämeenlinna", LocalDate.of(2025, 7, 1)),
                approval("Hattula", LocalDate.of(2025, 7, 1)),
                approval("Janakkala", LocalDate.of(2025, 7, 3))), TODAY, WINDOW);
        assertThat(timeline.marks()).extracting(Timeline.Mark::number).containsExactly(1, 2, 3);
        assertThat(timeline.marks()).extracting(Timeline.Mark::key)
                .containsExactly("event.AgreementDrafted", "event.ApprovalRecorded", "event.ApprovalRecorded");
        assertThat(timeline.marks().get(1).items()).extracting(Timeline.Item::text)
                .containsExactly("Hämeenlinna", "Hattula");
        assertThat(timeline.marks().get(2).date()).isEqualTo(LocalDate.of(2025, 7, 3));
        // Two days apart the numbers 2 and 3 would overlap: the second is printed below its mark.
        assertThat(timeline.marks().get(1).labelY()).isLessThan(timeline.marks().get(1).y());
        assertThat(timeline.marks().get(2).labelY()).isGreaterThan(timeline.marks().get(2).y());
    }

    private static HistoryEntry approval(String party, LocalDate meetingDate) {
        return new HistoryEntry("a", 0, "ApprovalRecorded", meetingDate, null, null, "p", party, "Sopimus", null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null);
    }

    private static HistoryEntry entry(String type, LocalDate effectiveOn, LocalDate dueBy) {
        return new HistoryEntry("a", 0, type, effectiveOn, null, null, null, null, "Sopimus", null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, dueBy, null, null, null, null, null,
                null, null, null, null, null, null, null, null);
    }
}
