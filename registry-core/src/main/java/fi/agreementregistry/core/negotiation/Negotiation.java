package fi.agreementregistry.core.negotiation;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import fi.agreementregistry.core.actor.Actor;
import fi.agreementregistry.core.party.Party;
import fi.agreementregistry.core.party.PartyDirectory;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.core.party.PartyKind;
import fi.agreementregistry.core.party.UnknownPartyException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.AggregateRoot;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static fi.agreementregistry.core.negotiation.NegotiationRule.*;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One statutory negotiation (Act 611/2021 section 14, Act 612/2021 section 7) between a wellbeing services county and
 * its municipalities (one, or all together, with the regional council where it took part), and the measures agreed in
 * it, each with the history of its status. Command handlers check the {@link NegotiationRule}s and apply events; state
 * changes only in the event sourcing handlers. Today comes from the injected {@link Clock}, parties from the injected
 * {@link PartyDirectory}.
 * <p>
 * Who may act: a clerk only for the county or a participating party ({@code actor-not-a-participant}), checked first,
 * then the expected sequence (If-Match), then the command's own rules, as on an agreement.
 * <p>
 * Chronology: a negotiation is held on or before today and not before {@link StatutoryPeriods#FIRST_DAY} (1.3.2022,
 * when the first county councils began: the registry's source documents and README give no earlier day from which
 * the duties of Acts 611/2021 and 612/2021 ran), and its minutes are dated from that day to today.
 */
@AggregateRoot(type = Negotiation.AGGREGATE_TYPE)
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
public class Negotiation {

    public static final String AGGREGATE_TYPE = "Negotiation";

    @AggregateIdentifier
    private NegotiationId negotiationId;
    private PartyId welfareArea;
    /** The county and every participating party: who may record and who may be responsible for a measure. */
    private Set<PartyId> participants = new LinkedHashSet<>();
    private LocalDate heldOn;
    private Map<MeasureId, MeasureState> measures = new HashMap<>();

    record MeasureState(LocalDate agreedOn, MeasureStatus status, LocalDate lastChangedOn) {
    }

    /** For Axon, which rebuilds the negotiation from its events. */
    protected Negotiation() {
    }

    // ---- commands -------------------------------------------------------------------------

