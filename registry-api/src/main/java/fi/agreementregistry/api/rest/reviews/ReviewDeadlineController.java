package fi.agreementregistry.api.rest.reviews;

import fi.agreementregistry.api.export.ReviewCalendar;

import fi.agreementregistry.api.application.DateWindow;
import fi.agreementregistry.api.application.NegotiationReads;
import fi.agreementregistry.api.application.ReviewReads;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.projections.agreement.ReviewStatus;
import fi.agreementregistry.projections.review.ReviewDeadlines;
import fi.agreementregistry.api.application.CalendarFeeds;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Locale;

/**
 * The review deadlines of every agreement, with a status as of today (or {@code asOf}), as JSON or as an
 * iCalendar feed that a committee subscribes to once in Outlook or Google Calendar.
 */
@ConditionalOnWebApplication
@RestController
public class ReviewDeadlineController {

    static final MediaType TEXT_CALENDAR = new MediaType("text", "calendar", StandardCharsets.UTF_8);

    private final ReviewReads reviews;
    private final NegotiationReads negotiations;
    private final Clock clock;
    private final DateWindow dates;

    private final MessageSource messages;

    public ReviewDeadlineController(ReviewReads reviews, NegotiationReads negotiations, Clock clock, DateWindow dates,
                                    MessageSource messages) {
        this.reviews = reviews;
        this.negotiations = negotiations;
        this.messages = messages;
        this.clock = clock;
        this.dates = dates;
    }

    /**
     * One page of the reviews (see {@link ReviewReads#reviews}): {@code limit} (default 100, at most 1,000) and the
     * previous page's {@code nextCursor} as {@code cursor}.
     */
    @GetMapping("/api/reviews")
    public ReviewDeadlines reviews(@RequestParam(required = false) ReviewStatus status,
                                   @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate dueBefore,
                                   @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate dueAfter,
                                   @RequestParam(required = false) String responsibleBody,
                                   @RequestParam(required = false) PartyId party,
                                   @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
                                   @RequestParam(required = false) Integer limit,
                                   @RequestParam(required = false) String cursor) {
        return reviews.reviews(status, dueBefore, dueAfter, responsibleBody, party, asOf, limit, cursor);
    }

    /**
     * The same reviews (same filters, all of them) as an iCalendar file: one all-day event per review on its due date,
     * in English or, by {@code Accept-Language}, Finnish or Swedish. It needs a sign-in; a calendar app subscribes to
     * a feed of {@code /api/calendar-feeds} instead. Beside the reviews, the statutory negotiations due and the open
     * measures ({@link NegotiationReads#deadlines}: the same party, due dates and day), unless {@code status} or
     * {@code responsibleBody}, which only reviews have, asks for some reviews only.
     */
    @GetMapping("/api/reviews.ics")
    public ResponseEntity<String> calendar(@RequestParam(required = false) ReviewStatus status,
                                           @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate dueBefore,
                                           @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate dueAfter,
                                           @RequestParam(required = false) String responsibleBody,
                                           @RequestParam(required = false) PartyId party,
                                           @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
                                           @RequestHeader(value = HttpHeaders.ACCEPT_LANGUAGE, required = false) String acceptLanguage) {
        ReviewDeadlines deadlines = reviews.allReviews(status, dueBefore, dueAfter, responsibleBody, party, asOf);
        NegotiationReads.Deadlines due = status != null || responsibleBody != null && !responsibleBody.isBlank()
                ? NegotiationReads.Deadlines.NONE : negotiations.deadlines(party, dueAfter, dueBefore, asOf);
        String language = acceptLanguage == null ? "en" : LocaleContextHolder.getLocale().getLanguage();
        Locale locale = Locale.forLanguageTag(CalendarFeeds.LANGUAGES.contains(language) ? language : "en");
        return ResponseEntity.ok().contentType(TEXT_CALENDAR)
                .body(ReviewCalendar.write(deadlines, due, clock.instant(), dates, messages,
                        new ReviewCalendar.Options(locale, null)));
    }
}
