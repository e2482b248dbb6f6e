package fi.agreementregistry.api.web;

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
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Review deadlines for the integration committee: overdue, due soon and upcoming as of today or a chosen day,
 * filtered by responsible body and party, the coming year as a picture, and the .ics subscription address.
 */
@ConditionalOnWebApplication
@Controller
class DeadlinesPageController {

    private final ReviewReads deadlines;
    DeadlinesPageController(ReviewReads deadlines) {
        this.deadlines = deadlines;
    }

    @GetMapping("/ui/deadlines")
    String deadlines(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
                     @RequestParam(required = false) String responsibleBody,
                     @RequestParam(name = "party", required = false) String partyParam,
                     HttpServletRequest request, Model model) {
        PartyId party = UiParams.partyId(partyParam);
        String body = responsibleBody == null || responsibleBody.isBlank() ? null : responsibleBody.strip();
        ReviewDeadlines found = deadlines.reviews(null, null, null, body, party, asOf);
        List<ReviewDeadline> reviews = found.reviews();
        model.addAttribute("asOf", found.asOf());
        model.addAttribute("asOfChosen", asOf);
        model.addAttribute("responsibleBody", body);
        model.addAttribute("party", party == null ? null : party.value());
        model.addAttribute("overdue", only(reviews, ReviewStatus.OVERDUE));
        model.addAttribute("dueSoon", only(reviews, ReviewStatus.DUE_SOON));
        model.addAttribute("upcoming", only(reviews, ReviewStatus.UPCOMING));
        model.addAttribute("year", Timeline.ofYear(reviews, found.asOf()));
        // The filter choices: every responsible body and party that has a review (of all, not only the filtered).
        ReviewDeadlines all = deadlines.reviews(null, null, null, null, null, asOf);
        model.addAttribute("bodies", new TreeSet<>(all.reviews().stream().map(r -> r.review().responsibleBody())
                .filter(Objects::nonNull).toList()));
        model.addAttribute("parties", all.reviews().stream().flatMap(r -> r.parties().stream())
                .map(p -> new Choice(p.id().value(), p.name())).distinct()
                .sorted(java.util.Comparator.comparing(Choice::label)).toList());
        model.addAttribute("icsUrl", ServletUriComponentsBuilder.fromContextPath(request).path("/api/reviews.ics")
                .queryParamIfPresent("responsibleBody", java.util.Optional.ofNullable(body))
                .queryParamIfPresent("party", java.util.Optional.ofNullable(party).map(PartyId::value))
                .build().encode().toUriString());
        return "ui/deadlines";
    }

    record Choice(String value, String label) {
    }

    private static List<ReviewDeadline> only(List<ReviewDeadline> reviews, ReviewStatus status) {
        return reviews.stream().filter(r -> r.review().status() == status).toList();
    }
}
