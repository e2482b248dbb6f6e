package fi.agreementregistry.api.application;

import fi.agreementregistry.api.reminders.NegotiationsDue;
import fi.agreementregistry.api.security.CurrentUser;
import fi.agreementregistry.api.security.RegistryUser;
import fi.agreementregistry.core.negotiation.LegalBasis;
import fi.agreementregistry.core.negotiation.MeasureStatus;
import fi.agreementregistry.core.negotiation.StatutoryPeriods;
import fi.agreementregistry.core.party.Party;
import fi.agreementregistry.core.party.PartyDirectory;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.core.party.PartyKind;
import fi.agreementregistry.core.party.PartyRef;
import fi.agreementregistry.projections.history.FindNegotiationHistory;
import fi.agreementregistry.projections.history.NegotiationHistory;
import fi.agreementregistry.projections.negotiation.NegotiationQueries;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import fi.agreementregistry.projections.negotiation.NegotiationView;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static fi.agreementregistry.api.application.Compliance.DutyStatus.DONE;
import static fi.agreementregistry.api.application.Compliance.DutyStatus.DUE;
import static fi.agreementregistry.api.application.Compliance.DutyStatus.OVERDUE;

/**
 * Reading statutory negotiations, their measures and the counties' compliance, for every adapter. A clerk sees the
 * negotiations and measures of negotiations their party took part in (any other looks unknown); the committee and
 * auditors see all. Compliance (which duties were met) is for every read role: it names no more than which
 * negotiation met a duty.
 */
@Service
public class NegotiationReads implements NegotiationsDue {

    static final PartyId CITY_OF_HELSINKI = PartyId.of("welfare-area:90");
    static final String HELSINKI_HAS_NO_DUTY = "'welfareArea' welfare-area:90 is the City of Helsinki, which organises "
            + "its own health, social and rescue services: its area is the city alone, so it has no statutory "
            + "negotiation duty under 611/2021 §14 or 612/2021 §7, and nothing is ever due";

    /** The City of Helsinki (welfare-area:90): listed beside the counties, with no duty to negotiate. */
    public static boolean isCityOfHelsinki(PartyId id) {
        return CITY_OF_HELSINKI.equals(id);
    }

    private final NegotiationQueries queries;
    private final PartyDirectory directory;
    private final Clock clock;
    private final DateWindow dates;
    private final PartyScope partyScope;
    private final QueryGateway queryGateway;

    public NegotiationReads(NegotiationQueries queries, PartyDirectory directory, Clock clock, DateWindow dates,
                            PartyScope partyScope, QueryGateway queryGateway) {
        this.queryGateway = queryGateway;
        this.queries = queries;
        this.directory = directory;
        this.clock = clock;
        this.dates = dates;
        this.partyScope = partyScope;
    }

    public NegotiationView find(String id) {
        NegotiationCommands.negotiationId(id);
        return queries.find(id).filter(visible()).orElseThrow(() -> NegotiationCommands.unknownNegotiation(id));
    }

    /**
     * The negotiation's events as the audit history holds them (actor, recorded time, business date), oldest first;
     * for whoever may read the negotiation. One just recorded may be in the read model a moment before its entries
     * are in the history: then its history is empty, not unknown.
     */
    public NegotiationHistory history(String id) {
        NegotiationView view = find(id);
        NegotiationHistory history = queryGateway.query(new FindNegotiationHistory(view.id()),
                ResponseTypes.instanceOf(NegotiationHistory.class)).join();
        return history != null ? history : new NegotiationHistory(view.id(), List.of());
    }

    public List<NegotiationView> list(PartyId welfareArea, PartyId party, LocalDate from, LocalDate to) {
        dates.require("from", from);
        dates.require("to", to);
        if (from != null && to != null && from.isAfter(to)) {
            throw new InvalidFieldException("from", "'from' (" + from + ") is after 'to' (" + to + ")");
        }
        requireKnown(directory, "welfareArea", welfareArea);
        requireKnown(directory, "party", party);
        return queries.list(welfareArea == null ? null : welfareArea.value(), party == null ? null : party.value(),
                from, to).stream().filter(visible()).toList();
    }

    /**
     * A party a request names (a filter, a county, a responsible party) must be in the directory: an unknown one is a
     * mistake in that field, not an empty list or a refusal.
     */
    static void requireKnown(PartyDirectory directory, String field, PartyId party) {
        if (party != null && directory.find(party).isEmpty()) {
            throw new InvalidFieldException(field, "'" + field + "': there is no party " + party
                    + " in the party directory");
        }
    }

