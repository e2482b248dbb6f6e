package fi.agreementregistry.api.rest.parties;

import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.api.application.DateWindow;
import fi.agreementregistry.api.application.PartyScope;
import fi.agreementregistry.projections.party.PartyPortfolio;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.LocalDate;

/** A party's agreements: status, what waits for the party's action, and the next review. */
@RestController
public class PartyPortfolioController {

    private final PartyPortfolios portfolios;
    private final PartyScope partyScope;
    private final DateWindow dates;

    public PartyPortfolioController(PartyPortfolios portfolios, PartyScope partyScope, DateWindow dates) {
        this.portfolios = portfolios;
        this.partyScope = partyScope;
        this.dates = dates;
    }

    /** @param asOf the day reviews are due for; default today */
    @GetMapping("/api/parties/{partyId}/agreements")
    public PartyPortfolio agreements(@PathVariable String partyId,
                                     @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf) {
        dates.require("asOf", asOf);
        PartyId party = portfolios.knownParty(partyId).id();
        partyScope.ownPartyOr(party);
        return portfolios.portfolio(party, asOf);
    }
}
