package fi.agreementregistry.api.rest.reviews;

import fi.agreementregistry.api.export.ReviewCalendar;

import fi.agreementregistry.api.application.DateWindow;
import fi.agreementregistry.api.application.ReviewReads;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.projections.agreement.ReviewStatus;
import fi.agreementregistry.projections.review.ReviewDeadlines;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;

/**
 * The review deadlines of every agreement, with a status as of today (or {@code asOf}), as JSON or as an
 * iCalendar feed that a committee subscribes to once in Outlook or Google Calendar.
 */
@ConditionalOnWebApplication
@RestController
public class ReviewDeadlineController {

    static final MediaType TEXT_CALENDAR = new MediaType("text", "calendar", StandardCharsets.UTF_8);

    private final ReviewReads reviews;
    private final Clock clock;
    private final DateWindow dates;

    public ReviewDeadlineController(ReviewReads reviews, Clock clock, DateWindow dates) {
        this.reviews = reviews;
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

    /** The same reviews (same filters, all of them) as an iCalendar feed: one all-day event per review on its due date. */
    @GetMapping("/api/reviews.ics")
    public ResponseEntity<String> calendar(@RequestParam(required = false) ReviewStatus status,
                                           @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate dueBefore,
                                           @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate dueAfter,
                                           @RequestParam(required = false) String responsibleBody,
                                           @RequestParam(required = false) PartyId party,
                                           @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf) {
        ReviewDeadlines deadlines = reviews.allReviews(status, dueBefore, dueAfter, responsibleBody, party, asOf);
        return ResponseEntity.ok().contentType(TEXT_CALENDAR)
                .body(ReviewCalendar.write(deadlines, clock.instant(), dates));
    }
}
