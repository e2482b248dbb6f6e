package fi.agreementregistry.api.web;

import fi.agreementregistry.api.application.DateWindow;
import fi.agreementregistry.api.application.PartyReads;
import fi.agreementregistry.api.application.ReviewReads;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.projections.agreement.ReviewStatus;
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
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Review deadlines for the integration committee: overdue, due soon and upcoming as of today or a chosen day,
 * filtered by responsible body and party, a page of each group with a link to its next, the coming year as a picture,
 * and the .ics subscription address.
 */
@ConditionalOnWebApplication
@Controller
class DeadlinesPageController {

    private final ReviewReads deadlines;
    private final PartyReads parties;
    private final DateWindow dates;

    DeadlinesPageController(ReviewReads deadlines, PartyReads parties, DateWindow dates) {
        this.deadlines = deadlines;
        this.parties = parties;
        this.dates = dates;
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
        model.addAttribute("icsUrl", ServletUriComponentsBuilder.fromContextPath(request).path("/api/reviews.ics")
                .queryParamIfPresent("responsibleBody", Optional.ofNullable(body))
                .queryParamIfPresent("party", Optional.ofNullable(party).map(PartyId::value))
                .build().encode().toUriString());
        return "ui/deadlines";
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
