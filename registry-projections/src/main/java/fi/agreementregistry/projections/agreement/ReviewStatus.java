package fi.agreementregistry.projections.agreement;

import java.time.LocalDate;

/** Where a review stands on a given day. Computed at query time, never stored, so it is right as of today. */
public enum ReviewStatus {
    /** Due later than the due-soon window. */
    UPCOMING,
    /** Due today or within the due-soon window. */
    DUE_SOON,
    /** Past its due date and not completed. */
    OVERDUE,
    /** Completed on or before its due date. */
    COMPLETED_ON_TIME,
    /** Completed after its due date. */
    COMPLETED_LATE;

    /** The configured due-soon window, checked once where a query handler is built: it cannot be negative. */
    public static int requireValidDueSoonDays(int dueSoonDays) {
        if (dueSoonDays < 0) {
            throw new IllegalArgumentException("registry.reviews.due-soon-days cannot be negative: " + dueSoonDays);
        }
        return dueSoonDays;
    }

    public static ReviewStatus of(LocalDate dueBy, LocalDate completedOn, LocalDate today, int dueSoonDays) {
        if (completedOn != null) {
            return completedOn.isAfter(dueBy) ? COMPLETED_LATE : COMPLETED_ON_TIME;
        }
        if (today.isAfter(dueBy)) {
            return OVERDUE;
        }
        return today.plusDays(dueSoonDays).isBefore(dueBy) ? UPCOMING : DUE_SOON;
    }
}
