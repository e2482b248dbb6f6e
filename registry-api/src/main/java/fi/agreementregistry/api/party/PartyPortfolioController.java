package fi.agreementregistry.api.party;

import fi.agreementregistry.api.problem.NotFoundException;
import fi.agreementregistry.core.InvalidValueException;
import fi.agreementregistry.core.party.Party;
import fi.agreementregistry.core.party.PartyDirectory;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.projections.party.FindPartyPortfolio;
import fi.agreementregistry.projections.party.PartyPortfolio;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.LocalDate;

/** A party's agreements: status, what waits for the party's action, and the next review. */
@RestController
public class PartyPortfolioController {

    private final PartyDirectory directory;
    private final QueryGateway queryGateway;

    public PartyPortfolioController(PartyDirectory directory, QueryGateway queryGateway) {
        this.directory = directory;
        this.queryGateway = queryGateway;
    }

    /** @param asOf the day reviews are due for; default today */
    @GetMapping("/api/parties/{partyId}/agreements")
    public PartyPortfolio agreements(@PathVariable String partyId,
                                     @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf) {
        return portfolio(knownParty(partyId).id(), asOf);
    }

    PartyPortfolio portfolio(PartyId party, LocalDate asOf) {
        return queryGateway.query(new FindPartyPortfolio(party, asOf), ResponseTypes.instanceOf(PartyPortfolio.class))
                .join();
    }

    Party knownParty(String partyId) {
        try {
            return directory.find(PartyId.of(partyId))
                    .orElseThrow(() -> new NotFoundException("There is no party " + partyId + " in the directory."));
        } catch (InvalidValueException e) {
            throw new NotFoundException("There is no party " + partyId + ": " + e.getMessage());
        }
    }
}
