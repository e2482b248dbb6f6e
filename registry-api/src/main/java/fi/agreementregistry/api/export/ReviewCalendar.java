package fi.agreementregistry.api.export;

import biweekly.Biweekly;
import biweekly.ICalVersion;
import biweekly.ICalendar;
import biweekly.component.VEvent;
import biweekly.property.Method;
import biweekly.property.Status;
import biweekly.util.ICalDate;
import fi.agreementregistry.api.application.DateWindow;
import fi.agreementregistry.projections.agreement.ReviewStatus;
import fi.agreementregistry.projections.agreement.ReviewView;
import fi.agreementregistry.projections.review.ReviewDeadline;
import fi.agreementregistry.projections.review.ReviewDeadlines;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import java.util.stream.Collectors;

/**
 * The review deadlines as an RFC 5545 calendar written by biweekly (escaping, line folding, CRLF):
 * one all-day event per review on its due date. The UID stays the same for a review, so a subscribed
 * calendar updates the event instead of adding another. A due date outside the registry's date window (stored before
 * the window was enforced) is put on the window's nearest end, and the description says the date as stored: a
 * calendar holds four-digit years only, and {@code java.util.Date} overflows long before LocalDate does.
 */
public final class ReviewCalendar {

    private ReviewCalendar() {
    }

    public static String write(ReviewDeadlines deadlines, Instant now, DateWindow window) {
        ICalendar calendar = new ICalendar();
        calendar.setProductId("-//Agreement registry//Review deadlines//EN");
        calendar.setMethod(Method.publish());
        calendar.setName("Agreement reviews");
        // RFC 7986's NAME is newer than what Outlook and Google Calendar read for a subscribed calendar's name.
        calendar.setExperimentalProperty("X-WR-CALNAME", "Agreement reviews");
        calendar.setDescription("Review deadlines of the collaboration agreements, statuses as of " + deadlines.asOf());
        for (ReviewDeadline deadline : deadlines.reviews()) {
            ReviewView review = deadline.review();
            VEvent event = new VEvent();
            event.setUid(deadline.agreementId() + "/" + review.reviewId() + "@agreement-registry");
            event.setDateTimeStamp(Date.from(now));
            LocalDate day = window.clamp(review.dueBy());
            event.setDateStart(new ICalDate(date(day), false));
            event.setDateEnd(new ICalDate(date(day.plusDays(1)), false));
            event.setSummary(prefix(review.status()) + deadline.agreementTitle());
            event.setDescription(description(deadline, window));
            event.addCategories(review.status().name(), review.kind());
            event.setTransparency(true);
            if (review.completedOn() != null) {
                event.setStatus(Status.confirmed());
            }
            calendar.addEvent(event);
        }
        return Biweekly.write(calendar).version(ICalVersion.V2_0).go();
    }

    private static String prefix(ReviewStatus status) {
        return switch (status) {
            case OVERDUE -> "OVERDUE review: ";
            case COMPLETED_ON_TIME, COMPLETED_LATE -> "Reviewed: ";
            default -> "Review due: ";
        };
    }

    private static String description(ReviewDeadline deadline, DateWindow window) {
        ReviewView review = deadline.review();
        StringBuilder text = new StringBuilder()
                .append("Agreement: ").append(deadline.agreementTitle()).append(" (").append(deadline.agreementId()).append(")\n")
                .append("Review: ").append(review.kind()).append(", due by ").append(review.dueBy())
                .append(window.contains(review.dueBy()) ? "" : " (as stored; outside the registry's dates "
                        + window.earliest() + " to " + window.latest() + ", so shown on " + window.clamp(review.dueBy()) + ")")
                .append('\n')
                .append("Responsible body: ").append(review.responsibleBody()).append('\n')
                .append("Status: ").append(review.status()).append('\n');
        if (review.reason() != null) {
            text.append("Reason: ").append(review.reason()).append('\n');
        }
        if (review.completedOn() != null) {
            text.append("Completed on ").append(review.completedOn()).append(": ").append(review.outcome());
            if (review.minutesReference() != null) {
                text.append(", ").append(review.minutesReference());
            }
            text.append('\n');
        }
        text.append("Parties: ").append(deadline.parties().stream().map(p -> p.name()).collect(Collectors.joining(", ")));
        return text.toString();
    }

    /** An all-day date: biweekly writes it in the JVM's zone, so it is built in that zone too. */
    private static Date date(LocalDate day) {
        return Date.from(day.atStartOfDay(ZoneId.systemDefault()).toInstant());
    }
}
