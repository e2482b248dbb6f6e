package fi.agreementregistry.api.rest.parties;

import fi.agreementregistry.api.application.NotFoundException;
import fi.agreementregistry.core.InvalidValueException;
import fi.agreementregistry.core.party.Party;
import fi.agreementregistry.core.party.PartyDirectory;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.projections.party.FindPartyPortfolio;
import fi.agreementregistry.projections.party.PartyPortfolio;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.time.LocalDate;

/** Finds a party in the directory (404 when unknown) and asks for its portfolio; shared by the party controllers. */
@Component
class PartyPortfolios {

    private final PartyDirectory directory;
    private final QueryGateway queryGateway;

    PartyPortfolios(PartyDirectory directory, QueryGateway queryGateway) {
        this.directory = directory;
        this.queryGateway = queryGateway;
    }

    Party knownParty(String partyId) {
        try {
            return directory.find(PartyId.of(partyId))
                    .orElseThrow(() -> new NotFoundException("There is no party " + partyId + " in the directory."));
        } catch (InvalidValueException e) {
            throw new NotFoundException("There is no party " + partyId + ": " + e.getMessage());
        }
    }

    PartyPortfolio portfolio(PartyId party, LocalDate asOf) {
        return queryGateway.query(new FindPartyPortfolio(party, asOf), ResponseTypes.instanceOf(PartyPortfolio.class))
                .join();
    }
}
