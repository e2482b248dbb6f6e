package fi.agreementregistry.api.rest.reviews;

import fi.agreementregistry.api.application.DateWindow;
import fi.agreementregistry.api.application.PartyScope;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.projections.agreement.ReviewStatus;
import fi.agreementregistry.projections.review.FindReviews;
import fi.agreementregistry.projections.review.ReviewDeadlines;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
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
@RestController
public class ReviewDeadlineController {

    static final MediaType TEXT_CALENDAR = new MediaType("text", "calendar", StandardCharsets.UTF_8);

    private final QueryGateway queryGateway;
    private final Clock clock;
    private final PartyScope partyScope;
    private final DateWindow dates;

    public ReviewDeadlineController(QueryGateway queryGateway, Clock clock, PartyScope partyScope, DateWindow dates) {
        this.queryGateway = queryGateway;
        this.clock = clock;
        this.partyScope = partyScope;
        this.dates = dates;
    }

    /**
     * @param status          UPCOMING, DUE_SOON, OVERDUE, COMPLETED_ON_TIME or COMPLETED_LATE
     * @param dueBefore       due on or before this date
     * @param dueAfter        due on or after this date
     * @param responsibleBody e.g. Integraatiovaliokunta (any case)
     * @param party           reviews of agreements this party belongs to
     * @param asOf            the day the statuses are computed for; default today
     */
    @GetMapping("/api/reviews")
    public ReviewDeadlines reviews(@RequestParam(required = false) ReviewStatus status,
                                   @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate dueBefore,
                                   @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate dueAfter,
                                   @RequestParam(required = false) String responsibleBody,
                                   @RequestParam(required = false) PartyId party,
                                   @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf) {
        dates.require("dueBefore", dueBefore);
        dates.require("dueAfter", dueAfter);
        dates.require("asOf", asOf);
        String body = responsibleBody == null || responsibleBody.isBlank() ? null : responsibleBody.strip();
        return queryGateway.query(new FindReviews(status, dueBefore, dueAfter, body, partyScope.ownPartyOr(party), asOf),
                ResponseTypes.instanceOf(ReviewDeadlines.class)).join();
    }

    /** The same reviews (same filters) as an iCalendar feed: one all-day event per review on its due date. */
    @GetMapping("/api/reviews.ics")
    public ResponseEntity<String> calendar(@RequestParam(required = false) ReviewStatus status,
                                           @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate dueBefore,
                                           @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate dueAfter,
                                           @RequestParam(required = false) String responsibleBody,
                                           @RequestParam(required = false) PartyId party,
                                           @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf) {
        ReviewDeadlines deadlines = reviews(status, dueBefore, dueAfter, responsibleBody, party, asOf);
        return ResponseEntity.ok().contentType(TEXT_CALENDAR)
                .body(ReviewCalendar.write(deadlines, clock.instant(), dates));
    }
}
