package fi.agreementregistry.api.export;

import biweekly.Biweekly;
import biweekly.ICalVersion;
import biweekly.ICalendar;
import biweekly.component.VAlarm;
import biweekly.component.VEvent;
import biweekly.parameter.Related;
import biweekly.property.Action;
import biweekly.property.Method;
import biweekly.property.Status;
import biweekly.property.Trigger;
import biweekly.util.Duration;
import biweekly.util.ICalDate;
import fi.agreementregistry.api.application.DateWindow;
import fi.agreementregistry.projections.agreement.ReviewStatus;
import fi.agreementregistry.projections.agreement.ReviewView;
import fi.agreementregistry.projections.review.ReviewDeadline;
import fi.agreementregistry.projections.review.ReviewDeadlines;
import org.springframework.context.MessageSource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The review deadlines as an RFC 5545 calendar written by biweekly (escaping, line folding, CRLF):
 * one all-day event per review on its due date, in Finnish, Swedish or English (the texts are the pages' own,
 * {@code calendar.*}, {@code status.*} and {@code reviewKind.*} in {@code messages_*.properties}). The UID stays the
 * same for a review, so a subscribed calendar updates the event instead of adding another. With a link base, each
 * event links back to its agreement's page and a review still to come carries two reminders (VALARM: 14 days and 1 day
 * before the due date); a completed review is marked in its summary and category, and neither it nor an overdue one
 * has reminders (they would be in the past).
 * <p>
 * A due date outside the registry's date window (stored before the window was enforced) is put on the window's nearest
 * end, and the description says the date as stored: a calendar holds four-digit years only, and {@code java.util.Date}
 * overflows long before LocalDate does.
 */
public final class ReviewCalendar {

    /** Days before the due date at which a subscribed calendar reminds of an open review. */
    static final List<Integer> ALARM_DAYS = List.of(14, 1);
    private static final DateTimeFormatter NORDIC_DATE = DateTimeFormatter.ofPattern("d.M.uuuu");

    /**
     * How to write one calendar.
     *
     * @param locale   fi, sv or en
     * @param linkBase where the registry is reached, e.g. {@code https://registry.example.fi}; null: no links, no
     *                 alarms (the signed-in {@code /api/reviews.ics})
     */
    public record Options(Locale locale, String linkBase) {
    }

    private ReviewCalendar() {
    }

    public static String write(ReviewDeadlines deadlines, Instant now, DateWindow window, MessageSource messages,
                               Options options) {
        Texts texts = new Texts(messages, options.locale());
        ICalendar calendar = new ICalendar();
        calendar.setProductId("-//Agreement registry//Review deadlines//" + options.locale().getLanguage().toUpperCase(Locale.ROOT));
        calendar.setMethod(Method.publish());
        String name = texts.get("calendar.name");
        calendar.setName(name);
        // RFC 7986's NAME is newer than what Outlook and Google Calendar read for a subscribed calendar's name.
        calendar.setExperimentalProperty("X-WR-CALNAME", name);
        calendar.setDescription(texts.get("calendar.description", texts.date(deadlines.asOf())));
        for (ReviewDeadline deadline : deadlines.reviews()) {
            ReviewView review = deadline.review();
            VEvent event = new VEvent();
            event.setUid(deadline.agreementId() + "/" + review.reviewId() + "@agreement-registry");
            event.setDateTimeStamp(Date.from(now));
            LocalDate day = window.clamp(review.dueBy());
            event.setDateStart(new ICalDate(date(day), false));
            event.setDateEnd(new ICalDate(date(day.plusDays(1)), false));
            String summary = texts.get(summaryKey(review.status()), deadline.agreementTitle());
            event.setSummary(summary);
            String link = options.linkBase() == null ? null
                    : options.linkBase() + "/ui/agreements/" + deadline.agreementId();
            event.setDescription(description(deadline, window, texts, link));
            event.addCategories(texts.get("status." + review.status().name()), texts.kind(review.kind()));
            event.setTransparency(true);
            if (link != null) {
                event.setUrl(link);
            }
            if (review.completedOn() != null) {
                event.setStatus(Status.confirmed());
            } else if (link != null && review.status() != ReviewStatus.OVERDUE) {
                for (int days : ALARM_DAYS) {
                    VAlarm alarm = new VAlarm(Action.display(), new Trigger(
                            Duration.builder().prior(true).days(days).build(), Related.START));
                    alarm.setDescription(texts.get("calendar.alarm", days, deadline.agreementTitle()));
                    event.addAlarm(alarm);
                }
            }
            calendar.addEvent(event);
        }
        return Biweekly.write(calendar).version(ICalVersion.V2_0).go();
    }

