package fi.agreementregistry.api.application;

import fi.agreementregistry.core.InvalidValueException;
import fi.agreementregistry.core.party.Party;
import fi.agreementregistry.core.party.PartyDirectory;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.core.party.PartyKind;
import fi.agreementregistry.projections.negotiation.NegotiationQueries;
import fi.agreementregistry.projections.party.FindPartyPortfolio;
import fi.agreementregistry.projections.party.PartyPortfolio;
import fi.agreementregistry.projections.party.PortfolioCounts;
import fi.agreementregistry.projections.party.PortfolioEntry;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Service;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** The party directory and each party's portfolio, for every adapter, within the caller's party scope. */
@Service
public class PartyReads {

    private final PartyDirectory directory;
    private final QueryGateway queryGateway;
    private final PartyScope partyScope;
    private final DateWindow dates;
    private final NegotiationReads negotiations;

    public PartyReads(PartyDirectory directory, QueryGateway queryGateway, PartyScope partyScope, DateWindow dates,
                      NegotiationReads negotiations) {
        this.directory = directory;
        this.queryGateway = queryGateway;
        this.partyScope = partyScope;
        this.dates = dates;
        this.negotiations = negotiations;
    }

    /**
     * @param kind   MUNICIPALITY, WELFARE_AREA or REGIONAL_COUNCIL (or the id prefix: municipality, welfare-area...)
     * @param region a region's code (05) or Finnish name (Kanta-Häme)
     */
    public List<Party> parties(String kind, String region) {
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
     * A party's name from the directory (public knowledge, as the directory itself), in Swedish where the directory
     * has a Swedish name and the reader reads Swedish; empty for an unknown id.
     */
    public Optional<String> name(String partyId, Locale locale) {
        try {
            return directory.find(PartyId.of(partyId)).map(party -> "sv".equals(locale.getLanguage())
                    && party.nameSv() != null && !party.nameSv().isBlank() ? party.nameSv() : party.name());
        } catch (InvalidValueException e) {
            return Optional.empty();
        }
    }

    /**
     * The party with counts of its agreements and pending actions. A clerk asking about another party gets the
     * counts over the agreements they may read (those both parties belong to): counting the others would tell
     * that agreements exist which the clerk gets 404 on.
     */
    public PartyDetails party(String partyId) {
        Party party = knownParty(partyId);
        PartyPortfolio portfolio = portfolio(party.id(), null);
        PartyId own = partyScope.ownPartyOr(null);
        if (own == null || own.equals(party.id())) {
            return PartyDetails.of(party, portfolio.counts());
        }
        Set<String> readable = portfolio(own, null).agreements().stream()
                .map(PortfolioEntry::agreementId).collect(Collectors.toSet());
        return PartyDetails.of(party, PortfolioCounts.of(portfolio.agreements().stream()
                .filter(entry -> readable.contains(entry.agreementId())).toList()));
    }

    /**
     * A party's agreements: status, what waits for the party's action, and the next review; a clerk may ask only
     * about their own party.
     *
     * @param asOf   the day reviews are due for; default today
     * @param limit  agreements on the page, 1 to 1,000; default 100
     * @param cursor the previous page's {@code nextCursor}; null for the first page
     */
    public PartyPortfolio portfolio(String partyId, LocalDate asOf, Integer limit, String cursor) {
        dates.require("asOf", asOf);
        PartyId party = knownParty(partyId).id();
        partyScope.ownPartyOr(party);
        int pageSize = Pages.limit(limit);
        return Pages.run(() -> new FindPartyPortfolio(party, asOf, pageSize, cursor),
                query -> queryGateway.query(query, ResponseTypes.instanceOf(PartyPortfolio.class)).join());
    }

    /**
     * The measures agreed in statutory negotiations that the party is responsible for, by due date, each with its
     * status as of {@code asOf} (default today) and whether it is overdue then; a clerk may ask only about their own
     * party, as for its agreements.
     */
    public List<NegotiationQueries.MeasureEntry> measures(String partyId, LocalDate asOf) {
        PartyId party = knownParty(partyId).id();
        partyScope.ownPartyOr(party, "measures");
        return negotiations.measures(party, null, null, asOf);
    }

    private Party knownParty(String partyId) {
        try {
            return directory.find(PartyId.of(partyId))
                    .orElseThrow(() -> new NotFoundException("There is no party " + partyId + " in the directory."));
        } catch (InvalidValueException e) {
            throw new NotFoundException("There is no party " + partyId + ": " + e.getMessage());
        }
    }

    /** Every agreement of the party, for the counts. */
    private PartyPortfolio portfolio(PartyId party, LocalDate asOf) {
        return queryGateway.query(new FindPartyPortfolio(party, asOf), ResponseTypes.instanceOf(PartyPortfolio.class))
                .join();
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
