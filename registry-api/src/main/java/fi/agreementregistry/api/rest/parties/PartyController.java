package fi.agreementregistry.api.rest.parties;

import fi.agreementregistry.api.application.PartyDetails;
import fi.agreementregistry.api.application.PartyReads;
import fi.agreementregistry.core.party.Party;
import fi.agreementregistry.projections.negotiation.NegotiationQueries;
import fi.agreementregistry.projections.party.PartyPortfolio;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.LocalDate;
import java.util.List;

/** The party directory, a party with its counts, and its portfolio of agreements and measures ({@link PartyReads}). */
@ConditionalOnWebApplication
@RestController
@RequestMapping("/api/parties")
public class PartyController {

    private final PartyReads parties;

    public PartyController(PartyReads parties) {
        this.parties = parties;
    }

    /**
     * @param kind   MUNICIPALITY, WELFARE_AREA or REGIONAL_COUNCIL (or the id prefix: municipality, welfare-area...)
     * @param region a region's code (05) or Finnish name (Kanta-Häme)
     */
    @GetMapping
    public List<Party> list(@RequestParam(required = false) String kind, @RequestParam(required = false) String region) {
        return parties.parties(kind, region);
    }

    @GetMapping("/{partyId}")
    public PartyDetails get(@PathVariable String partyId) {
        return parties.party(partyId);
    }

    /**
     * One page of the party's agreements by title, with the counts over all of them and their {@code total}.
     *
     * @param asOf   the day reviews are due for; default today
     * @param limit  agreements on the page, 1 to 1,000; default 100
     * @param cursor the previous page's {@code nextCursor}
     */
    @GetMapping("/{partyId}/agreements")
    public PartyPortfolio agreements(@PathVariable String partyId,
                                     @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
                                     @RequestParam(required = false) Integer limit,
                                     @RequestParam(required = false) String cursor) {
        return parties.portfolio(partyId, asOf, limit, cursor);
    }

    /**
     * The measures agreed in statutory negotiations that the party is responsible for, by due date, each with its
     * status as of {@code asOf} (default today) and {@code overdue}: the party's portfolio of measures.
     */
    @GetMapping("/{partyId}/measures")
    public List<NegotiationQueries.MeasureEntry> measures(@PathVariable String partyId,
                                                          @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf) {
        return parties.measures(partyId, asOf);
    }
}
