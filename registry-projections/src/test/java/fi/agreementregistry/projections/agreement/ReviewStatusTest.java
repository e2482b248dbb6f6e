package fi.agreementregistry.projections.agreement;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class ReviewStatusTest {

    private static final LocalDate TODAY = LocalDate.of(2025, 9, 3);
    private static final int DUE_SOON_DAYS = 30;

    private static ReviewStatus status(LocalDate dueBy, LocalDate completedOn) {
        return ReviewStatus.of(dueBy, completedOn, TODAY, DUE_SOON_DAYS);
    }

    @Test
    void aReviewDueLaterThanTheWindowIsUpcoming() {
        assertThat(status(TODAY.plusDays(31), null)).isEqualTo(ReviewStatus.UPCOMING);
    }

    @Test
    void aReviewDueWithinTheWindowIsDueSoon() {
        assertThat(status(TODAY.plusDays(30), null)).isEqualTo(ReviewStatus.DUE_SOON);
        assertThat(status(TODAY.plusDays(1), null)).isEqualTo(ReviewStatus.DUE_SOON);
    }

    @Test
    void aReviewDueTodayIsDueSoonNotOverdue() {
        assertThat(status(TODAY, null)).isEqualTo(ReviewStatus.DUE_SOON);
    }

    @Test
    void anUncompletedReviewPastItsDueDateIsOverdue() {
        assertThat(status(TODAY.minusDays(1), null)).isEqualTo(ReviewStatus.OVERDUE);
    }

    @Test
    void aReviewCompletedOnOrBeforeItsDueDateIsCompletedOnTime() {
        assertThat(status(TODAY.minusDays(10), TODAY.minusDays(10))).isEqualTo(ReviewStatus.COMPLETED_ON_TIME);
        assertThat(status(TODAY.plusDays(100), TODAY)).isEqualTo(ReviewStatus.COMPLETED_ON_TIME);
    }

    @Test
    void aReviewCompletedAfterItsDueDateIsCompletedLate() {
        assertThat(status(TODAY.minusDays(10), TODAY.minusDays(9))).isEqualTo(ReviewStatus.COMPLETED_LATE);
    }

    @Test
    void aZeroDayWindowMakesOnlyTodaysReviewsDueSoon() {
        assertThat(ReviewStatus.of(TODAY, null, TODAY, 0)).isEqualTo(ReviewStatus.DUE_SOON);
        assertThat(ReviewStatus.of(TODAY.plusDays(1), null, TODAY, 0)).isEqualTo(ReviewStatus.UPCOMING);
    }
}