    /** Measures as of {@code asOf} (default today); see {@link NegotiationQueries#measures}. */
    public List<NegotiationQueries.MeasureEntry> measures(PartyId responsible, MeasureStatus status,
                                                          LocalDate dueBefore, LocalDate asOf) {
        dates.require("dueBefore", dueBefore);
        dates.require("asOf", asOf);
        LocalDate day = day(asOf);
        return queries.measures(responsible == null ? null : responsible.value(), status, dueBefore, day, visible());
    }

    /** The compliance of {@code welfareArea} and its municipalities as of {@code asOf} (default today). */
    public Compliance compliance(PartyId welfareArea, LocalDate asOf) {
        dates.require("asOf", asOf);
        LocalDate day = day(asOf);
        if (day.isBefore(StatutoryPeriods.FIRST_DAY)) {
            throw new InvalidFieldException("asOf", "'asOf' is " + day + "; no statutory negotiation was due before "
                    + StatutoryPeriods.FIRST_DAY + ", when the first county councils began");
        }
        return complianceOf(county(welfareArea), day);
    }

    private Compliance complianceOf(Party county, LocalDate day) {
        return complianceOf(county, day, queries.list(county.id().value(), null, null, day));
    }

    /** @param held the county's negotiations held by {@code day}, oldest first */
    private Compliance complianceOf(Party county, LocalDate day, List<NegotiationView> held) {
        List<Party> municipalities = directory.all().stream()
                .filter(p -> p.kind() == PartyKind.MUNICIPALITY)
                .filter(p -> Objects.equals(p.welfareAreaCode(), county.welfareAreaCode()))
                .sorted(Comparator.comparing(Party::name))
                .toList();
        List<Compliance.MunicipalityDuties> rows = new ArrayList<>();
        for (Party municipality : municipalities) {
            List<Compliance.Duty> duties = new ArrayList<>();
            for (LegalBasis basis : LegalBasis.values()) {
                duties.add(duty(basis, day, held.stream()
                        .filter(n -> n.legalBases().contains(basis) && n.involves(municipality.id().value()))
                        .toList()));
            }
            rows.add(new Compliance.MunicipalityDuties(municipality.id().value(), municipality.name(), duties));
        }
        List<Compliance.Duty> countyDuties = new ArrayList<>();
        for (int i = 0; i < LegalBasis.values().length; i++) {
            LegalBasis basis = LegalBasis.values()[i];
            int index = i;
            List<Compliance.Duty> each = rows.stream().map(r -> r.duties().get(index)).toList();
            Compliance.Duty anyOverdue = each.stream().filter(d -> d.status() == OVERDUE).findFirst().orElse(null);
            StatutoryPeriods.Period current = StatutoryPeriods.containing(basis, day);
            Optional<NegotiationView> last = held.stream().filter(n -> n.legalBases().contains(basis))
                    .max(Comparator.comparing(NegotiationView::heldOn));
            Compliance.DutyStatus status = anyOverdue != null ? OVERDUE
                    : !each.isEmpty() && each.stream().allMatch(d -> d.status() == DONE) ? DONE : DUE;
            LocalDate start = anyOverdue != null ? anyOverdue.periodStart() : current.start();
            LocalDate end = anyOverdue != null ? anyOverdue.periodEnd() : current.end();
            countyDuties.add(new Compliance.Duty(basis.label(), start, end, status,
                    last.map(NegotiationView::id).orElse(null), last.map(NegotiationView::heldOn).orElse(null)));
        }
        return new Compliance(county.id().value(), county.name(), day, rows, countyDuties);
    }

    /**
     * For each county, the statutory negotiation it must hold next as of {@code asOf} (default today): the first of
     * its {@link #negotiationsDue negotiations due} (an overdue one before any other); counties that have met every
     * duty are left out. For every read role, unscoped, as compliance is.
     */
    public List<Compliance.NextDue> nextDue(LocalDate asOf) {
        dates.require("asOf", asOf);
        Map<String, Compliance.NextDue> first = new LinkedHashMap<>();
        for (OpenNegotiation open : open(counties(), null, day(asOf))) {
            first.putIfAbsent(open.county().id().value(), open.nextDue());
        }
        return List.copyOf(first.values());
    }

