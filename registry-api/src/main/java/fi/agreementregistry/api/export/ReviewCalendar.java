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
import fi.agreementregistry.api.application.Compliance;
import fi.agreementregistry.api.application.DateWindow;
import fi.agreementregistry.api.application.NegotiationReads;
import fi.agreementregistry.core.negotiation.LegalBasis;
import fi.agreementregistry.projections.agreement.ReviewStatus;
import fi.agreementregistry.projections.agreement.ReviewView;
import fi.agreementregistry.projections.negotiation.MeasureView;
import fi.agreementregistry.projections.negotiation.NegotiationQueries;
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
import java.util.function.IntFunction;
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
 * Beside the reviews, the statutory negotiations due ({@code statutory-negotiation/<county>/<611|612>/<period
 * start>} on the period's last day) and the measures still open ({@code measure/<negotiation>/<measure>} on their due
 * date), linking to the county's page, with the same reminders while they are still to come.
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

    public static String write(ReviewDeadlines deadlines, NegotiationReads.Deadlines negotiations, Instant now,
                               DateWindow window, MessageSource messages, Options options) {
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
            String link = options.linkBase() == null ? null
                    : options.linkBase() + "/ui/agreements/" + deadline.agreementId();
            VEvent event = allDay(deadline.agreementId() + "/" + review.reviewId(), window.clamp(review.dueBy()), now,
                    texts.get(summaryKey(review.status()), deadline.agreementTitle()),
                    description(deadline, window, texts, link), link,
                    texts.get("status." + review.status().name()), texts.kind(review.kind()));
            if (review.completedOn() != null) {
                event.setStatus(Status.confirmed());
            } else if (review.status() != ReviewStatus.OVERDUE) {
                remind(event, link, days -> texts.get("calendar.alarm", days, deadline.agreementTitle()));
            }
            calendar.addEvent(event);
        }
        for (Compliance.NextDue due : negotiations.negotiations()) {
            calendar.addEvent(negotiation(due, now, window, texts, options));
        }
        for (NegotiationQueries.MeasureEntry measure : negotiations.measures()) {
            calendar.addEvent(measure(measure, now, window, texts, options));
        }
        return Biweekly.write(calendar).version(ICalVersion.V2_0).go();
    }

    /**
     * A statutory negotiation due: on the last day of the period it is due in, which is the day by which it must be
     * held (for an overdue one the day already past, as for an overdue review). One UID per county, duty and period,
     * so the event stays the same one when it turns overdue, and leaves the calendar when the negotiation is held.
     */
    private static VEvent negotiation(Compliance.NextDue due, Instant now, DateWindow window, Texts texts,
                                      Options options) {
        LegalBasis basis = LegalBasis.parse(due.duty());
        String duty = texts.get("county.duty" + basis.act());
        boolean overdue = due.status() == Compliance.DutyStatus.OVERDUE;
        String link = options.linkBase() == null ? null : options.linkBase() + "/ui/counties/" + due.welfareArea();
        String status = texts.get("county.status." + due.status().name());
        StringBuilder text = new StringBuilder()
                .append(texts.get("calendar.welfareArea")).append(": ").append(due.welfareAreaName()).append('\n')
                .append(texts.get("calendar.negotiation")).append(": ").append(duty).append(", ")
                .append(dueBy(due.dueBy(), window, texts)).append('\n')
                .append(texts.get("calendar.period", texts.date(due.periodStart()), texts.date(due.dueBy()))).append('\n')
                .append(texts.get("review.status")).append(": ").append(status).append('\n')
                .append(texts.get("calendar.outstanding", due.municipalitiesOutstanding().size(),
                        String.join(", ", due.municipalitiesOutstandingNames())));
        appendLink(text, link);
        VEvent event = allDay("statutory-negotiation/" + due.welfareArea() + "/" + basis.act() + "/"
                        + due.periodStart(), window.clamp(due.dueBy()), now,
                texts.get(overdue ? "calendar.negotiation.summary.overdue" : "calendar.negotiation.summary.due",
                        due.welfareAreaName(), duty), text.toString(), link,
                status, texts.get("calendar.negotiation"));
        if (!overdue) {
            remind(event, link, days -> texts.get("calendar.negotiation.alarm", days, due.welfareAreaName(), duty));
        }
        return event;
    }

    /** An open measure agreed in a statutory negotiation: on its due date. */
    private static VEvent measure(NegotiationQueries.MeasureEntry entry, Instant now, DateWindow window, Texts texts,
                                  Options options) {
        MeasureView measure = entry.measure();
        String link = options.linkBase() == null ? null : options.linkBase() + "/ui/counties/" + entry.welfareAreaId();
        String status = texts.get("measure.status." + entry.statusAsOf().name());
        StringBuilder text = new StringBuilder()
                .append(texts.get("county.measure")).append(": ").append(measure.text()).append('\n')
                .append(dueBy(measure.dueBy(), window, texts)).append('\n')
                .append(texts.get("calendar.responsible")).append(": ")
                .append(measure.responsible().stream().map(p -> p.name()).collect(Collectors.joining(", ")))
                .append('\n')
                .append(texts.get("review.status")).append(": ").append(status)
                .append(entry.overdue() ? " (" + texts.get("county.status.OVERDUE") + ")" : "").append('\n')
                .append(texts.get("calendar.measure.agreedIn", texts.date(entry.heldOn()), entry.welfareAreaName()));
        appendLink(text, link);
        VEvent event = allDay("measure/" + entry.negotiationId() + "/" + measure.id(), window.clamp(measure.dueBy()),
                now, texts.get(entry.overdue() ? "calendar.measure.summary.overdue" : "calendar.measure.summary.due",
                        measure.text()), text.toString(), link, status, texts.get("county.measure"));
        if (!entry.overdue()) {
            remind(event, link, days -> texts.get("calendar.measure.alarm", days, measure.text()));
        }
        return event;
    }

    /** An all-day event on {@code day}, shown as free time, with its stable UID and a link back when there is one. */
    private static VEvent allDay(String uid, LocalDate day, Instant now, String summary, String description,
                                 String link, String... categories) {
        VEvent event = new VEvent();
        event.setUid(uid + "@agreement-registry");
        event.setDateTimeStamp(Date.from(now));
        event.setDateStart(new ICalDate(date(day), false));
        event.setDateEnd(new ICalDate(date(day.plusDays(1)), false));
        event.setSummary(summary);
        event.setDescription(description);
        event.addCategories(categories);
        event.setTransparency(true);
        if (link != null) {
            event.setUrl(link);
        }
        return event;
    }

    /** Reminders {@link #ALARM_DAYS} before a deadline still to come, in calendars that link back (feeds). */
    private static void remind(VEvent event, String link, IntFunction<String> text) {
        if (link == null) {
            return;
        }
        for (int days : ALARM_DAYS) {
            VAlarm alarm = new VAlarm(Action.display(), new Trigger(
                    Duration.builder().prior(true).days(days).build(), Related.START));
            alarm.setDescription(text.apply(days));
            event.addAlarm(alarm);
        }
    }

    /** "due 31.5.2029", with a note when the stored date is outside the window and the event is on its end. */
    private static String dueBy(LocalDate dueBy, DateWindow window, Texts texts) {
        String text = texts.get("calendar.dueBy", texts.date(dueBy));
        if (!window.contains(dueBy)) {
            text += " " + texts.get("calendar.outsideWindow", texts.date(window.earliest()),
                    texts.date(window.latest()), texts.date(window.clamp(dueBy)));
        }
        return text;
    }

    private static void appendLink(StringBuilder text, String link) {
        if (link != null) {
            text.append('\n').append(link);
        }
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
                .append(dueBy(review.dueBy(), window, texts)).append('\n')
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
        appendLink(text, link);
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
