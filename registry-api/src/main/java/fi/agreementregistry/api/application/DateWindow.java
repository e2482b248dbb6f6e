package fi.agreementregistry.api.application;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * {@code registry.dates.*}: the business dates a person could mean. Every date in a command and every date query
 * parameter must lie in this window ({@link #require}, a 400 naming the field); events stored before the window
 * existed may hold any date, and the pages and feeds {@link #clamp} those where a picture or a calendar needs a
 * drawable date, writing the stored date in words beside it.
 * <p>
 * The window itself must lie within the years 1600 to 9998: four-digit years (ISO 8601 and RFC 5545 write no
 * others, and the read models compare such dates as text) in the Gregorian calendar that {@code java.util.Date}
 * uses for the calendar feed, with a day to spare for an all-day event's end.
 *
 * @param earliest the first date accepted (default 1 January 1900)
 * @param latest   the last date accepted (default 31 December 2199)
 */
@ConfigurationProperties(prefix = "registry.dates")
public record DateWindow(LocalDate earliest, LocalDate latest) {

    static final LocalDate LOWEST = LocalDate.of(1600, 1, 1);
    static final LocalDate HIGHEST = LocalDate.of(9998, 12, 31);

    public DateWindow {
        earliest = earliest == null ? LocalDate.of(1900, 1, 1) : earliest;
        latest = latest == null ? LocalDate.of(2199, 12, 31) : latest;
        if (earliest.isAfter(latest) || earliest.isBefore(LOWEST) || latest.isAfter(HIGHEST)) {
            throw new IllegalArgumentException("registry.dates: earliest (" + earliest + ") must not be after latest ("
                    + latest + "), and both must lie within " + LOWEST + " and " + HIGHEST);
        }
    }

    /** The default window, 1.1.1900 to 31.12.2199. */
    public static DateWindow defaults() {
        return new DateWindow(null, null);
    }

    public boolean contains(LocalDate date) {
        return !date.isBefore(earliest) && !date.isAfter(latest);
    }

    /** The date itself, or null for null; a 400 naming {@code field} when it lies outside the window. */
    public LocalDate require(String field, LocalDate date) {
        if (date != null && !contains(date)) {
            throw new InvalidFieldException(field, "'" + field + "' is " + date + "; the registry takes dates from "
                    + earliest + " to " + latest + ".");
        }
        return date;
    }

    /**
     * The instant itself, or null for null; a 400 naming {@code field} when its day (UTC) lies outside the window.
     * Compared as instants: {@code Instant.MAX} has no LocalDate.
     */
    public Instant require(String field, Instant instant) {
        if (instant != null && (instant.isBefore(earliest.atStartOfDay(ZoneOffset.UTC).toInstant())
                || !instant.isBefore(latest.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()))) {
            throw new InvalidFieldException(field, "'" + field + "' is " + instant + "; the registry takes times from "
                    + earliest + " to " + latest + " (UTC).");
        }
        return instant;
    }

    /** The nearest date inside the window: the date itself when it lies inside. */
    public LocalDate clamp(LocalDate date) {
        return date.isBefore(earliest) ? earliest : date.isAfter(latest) ? latest : date;
    }
}