    /**
     * The statutory negotiations not yet held as of {@code asOf} (default today), as the deadlines page and the
     * calendar feeds show them: one per county, duty and period, with the municipalities that have not negotiated
     * in that period. A duty some municipalities missed in its last period and others have still to meet in the
     * current one is two: the overdue one and the one due. Within a county the overdue come first, then by due date.
     * Before the first county term (1.3.2022), none.
     *
     * @param party that party's: a county its own, a municipality those it has still to negotiate, a regional
     *              council its county's; null: every county's. A clerk sees their own party's only (naming another
     *              is refused, as in every list of theirs).
     */
    public List<Compliance.NextDue> negotiationsDue(PartyId party, LocalDate asOf) {
        dates.require("asOf", asOf);
        PartyId scoped = partyScope.ownPartyOr(party, "negotiations due");
        if (scoped == null) {
            return open(counties(), null, day(asOf)).stream().map(OpenNegotiation::nextDue).toList();
        }
        PartyId municipality = scoped.kind() == PartyKind.MUNICIPALITY ? scoped : null;
        return open(countyOf(scoped).stream().toList(), municipality, day(asOf)).stream()
                .map(OpenNegotiation::nextDue).toList();
    }

    /** For the reminders: every county's negotiations due as of {@code day}, unscoped. */
    @Override
    public List<NegotiationsDue.Due> due(LocalDate day) {
        return open(counties(), null, day).stream().map(open -> new NegotiationsDue.Due(open.county().ref(),
                open.basis().label(), open.period().start(), open.period().end(), open.municipalities())).toList();
    }

    /**
     * What the calendars show beside the reviews ({@link CalendarFeeds}, {@code /api/reviews.ics}): the
     * {@link #negotiationsDue negotiations due} and the measures still open (PLANNED or IN_PROGRESS), both as of
     * {@code asOf} and due from {@code dueAfter} to {@code dueBefore} (both included, both optional).
     *
     * @param party the negotiations due of that party and the measures it is responsible for; null: all the reader
     *              may see
     */
    public Deadlines deadlines(PartyId party, LocalDate dueAfter, LocalDate dueBefore, LocalDate asOf) {
        dates.require("dueAfter", dueAfter);
        dates.require("dueBefore", dueBefore);
        Predicate<LocalDate> within = dueBy -> (dueAfter == null || !dueBy.isBefore(dueAfter))
                && (dueBefore == null || !dueBy.isAfter(dueBefore));
        List<Compliance.NextDue> negotiations = negotiationsDue(party, asOf).stream()
                .filter(due -> within.test(due.dueBy())).toList();
        List<NegotiationQueries.MeasureEntry> open = measures(partyScope.ownPartyOr(party, "measures"), null, null, asOf).stream()
                .filter(entry -> !entry.statusAsOf().isClosed() && within.test(entry.measure().dueBy())).toList();
        return new Deadlines(negotiations, open);
    }

    /** The negotiations due and the open measures a calendar shows beside the reviews. */
    public record Deadlines(List<Compliance.NextDue> negotiations, List<NegotiationQueries.MeasureEntry> measures) {

        /** A calendar of one responsible body's reviews, or of reviews in one status: nothing else. */
        public static final Deadlines NONE = new Deadlines(List.of(), List.of());
    }

    /** One negotiation due: a county's duty in one period, with the municipalities that have not negotiated in it. */
    private record OpenNegotiation(Party county, LegalBasis basis, Compliance.DutyStatus status,
                                   StatutoryPeriods.Period period, List<PartyRef> municipalities) {

        Compliance.NextDue nextDue() {
            return new Compliance.NextDue(county.id().value(), county.name(), basis.label(), status, period.start(),
                    period.end(), municipalities.stream().map(p -> p.id().value()).toList(),
                    municipalities.stream().map(PartyRef::name).toList());
        }
    }

    /**
     * The negotiations due of {@code counties} as of {@code day}: the duties their municipalities have not met,
     * grouped by county, duty and period; only those {@code municipality} is among, when given.
     */
    private List<OpenNegotiation> open(List<Party> counties, PartyId municipality, LocalDate day) {
        if (day.isBefore(StatutoryPeriods.FIRST_DAY)) {
            return List.of();
        }
        // Every county's negotiations in one read, not one (a scan on the embedded server) per county.
        Map<String, List<NegotiationView>> heldByCounty = counties.size() == 1 ? Map.of()
                : queries.list(null, null, null, day).stream()
                .collect(Collectors.groupingBy(view -> view.welfareArea().id().value()));
        List<OpenNegotiation> open = new ArrayList<>();
        for (Party county : counties) {
            List<OpenNegotiation> ofCounty = new ArrayList<>();
            List<Compliance.MunicipalityDuties> rows = (counties.size() == 1 ? complianceOf(county, day)
                    : complianceOf(county, day, heldByCounty.getOrDefault(county.id().value(), List.of())))
                    .municipalities();
            for (int i = 0; i < LegalBasis.values().length; i++) {
                int index = i;
                Map<StatutoryPeriods.Period, List<Compliance.MunicipalityDuties>> byPeriod = rows.stream()
                        .filter(row -> row.duties().get(index).status() != DONE)
                        .collect(Collectors.groupingBy(row -> new StatutoryPeriods.Period(
                                        row.duties().get(index).periodStart(), row.duties().get(index).periodEnd()),
                                LinkedHashMap::new, Collectors.toList()));
                byPeriod.forEach((period, missing) -> ofCounty.add(new OpenNegotiation(county,
                        LegalBasis.values()[index], period.end().isBefore(day) ? OVERDUE : DUE, period,
                        missing.stream().map(row -> new PartyRef(PartyId.of(row.partyId()), row.name())).toList())));
            }
            ofCounty.stream()
                    .filter(o -> municipality == null || o.municipalities().stream()
                            .anyMatch(p -> p.id().equals(municipality)))
                    .sorted(Comparator.comparing((OpenNegotiation o) -> o.status() == OVERDUE ? 0 : 1)
                            .thenComparing(o -> o.period().end()).thenComparing(o -> o.basis().ordinal()))
                    .forEach(open::add);
        }
        return open;
    }

