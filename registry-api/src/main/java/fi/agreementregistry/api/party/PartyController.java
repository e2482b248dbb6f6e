package fi.agreementregistry.api.party;

import fi.agreementregistry.api.problem.InvalidFieldException;
import fi.agreementregistry.core.party.Party;
import fi.agreementregistry.core.party.PartyDirectory;
import fi.agreementregistry.core.party.PartyKind;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/** The party directory: municipalities, wellbeing services counties and regional councils. */
@RestController
@RequestMapping("/api/parties")
public class PartyController {

    private final PartyDirectory directory;
    private final PartyPortfolios portfolios;

    public PartyController(PartyDirectory directory, PartyPortfolios portfolios) {
        this.directory = directory;
        this.portfolios = portfolios;
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

    /** The party with counts of its agreements and pending actions. */
    @GetMapping("/{partyId}")
    public PartyDetails get(@PathVariable String partyId) {
        Party party = portfolios.knownParty(partyId);
        return PartyDetails.of(party, portfolios.portfolio(party.id(), null).counts());
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
