package fi.agreementregistry.api.rest.reviews;

import fi.agreementregistry.api.accesslog.AccessLogFilter;
import fi.agreementregistry.api.application.CalendarFeeds;
import fi.agreementregistry.api.application.DateWindow;
import fi.agreementregistry.api.application.NotFoundException;
import fi.agreementregistry.api.application.requests.CalendarFeedRequest;
import fi.agreementregistry.api.export.ReviewCalendar;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

/**
 * Calendar subscriptions ({@link CalendarFeeds}): made, listed and revoked by a signed-in reader under
 * {@code /api/calendar-feeds}, and read by a calendar app without a sign-in at {@code /calendar/{token}.ics}.
 */
@ConditionalOnWebApplication
@RestController
public class CalendarFeedController {

    private final CalendarFeeds feeds;
    private final MessageSource messages;
    private final DateWindow dates;
    private final Clock clock;

    public CalendarFeedController(CalendarFeeds feeds, MessageSource messages, DateWindow dates, Clock clock) {
        this.feeds = feeds;
        this.messages = messages;
        this.dates = dates;
        this.clock = clock;
    }

    /** Makes a feed; the answer holds its address, the only time the registry shows it. */
    @PostMapping("/api/calendar-feeds")
    public ResponseEntity<CalendarFeeds.Feed> create(@Valid @RequestBody CalendarFeedRequest body,
                                                     @RequestHeader(value = HttpHeaders.ACCEPT_LANGUAGE, required = false) String acceptLanguage) {
        // Without a language in the body or an Accept-Language header, the feed is in Finnish.
        CalendarFeeds.Feed feed = feeds.create(body, ServletUriComponentsBuilder.fromCurrentContextPath().build()
                .toUriString(), acceptLanguage == null ? null : LocaleContextHolder.getLocale());
        return ResponseEntity.created(URI.create("/api/calendar-feeds/" + feed.id()))
                .cacheControl(CacheControl.noStore()).body(feed);
    }

    /** The caller's feeds, without their addresses. */
    @GetMapping("/api/calendar-feeds")
    public List<CalendarFeeds.Feed> mine() {
        return feeds.mine();
    }

    @DeleteMapping("/api/calendar-feeds/{id}")
    public ResponseEntity<Void> revoke(@PathVariable String id) {
        feeds.revoke(id);
        return ResponseEntity.noContent().build();
    }

    /**
     * The feed's reviews as iCalendar, read with its owner's rights. {@code If-None-Match} with the last {@code ETag}
     * answers 304 without a body while nothing the calendar shows has changed.
     */
    @GetMapping("/calendar/{token}.ics")
    public ResponseEntity<String> calendar(@PathVariable String token,
                                           @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
                                           HttpServletRequest request) {
        request.setAttribute(AccessLogFilter.TARGET, "calendar-feed:unknown");
        CalendarFeeds.FeedCalendar feed = feeds.calendar(token).orElseThrow(() -> new NotFoundException(
                "No calendar feed has this address: it was never made, or it was removed, or its owner may no longer "
                        + "read reviews."));
        request.setAttribute(AccessLogFilter.TARGET, "calendar-feed:" + feed.feedId());
        request.setAttribute(AccessLogFilter.READ_FOR, feed.owner());
        String calendar = ReviewCalendar.write(feed.reviews(), feed.negotiations(), clock.instant(), dates, messages,
                new ReviewCalendar.Options(Locale.forLanguageTag(feed.language()), feed.baseUrl()));
        String etag = ReviewCalendar.etag(calendar);
        CacheControl cache = CacheControl.noCache().cachePrivate();
        if (ifNoneMatch != null && List.of(ifNoneMatch.split(",")).stream().map(String::strip)
                .anyMatch(tag -> tag.equals(etag) || tag.equals("W/" + etag) || tag.equals("*"))) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).cacheControl(cache).build();
        }
        return ResponseEntity.ok().contentType(ReviewDeadlineController.TEXT_CALENDAR).eTag(etag).cacheControl(cache)
                .body(calendar);
    }
}