    /**
     * The wellbeing services counties by name. Not the City of Helsinki (code 90), which the directory lists beside
     * them as the organiser of its own services: its area is the city alone, so it has no municipalities to
     * negotiate with under Act 611/2021 section 14 or Act 612/2021 section 7(4), and nothing is ever due.
     */
    public List<Party> counties() {
        return directory.all().stream()
                .filter(p -> p.kind() == PartyKind.WELFARE_AREA && !p.id().equals(CITY_OF_HELSINKI))
                .sorted(Comparator.comparing(Party::name)).toList();
    }

    /** The county of a party (a county is its own): the one whose area the party is in, if any. */
    public Optional<Party> countyOf(PartyId party) {
        Party known = party == null ? null : directory.find(party).orElse(null);
        return known == null || known.welfareAreaCode() == null ? Optional.empty() : counties().stream()
                .filter(c -> Objects.equals(c.welfareAreaCode(), known.welfareAreaCode())).findFirst();
    }

    private LocalDate day(LocalDate asOf) {
        return asOf == null ? LocalDate.now(clock) : asOf;
    }

    /**
     * One duty as of {@code day}, given the negotiations held by then that meet it: DONE when one was held in the
     * current period; OVERDUE (reported for the previous period) when the previous period had none and none was
     * held since; DUE otherwise.
     */
    static Compliance.Duty duty(LegalBasis basis, LocalDate day, List<NegotiationView> meeting) {
        StatutoryPeriods.Period current = StatutoryPeriods.containing(basis, day);
        Optional<NegotiationView> last = meeting.stream().filter(n -> !n.heldOn().isAfter(day))
                .max(Comparator.comparing(NegotiationView::heldOn).thenComparing(NegotiationView::id));
        String lastId = last.map(NegotiationView::id).orElse(null);
        LocalDate lastHeldOn = last.map(NegotiationView::heldOn).orElse(null);
        if (lastHeldOn != null && current.contains(lastHeldOn)) {
            return new Compliance.Duty(basis.label(), current.start(), current.end(), DONE, lastId, lastHeldOn);
        }
        Optional<StatutoryPeriods.Period> previous = StatutoryPeriods.previous(basis, current);
        if (previous.isPresent() && (lastHeldOn == null || lastHeldOn.isBefore(previous.get().start()))) {
            return new Compliance.Duty(basis.label(), previous.get().start(), previous.get().end(), OVERDUE, lastId,
                    lastHeldOn);
        }
        return new Compliance.Duty(basis.label(), current.start(), current.end(), DUE, lastId, lastHeldOn);
    }

    private Party county(PartyId id) {
        if (id == null) {
            throw new InvalidFieldException("welfareArea", "'welfareArea' is required, such as welfare-area:09");
        }
        Party county = directory.find(id).orElse(null);
        if (county == null || county.kind() != PartyKind.WELFARE_AREA) {
            throw new InvalidFieldException("welfareArea", "'welfareArea' " + id
                    + " is not a wellbeing services county in the party directory, such as welfare-area:09");
        }
        if (isCityOfHelsinki(id)) {
            throw new InvalidFieldException("welfareArea", HELSINKI_HAS_NO_DUTY);
        }
        return county;
    }

    /** A clerk sees the negotiations their party took part in (as the county or a party); other roles see all. */
    private static Predicate<NegotiationView> visible() {
        RegistryUser user = CurrentUser.get().orElse(null);
        if (user == null || !user.isClerk()) {
            return view -> true;
        }
        String party = user.partyId() == null ? "" : user.partyId().value();
        return view -> view.involves(party);
    }
}