    /**
     * An entity tag for a written calendar: a hash of everything but its DTSTAMP lines (the time of writing), so the
     * tag changes only when what a calendar shows changes (a review, a status as of today, the language).
     */
    public static String etag(String calendar) {
        String content = calendar.lines().filter(line -> !line.startsWith("DTSTAMP:"))
                .collect(Collectors.joining("\n"));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String summaryKey(ReviewStatus status) {
        return switch (status) {
            case OVERDUE -> "calendar.summary.overdue";
            case COMPLETED_ON_TIME, COMPLETED_LATE -> "calendar.summary.completed";
            default -> "calendar.summary.due";
        };
    }

    private static String description(ReviewDeadline deadline, DateWindow window, Texts texts, String link) {
        ReviewView review = deadline.review();
        StringBuilder text = new StringBuilder()
                .append(texts.get("calendar.agreement")).append(": ").append(deadline.agreementTitle())
                .append(" (").append(deadline.agreementId()).append(")\n")
                .append(texts.get("calendar.review")).append(": ").append(texts.kind(review.kind())).append(", ")
                .append(texts.get("calendar.dueBy", texts.date(review.dueBy())));
        if (!window.contains(review.dueBy())) {
            text.append(' ').append(texts.get("calendar.outsideWindow", texts.date(window.earliest()),
                    texts.date(window.latest()), texts.date(window.clamp(review.dueBy()))));
        }
        text.append('\n')
                .append(texts.get("review.body")).append(": ").append(review.responsibleBody()).append('\n')
                .append(texts.get("review.status")).append(": ").append(texts.get("status." + review.status().name()))
                .append('\n');
        if (review.reason() != null) {
            text.append(texts.get("review.reason")).append(": ").append(review.reason()).append('\n');
        }
        if (review.completedOn() != null) {
            text.append(texts.get("calendar.completed", texts.date(review.completedOn()),
                    review.outcome() == null ? "" : texts.get("calendar.outcome." + review.outcome().name())));
            if (review.minutesReference() != null) {
                text.append(", ").append(review.minutesReference());
            }
            text.append('\n');
        }
        text.append(texts.get("calendar.parties")).append(": ")
                .append(deadline.parties().stream().map(p -> p.name()).collect(Collectors.joining(", ")));
        if (link != null) {
            text.append('\n').append(link);
        }
        return text.toString();
    }

    /** An all-day date: biweekly writes it in the JVM's zone, so it is built in that zone too. */
    private static Date date(LocalDate day) {
        return Date.from(day.atStartOfDay(ZoneId.systemDefault()).toInstant());
    }

    /** The texts of one language. */
    private record Texts(MessageSource messages, Locale locale) {

        String get(String key, Object... args) {
            return messages.getMessage(key, args, key, locale);
        }

        String kind(String kind) {
            return kind == null ? "" : messages.getMessage("reviewKind." + kind, null, kind, locale);
        }

        /** Finnish and Swedish write 31.5.2029; English the ISO date. */
        String date(LocalDate date) {
            return date == null ? "" : "en".equals(locale.getLanguage()) ? date.toString() : NORDIC_DATE.format(date);
        }
    }
}
