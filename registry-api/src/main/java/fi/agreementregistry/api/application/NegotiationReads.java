package fi.agreementregistry.api.application;

import fi.agreementregistry.api.security.CurrentUser;
import fi.agreementregistry.api.security.RegistryUser;
import fi.agreementregistry.core.negotiation.LegalBasis;
import fi.agreementregistry.core.negotiation.MeasureStatus;
import fi.agreementregistry.core.negotiation.StatutoryPeriods;
import fi.agreementregistry.core.party.Party;
import fi.agreementregistry.core.party.PartyDirectory;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.core.party.PartyKind;
import fi.agreementregistry.projections.negotiation.NegotiationQueries;
import fi.agreementregistry.projections.negotiation.NegotiationView;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

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
public class NegotiationReads {

    private final NegotiationQueries queries;
    private final PartyDirectory directory;
    private final Clock clock;
    private final DateWindow dates;

    public NegotiationReads(NegotiationQueries queries, PartyDirectory directory, Clock clock, DateWindow dates) {
        this.queries = queries;
        this.directory = directory;
        this.clock = clock;
        this.dates = dates;
    }

    public NegotiationView find(String id) {
        NegotiationCommands.negotiationId(id);
        return queries.find(id).filter(visible()).orElseThrow(() -> NegotiationCommands.unknownNegotiation(id));
    }

    public List<NegotiationView> list(PartyId welfareArea, PartyId party, LocalDate from, LocalDate to) {
        dates.require("from", from);
        dates.require("to", to);
        return queries.list(welfareArea == null ? null : welfareArea.value(), party == null ? null : party.value(),
                from, to).stream().filter(visible()).toList();
    }

    /** Measures as of {@code asOf} (default today); see {@link NegotiationQueries#measures}. */
    public List<NegotiationQueries.MeasureEntry> measures(PartyId responsible, MeasureStatus status,
                                                          LocalDate dueBefore, LocalDate asOf) {
        dates.require("dueBefore", dueBefore);
        dates.require("asOf", asOf);
        LocalDate day = asOf == null ? LocalDate.now(clock) : asOf;
        return queries.measures(responsible == null ? null : responsible.value(), status, dueBefore, day, visible());
    }

    /** The compliance of {@code welfareArea} and its municipalities as of {@code asOf} (default today). */
    public Compliance compliance(PartyId welfareArea, LocalDate asOf) {
        dates.require("asOf", asOf);
        LocalDate day = asOf == null ? LocalDate.now(clock) : asOf;
        if (day.isBefore(StatutoryPeriods.FIRST_DAY)) {
            throw new InvalidFieldException("asOf", "'asOf' is " + day + "; no statutory negotiation was due before "
                    + StatutoryPeriods.FIRST_DAY + ", when the first county councils began");
        }
        Party county = county(welfareArea);
        List<NegotiationView> held = queries.list(county.id().value(), null, null, day);
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
     * For each county, the statutory negotiation it must hold next as of {@code asOf} (default today): the duty not
     * yet met whose period ends first (an OVERDUE one before any DUE one); counties that have met every duty are left
     * out. For the deadlines page and the calendar feeds and reminders.
     */
    public List<Compliance.NextDue> nextDue(LocalDate asOf) {
        LocalDate day = asOf == null ? LocalDate.now(clock) : asOf;
        List<Compliance.NextDue> next = new ArrayList<>();
        for (Party county : directory.all().stream().filter(p -> p.kind() == PartyKind.WELFARE_AREA)
                .sorted(Comparator.comparing(Party::name)).toList()) {
            Compliance compliance = compliance(county.id(), day);
            compliance.welfareAreaDuties().stream()
                    .filter(d -> d.status() != DONE)
                    .min(Comparator.comparing((Compliance.Duty d) -> d.status() == OVERDUE ? 0 : 1)
                            .thenComparing(Compliance.Duty::periodEnd))
                    .ifPresent(duty -> next.add(new Compliance.NextDue(compliance.welfareArea(),
                            compliance.welfareAreaName(), duty.duty(), duty.status(), duty.periodStart(),
                            duty.periodEnd(), compliance.municipalities().stream()
                            .filter(m -> m.duties().stream().anyMatch(d -> d.duty().equals(duty.duty())
                                    && d.status() != DONE))
                            .map(Compliance.MunicipalityDuties::partyId).toList())));
        }
        return next;
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