    @CommandHandler
    public Negotiation(RecordNegotiation command, MetaData metaData, PartyDirectory directory, Clock clock) {
        INVALID_NEGOTIATION.require(command.welfareAreaId() != null, "it needs the county, such as welfare-area:09");
        NOT_A_WELFARE_AREA.require(command.welfareAreaId().kind() == PartyKind.WELFARE_AREA, command.welfareAreaId());
        Party county = lookUp(directory, command.welfareAreaId());
        PARTIES_REQUIRED.require(command.parties() != null && !command.parties().isEmpty()
                && command.parties().stream().noneMatch(Objects::isNull));
        Set<PartyId> seen = new LinkedHashSet<>();
        seen.add(county.id());
        List<PartyId> others = new ArrayList<>();
        for (PartyId party : command.parties()) {
            if (party.equals(county.id())) {
                continue; // the county takes part anyway: listing it too is no mistake
            }
            PARTY_LISTED_TWICE.require(seen.add(party), party);
            others.add(party);
        }
        List<Party> parties = others.stream().map(id -> lookUp(directory, id)).toList();
        for (Party party : parties) {
            PARTY_OUTSIDE_WELFARE_AREA.require(party.kind() != PartyKind.WELFARE_AREA
                    && Objects.equals(party.welfareAreaCode(), county.welfareAreaCode()), party.name(), county.name());
        }
        PARTIES_REQUIRED.require(parties.stream().anyMatch(p -> p.kind() == PartyKind.MUNICIPALITY));
        requireActorIn(metaData, seen);
        INVALID_NEGOTIATION.require(command.heldOn() != null, "it needs the day it was held (heldOn)");
        requireNotAfterToday("negotiation date", command.heldOn(), clock);
        NEGOTIATION_BEFORE_LEGAL_BASIS.require(!command.heldOn().isBefore(StatutoryPeriods.FIRST_DAY),
                command.heldOn(), StatutoryPeriods.FIRST_DAY);
        MinutesReference minutes = command.minutesReference();
        if (minutes != null && minutes.meetingDate() != null) {
            LocalDate today = LocalDate.now(clock);
            MINUTES_DATE_IN_THE_FUTURE.require(!minutes.meetingDate().isAfter(today), minutes.meetingDate(), today);
            MINUTES_BEFORE_NEGOTIATION.require(!minutes.meetingDate().isBefore(command.heldOn()),
                    minutes.meetingDate(), command.heldOn());
        }
        INVALID_NEGOTIATION.require(command.legalBases() != null && !command.legalBases().isEmpty()
                        && command.legalBases().stream().noneMatch(Objects::isNull),
                "it needs its legal basis, 611/2021 §14 or 612/2021 §7 or both");
        INVALID_NEGOTIATION.require(command.topics() == null || command.topics().stream().noneMatch(Negotiation::isBlank),
                "a topic is blank");
        List<Measure> measures = new ArrayList<>();
        Set<MeasureId> measureIds = new HashSet<>();
        for (MeasureDraft draft : command.measures() == null ? List.<MeasureDraft>of() : command.measures()) {
            Measure measure = measure(draft, directory, seen, command.heldOn());
            MEASURE_ID_TAKEN.require(measureIds.add(measure.measureId()), measure.measureId());
            measures.add(measure);
        }
        apply(new NegotiationRecorded(command.negotiationId(), county.ref(),
                parties.stream().map(Party::ref).toList(), command.heldOn(),
                List.copyOf(new LinkedHashSet<>(command.legalBases())),
                command.topics() == null ? List.of() : command.topics().stream().map(String::strip).toList(),
                minutes, measures));
    }

    @CommandHandler
    public NegotiationCommandResult handle(AddMeasure command, MetaData metaData, PartyDirectory directory,
                                           Clock clock) {
        requireActorIn(metaData, participants);
        requireExpectedSequence(command.expectedSequence());
        MEASURE_DETAILS_REQUIRED.require(command.measure() != null, "a text, the responsible parties and a due date");
        LocalDate agreedOn = command.agreedOn() == null ? LocalDate.now(clock) : command.agreedOn();
        requireNotAfterToday("agreement date of the measure", agreedOn, clock);
        AGREED_BEFORE_NEGOTIATION.require(!agreedOn.isBefore(heldOn), agreedOn, heldOn);
        Measure measure = measure(command.measure(), directory, participants, agreedOn);
        MEASURE_ID_TAKEN.require(!measures.containsKey(measure.measureId()), measure.measureId());
        apply(new MeasureAdded(negotiationId, measure, agreedOn));
        return result();
    }

    @CommandHandler
    public NegotiationCommandResult handle(ChangeMeasureStatus command, MetaData metaData, Clock clock) {
        requireActorIn(metaData, participants);
        requireExpectedSequence(command.expectedSequence());
        MeasureState measure = command.measureId() == null ? null : measures.get(command.measureId());
        UNKNOWN_MEASURE.require(measure != null, command.measureId());
        STATUS_DETAILS_REQUIRED.require(command.status() != null, "a status: PLANNED, IN_PROGRESS, DONE or DROPPED");
        STATUS_DETAILS_REQUIRED.require(command.on() != null, "the day it changed (on)");
        STATUS_DETAILS_REQUIRED.require(!isBlank(command.note()), "a note saying what was done or decided");
        requireNotAfterToday("status date", command.on(), clock);
        MEASURE_CLOSED.require(!measure.status().isClosed(), measure.status(), measure.lastChangedOn());
        STATUS_UNCHANGED.require(measure.status() != command.status(), measure.status());
        STATUS_BEFORE_AGREED.require(!command.on().isBefore(measure.agreedOn()), command.on(), measure.agreedOn());
        STATUS_BEFORE_PREVIOUS.require(!command.on().isBefore(measure.lastChangedOn()), command.on(),
                measure.lastChangedOn());
        apply(new MeasureStatusChanged(negotiationId, command.measureId(), measure.status(), command.status(),
                command.on(), command.note().strip()));
        return result();
    }

