package fi.agreementregistry.api.web;

import fi.agreementregistry.api.application.Compliance;
import fi.agreementregistry.api.application.NegotiationReads;
import fi.agreementregistry.api.security.CurrentUser;
import fi.agreementregistry.api.security.RegistryUser;
import fi.agreementregistry.core.negotiation.StatutoryPeriods;
import fi.agreementregistry.core.party.Party;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.core.party.PartyRef;
import fi.agreementregistry.projections.negotiation.NegotiationQueries;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A county's statutory negotiations (issue 19): its municipalities × the two duties as a grid as of a day (overdue in
 * red), and the open measures of its negotiations by responsible party with their due dates. The menu's entry,
 * {@code /ui/counties}, takes a clerk to their own party's county and lists the counties for everyone else.
 */
@ConditionalOnWebApplication
@Controller
class CountyPageController {

    private final NegotiationReads negotiations;
    private final UiFormat uiFormat;

    CountyPageController(NegotiationReads negotiations, UiFormat uiFormat) {
        this.negotiations = negotiations;
        this.uiFormat = uiFormat;
    }

    @GetMapping("/ui/counties")
    String counties(Model model) {
        RegistryUser user = CurrentUser.get().orElseThrow();
        if (user.isClerk()) {
            Optional<Party> own = negotiations.countyOf(user.partyId());
            if (own.isPresent()) {
                return "redirect:/ui/counties/" + own.get().id().value();
            }
        }
        Map<String, Compliance.NextDue> next = new LinkedHashMap<>();
        negotiations.nextDue(null).forEach(due -> next.put(due.welfareArea(), due));
        model.addAttribute("counties", negotiations.counties());
        model.addAttribute("next", next);
        return "ui/counties";
    }

    @GetMapping("/ui/counties/{welfareArea}")
    String county(@PathVariable("welfareArea") String welfareAreaParam,
                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
                  Model model) {
        PartyId welfareArea = countyOrRefuse(welfareAreaParam);
        if (asOf != null && asOf.isBefore(StatutoryPeriods.FIRST_DAY)) {
            throw new PageRefusal(HttpStatus.BAD_REQUEST, "error.invalid", "county.asOfTooEarly",
                    uiFormat.date(asOf), uiFormat.date(StatutoryPeriods.FIRST_DAY));
        }
        Compliance compliance = negotiations.compliance(welfareArea, asOf);
        Map<String, ResponsibleMeasures> open = new LinkedHashMap<>();
        for (NegotiationQueries.MeasureEntry entry : negotiations.measures(null, null, null, compliance.asOf())) {
            if (!entry.welfareAreaId().equals(compliance.welfareArea()) || entry.statusAsOf().isClosed()) {
                continue;
            }
            for (PartyRef party : entry.measure().responsible()) {
                open.computeIfAbsent(party.id().value(), id -> new ResponsibleMeasures(
                                uiFormat.partyName(id, party.name()), new ArrayList<>()))
                        .measures().add(entry);
            }
        }
        model.addAttribute("compliance", compliance);
        // In the page's language where the directory has it (the title is no place for a bean reference).
        model.addAttribute("countyName", uiFormat.partyName(compliance.welfareArea(), compliance.welfareAreaName()));
        model.addAttribute("asOfChosen", asOf);
        model.addAttribute("open", open);
        return "ui/county";
    }

    /**
     * The county of the address, or a page in the reader's language saying why there is none: the City of Helsinki has
     * no duty to negotiate (as the API's compliance answers), anything else is no county.
     */
    private PartyId countyOrRefuse(String param) {
        PartyId id;
        try {
            id = UiParams.partyId(param);
        } catch (RuntimeException notAPartyId) {
            id = null;
        }
        if (id != null && NegotiationReads.isCityOfHelsinki(id)) {
            throw new PageRefusal(HttpStatus.BAD_REQUEST, "error.invalid", "county.helsinki");
        }
        PartyId chosen = id;
        if (chosen == null || negotiations.counties().stream().noneMatch(c -> c.id().equals(chosen))) {
            throw new PageRefusal(HttpStatus.BAD_REQUEST, "error.invalid", "county.unknown", param);
        }
        return chosen;
    }

    /** The open measures one party answers for, by due date. */
    record ResponsibleMeasures(String name, List<NegotiationQueries.MeasureEntry> measures) {
    }
}
