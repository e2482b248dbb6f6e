package fi.agreementregistry.api.rest.parties;

import fi.agreementregistry.api.application.InvalidFieldException;
import fi.agreementregistry.api.application.PartyScope;
import fi.agreementregistry.core.party.Party;
import fi.agreementregistry.core.party.PartyDirectory;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.core.party.PartyKind;
import fi.agreementregistry.projections.party.PartyPortfolio;
import fi.agreementregistry.projections.party.PortfolioCounts;
import fi.agreementregistry.projections.party.PortfolioEntry;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** The party directory: municipalities, wellbeing services counties and regional councils. */
@RestController
@RequestMapping("/api/parties")
public class PartyController {

    private final PartyDirectory directory;
    private final PartyPortfolios portfolios;
    private final PartyScope partyScope;

    public PartyController(PartyDirectory directory, PartyPortfolios portfolios, PartyScope partyScope) {
        this.directory = directory;
        this.portfolios = portfolios;
        this.partyScope = partyScope;
    }

    /**
     * @param kind   MUNICIPALITY, WELFARE_AREA or REGIONAL_COUNCIL (or the id prefix: municipality, welfare-area...)
     * @param region a region's code (05) or Finnish name (Kanta-Häme)
     */
    @GetMapping
    public List<Party> list(@RequestParam(required = false) String kind, @RequestParam(required = false) String region) {
        Predicate<Party> filter = party -> true;
        if (kind != null && !kind.isBlank()) {
            PartyKind wanted = kind(kind.trim());
            filter = filter.and(party -> party.kind() == wanted);
        }
        if (region != null && !region.isBlank()) {
            String wanted = region.trim();
            filter = filter.and(party -> wanted.equals(party.regionCode())
                    || wanted.equalsIgnoreCase(party.regionName()));
        }
        return directory.all().stream().filter(filter).toList();
    }

    /**
     * The party with counts of its agreements and pending actions. A clerk asking about another party gets the
     * counts over the agreements they may read (those both parties belong to): counting the others would tell
     * that agreements exist which the clerk gets 404 on.
     */
    @GetMapping("/{partyId}")
    public PartyDetails get(@PathVariable String partyId) {
        Party party = portfolios.knownParty(partyId);
        PartyPortfolio portfolio = portfolios.portfolio(party.id(), null);
        PartyId own = partyScope.ownPartyOr(null);
        if (own == null || own.equals(party.id())) {
            return PartyDetails.of(party, portfolio.counts());
        }
        Set<String> readable = portfolios.portfolio(own, null).agreements().stream()
                .map(PortfolioEntry::agreementId).collect(Collectors.toSet());
        return PartyDetails.of(party, PortfolioCounts.of(portfolio.agreements().stream()
                .filter(entry -> readable.contains(entry.agreementId())).toList()));
    }

    private static PartyKind kind(String value) {
        for (PartyKind kind : PartyKind.values()) {
            if (kind.name().equalsIgnoreCase(value) || kind.idPrefix().equalsIgnoreCase(value)) {
                return kind;
            }
        }
        throw new InvalidFieldException("kind", "'" + value + "' is not a party kind; use one of "
                + Arrays.toString(PartyKind.values()).toUpperCase(Locale.ROOT));
    }
}
