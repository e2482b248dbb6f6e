package fi.agreementregistry.api.web;

import fi.agreementregistry.api.application.CalendarFeeds;
import fi.agreementregistry.api.application.DateWindow;
import fi.agreementregistry.api.application.NegotiationReads;
import fi.agreementregistry.api.application.Refusal;
import fi.agreementregistry.api.application.requests.CalendarFeedRequest;
import jakarta.validation.Validator;
import org.springframework.context.MessageSource;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import fi.agreementregistry.api.application.PartyReads;
import fi.agreementregistry.api.application.ReviewReads;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.projections.agreement.ReviewStatus;
import fi.agreementregistry.projections.negotiation.NegotiationQueries;
import fi.agreementregistry.projections.review.ReviewDeadline;
import fi.agreementregistry.projections.review.ReviewDeadlines;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Review deadlines for the integration committee: overdue, due soon and upcoming as of today or a chosen day,
 * filtered by responsible body and party, a page of each group with a link to its next, the coming year as a picture,
 * and the user's calendar subscriptions ({@link CalendarFeeds}): a form that makes one and shows its address once.
 * Beside the reviews, the statutory negotiations each county has still to hold ({@link
 * NegotiationReads#negotiationsDue}, the next first) and, with the overdue reviews, the overdue measures agreed in
 * negotiations, both as the reader may see them and of the chosen party (not on the page of one responsible body's
 * reviews), linking to the county's page.
 */
@ConditionalOnWebApplication
@Controller
class DeadlinesPageController {

    private final ReviewReads deadlines;
    private final NegotiationReads negotiations;
    private final PartyReads parties;
    private final DateWindow dates;
    private final CalendarFeeds feeds;
    private final Validator validator;
    private final MessageSource messages;

    DeadlinesPageController(ReviewReads deadlines, NegotiationReads negotiations, PartyReads parties, DateWindow dates,
                            CalendarFeeds feeds, Validator validator, MessageSource messages) {
        this.deadlines = deadlines;
        this.negotiations = negotiations;
        this.parties = parties;
        this.dates = dates;
        this.feeds = feeds;
        this.validator = validator;
        this.messages = messages;
    }

    /** Reviews per group on the page; a group with more has a link to its next page. */
    static final int GROUP_PAGE = 50;
    /** Reviews the picture of the coming year draws at most. */
    static final int YEAR_LIMIT = 1_000;
    private static final List<ReviewStatus> GROUPS = List.of(ReviewStatus.OVERDUE, ReviewStatus.DUE_SOON,
            ReviewStatus.UPCOMING);

    /**
     * @param status with {@code cursor}: one group's next page, shown alone
     */
    @GetMapping("/ui/deadlines")
    String deadlines(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
                     @RequestParam(required = false) String responsibleBody,
                     @RequestParam(name = "party", required = false) String partyParam,
                     @RequestParam(required = false) ReviewStatus status,
                     @RequestParam(required = false) String cursor,
                     HttpServletRequest request, Model model) {
        PartyId party = UiParams.partyId(partyParam);
        String body = responsibleBody == null || responsibleBody.isBlank() ? null : responsibleBody.strip();
        ReviewStatus shown = status != null && GROUPS.contains(status) ? status : null;
        Map<String, Group> groups = new LinkedHashMap<>();
        LocalDate day = null;
        for (ReviewStatus group : GROUPS) {
            if (shown != null && shown != group) {
                continue;
            }
            ReviewDeadlines page = deadlines.reviews(group, null, null, body, party, asOf, GROUP_PAGE,
                    group == shown ? cursor : null);
            day = page.asOf();
            String more = page.nextCursor() == null ? null : pageUrl(request, asOf, body, party)
                    .queryParam("status", group.name())
                    .queryParam("cursor", page.nextCursor())
                    .build().encode().toUriString();
            groups.put(group.name(), new Group(page.reviews(), more));
        }
        model.addAttribute("asOf", day);
        model.addAttribute("asOfChosen", asOf);
        model.addAttribute("responsibleBody", body);
        model.addAttribute("party", party == null ? null : party.value());
        model.addAttribute("groups", groups);
        model.addAttribute("allGroupsUrl", shown == null ? null
                : pageUrl(request, asOf, body, party).build().encode().toUriString());
        // Negotiations and measures have no responsible body: the page of one body's reviews leaves them out.
        if (shown == null && body == null) {
            model.addAttribute("negotiationsDue", negotiations.negotiationsDue(party, asOf));
        }
        if (groups.containsKey(ReviewStatus.OVERDUE.name()) && body == null) {
            model.addAttribute("overdueMeasures", negotiations.measures(party, null, null, asOf).stream()
                    .filter(NegotiationQueries.MeasureEntry::overdue).toList());
        }
        if (shown == null) {
            // The coming twelve months from the first of this month, and the overdue reviews pinned at its start.
            LocalDate start = day.withDayOfMonth(1);
            ReviewDeadlines year = deadlines.reviews(null, dates.clamp(start.plusMonths(12).minusDays(1)),
                    dates.clamp(start), body, party, asOf, YEAR_LIMIT, null);
            List<ReviewDeadline> drawn = new ArrayList<>(groups.get(ReviewStatus.OVERDUE.name()).reviews());
            year.reviews().stream().filter(r -> r.review().status() != ReviewStatus.OVERDUE).forEach(drawn::add);
            model.addAttribute("year", Timeline.ofYear(drawn, day));
            model.addAttribute("yearCut", year.nextCursor() != null);
        }
        model.addAttribute("bodies", new TreeSet<>(deadlines.responsibleBodies()));
        model.addAttribute("parties", parties.parties(null, null).stream()
                .map(p -> new Choice(p.id().value(), p.name())).sorted(Comparator.comparing(Choice::label)).toList());
        model.addAttribute("feeds", feeds.mine());
        return "ui/deadlines";
    }

    /**
     * Makes a calendar subscription of the reviews the page shows (its responsible body and party filters) and comes
     * back to the page, which shows the new address once ({@code newFeed}); a refusal comes back as {@code feedError}.
     */
    @PostMapping("/ui/deadlines/calendar-feeds")
    String subscribe(@RequestParam(required = false) String name,
                     @RequestParam(required = false) String responsibleBody,
                     @RequestParam(name = "party", required = false) String party,
                     HttpServletRequest request, RedirectAttributes redirect, Locale locale) {
        String label = name == null || name.isBlank() ? messages.getMessage("feeds.defaultName", null, locale) : name;
        CalendarFeedRequest feed = new CalendarFeedRequest(label, blankToNull(responsibleBody), blankToNull(party),
                locale.getLanguage());
        String error = validator.validate(feed).stream()
                .map(violation -> violation.getPropertyPath() + ": " + violation.getMessage()).findFirst().orElse(null);
        if (error == null) {
            try {
                redirect.addFlashAttribute("newFeed", feeds.create(feed,
                        ServletUriComponentsBuilder.fromContextPath(request).build().toUriString(), locale));
            } catch (RuntimeException e) {
                error = Refusal.of(e, null).orElseThrow(() -> e).cause().getMessage();
            }
        }
        if (error != null) {
            redirect.addFlashAttribute("feedError", error);
        }
        return "redirect:" + ServletUriComponentsBuilder.fromContextPath(request).path("/ui/deadlines")
                .queryParamIfPresent("responsibleBody", Optional.ofNullable(blankToNull(responsibleBody)))
                .queryParamIfPresent("party", Optional.ofNullable(blankToNull(party)))
                .fragment("feeds").build().encode().toUriString();
    }

    /** Removes one of the user's subscriptions; its address answers 404 from then on. */
    @PostMapping("/ui/deadlines/calendar-feeds/{id}/revoke")
    String revoke(@PathVariable String id, RedirectAttributes redirect) {
        feeds.revoke(id);
        redirect.addFlashAttribute("feedRevoked", true);
        return "redirect:/ui/deadlines#feeds";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static org.springframework.web.util.UriComponentsBuilder pageUrl(HttpServletRequest request, LocalDate asOf,
                                                                          String body, PartyId party) {
        return ServletUriComponentsBuilder.fromContextPath(request).path("/ui/deadlines")
                .queryParamIfPresent("asOf", Optional.ofNullable(asOf))
                .queryParamIfPresent("responsibleBody", Optional.ofNullable(body))
                .queryParamIfPresent("party", Optional.ofNullable(party).map(PartyId::value));
    }

    /** One status's reviews on the page, and the address of its next page (null: none). */
    record Group(List<ReviewDeadline> reviews, String more) {
    }

    record Choice(String value, String label) {
    }

}