    // ---- events ---------------------------------------------------------------------------

    @EventSourcingHandler
    void on(NegotiationRecorded event) {
        negotiationId = event.negotiationId();
        welfareArea = event.welfareArea().id();
        participants.add(welfareArea);
        event.parties().forEach(party -> participants.add(party.id()));
        heldOn = event.heldOn();
        event.measures().forEach(m -> measures.put(m.measureId(),
                new MeasureState(event.heldOn(), MeasureStatus.PLANNED, event.heldOn())));
    }

    @EventSourcingHandler
    void on(MeasureAdded event) {
        measures.put(event.measure().measureId(),
                new MeasureState(event.agreedOn(), MeasureStatus.PLANNED, event.agreedOn()));
    }

    @EventSourcingHandler
    void on(MeasureStatusChanged event) {
        MeasureState before = measures.get(event.measureId());
        measures.put(event.measureId(), new MeasureState(before.agreedOn(), event.status(), event.on()));
    }

    // ---- helpers --------------------------------------------------------------------------

    private static Measure measure(MeasureDraft draft, PartyDirectory directory, Set<PartyId> participants,
                                   LocalDate agreedOn) {
        MEASURE_DETAILS_REQUIRED.require(draft != null && !isBlank(draft.text()), "a text");
        MEASURE_DETAILS_REQUIRED.require(draft.responsiblePartyIds() != null
                && !draft.responsiblePartyIds().isEmpty()
                && draft.responsiblePartyIds().stream().noneMatch(Objects::isNull), "at least one responsible party");
        MEASURE_DETAILS_REQUIRED.require(draft.dueBy() != null, "the day it is due by (dueBy)");
        Set<PartyId> responsible = new LinkedHashSet<>();
        for (PartyId party : draft.responsiblePartyIds()) {
            PARTY_LISTED_TWICE.require(responsible.add(party), party);
            Party found = lookUp(directory, party);
            RESPONSIBLE_NOT_A_PARTICIPANT.require(participants.contains(party), found.name());
        }
        DUE_BEFORE_AGREED.require(!draft.dueBy().isBefore(agreedOn), draft.dueBy(), agreedOn);
        MeasureId id = draft.measureId() == null ? MeasureId.random() : draft.measureId();
        return new Measure(id, draft.text().strip(),
                responsible.stream().map(p -> lookUp(directory, p).ref()).toList(), draft.dueBy(),
                isBlank(draft.agreementId()) ? null : draft.agreementId().strip());
    }

    /** A clerk acts only for a participant; other roles (committee, admin) are limited by the API's URL rules. */
    private static void requireActorIn(MetaData metaData, Set<PartyId> participants) {
        Actor actor = Actor.fromMetaData(metaData).orElse(null);
        if (actor != null && Actor.CLERK_ROLE.equals(actor.role())) {
            ACTOR_NOT_A_PARTICIPANT.require(actor.partyId() != null
                    && participants.stream().anyMatch(p -> p.value().equals(actor.partyId())), actor.partyId());
        }
    }

    private void requireExpectedSequence(Long expected) {
        Long current = AggregateLifecycle.getVersion();
        if (expected != null && !expected.equals(current)) {
            throw new ConflictingAggregateVersionException(negotiationId.value(), expected, current);
        }
    }

    private static NegotiationCommandResult result() {
        return new NegotiationCommandResult(AggregateLifecycle.getVersion());
    }

    private static Party lookUp(PartyDirectory directory, PartyId id) {
        return directory.find(id).orElseThrow(() -> new UnknownPartyException(id));
    }

    private static void requireNotAfterToday(String what, LocalDate date, Clock clock) {
        LocalDate today = LocalDate.now(clock);
        DATE_IN_THE_FUTURE.require(!date.isAfter(today), what, date, today);
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
