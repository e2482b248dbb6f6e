package fi.agreementregistry.api.application;

import fi.agreementregistry.api.application.requests.MeasureRequest;
import fi.agreementregistry.api.application.requests.MeasureStatusRequest;
import fi.agreementregistry.api.application.requests.NegotiationRequest;
import fi.agreementregistry.api.config.RegistryProperties;
import fi.agreementregistry.api.security.CurrentUser;
import fi.agreementregistry.api.security.RegistryUser;
import fi.agreementregistry.core.BusinessRuleViolation;
import fi.agreementregistry.core.Identifiers;
import fi.agreementregistry.core.InvalidValueException;
import fi.agreementregistry.core.actor.Actor;
import fi.agreementregistry.core.agreement.AgreementId;
import fi.agreementregistry.core.negotiation.AddMeasure;
import fi.agreementregistry.core.negotiation.ChangeMeasureStatus;
import fi.agreementregistry.core.negotiation.MeasureDraft;
import fi.agreementregistry.core.negotiation.MeasureId;
import fi.agreementregistry.core.negotiation.MinutesReference;
import fi.agreementregistry.core.negotiation.NegotiationCommandResult;
import fi.agreementregistry.core.negotiation.NegotiationId;
import fi.agreementregistry.core.negotiation.NegotiationRecorded;
import fi.agreementregistry.core.negotiation.NegotiationRule;
import fi.agreementregistry.core.negotiation.RecordNegotiation;
import fi.agreementregistry.core.party.PartyDirectory;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.projections.negotiation.NegotiationQueries;
import fi.agreementregistry.projections.negotiation.NegotiationView;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.springframework.stereotype.Service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Every change to a statutory negotiation, for every adapter: checks what the aggregate cannot (dates within the
 * window, a clerk recording for their own party, that a linked agreement exists and the caller may read it), sends
 * the command and waits until the negotiations read model shows it (read-your-writes). As on agreements, a clerk
 * whose party did not take part gets the 404 of an unknown negotiation, and a stale If-Match gets 412.
 */
@Service
public class NegotiationCommands {

    private final CommandGateway commandGateway;
    private final EventStore eventStore;
    private final NegotiationQueries queries;
    private final DateWindow dates;
    private final Duration maxWait;
    private final PartyScope partyScope;
    private final PartyDirectory directory;

    public NegotiationCommands(CommandGateway commandGateway, EventStore eventStore, NegotiationQueries queries,
                               DateWindow dates, RegistryProperties properties, PartyScope partyScope,
                               PartyDirectory directory) {
        this.partyScope = partyScope;
        this.directory = directory;
        this.commandGateway = commandGateway;
        this.eventStore = eventStore;
        this.queries = queries;
        this.dates = dates;
        this.maxWait = properties.readYourWrites().maxWait();
    }

    /** @return the negotiation as recorded, with its measures' ids */
    public NegotiationView record(NegotiationRequest body) {
        dates.require("heldOn", body.heldOn());
        RegistryUser user = CurrentUser.get().orElseThrow(() -> new ForbiddenException("Sign in first."));
        // An unknown county is a mistake in the request, answered as one before who may record is asked.
        NegotiationReads.requireKnown(directory, "welfareAreaId", body.welfareAreaId());
        if (user.isClerk() && !body.welfareAreaId().equals(user.partyId()) && !body.parties().contains(user.partyId())) {
            throw new ForbiddenException("You act for " + user.partyId()
                    + "; you may record only negotiations your party took part in.");
        }
        MinutesReference minutes = null;
        if (body.minutesReference() != null) {
            var m = body.minutesReference();
            dates.require("minutesReference.meetingDate", m.meetingDate());
            minutes = new MinutesReference(m.body().strip(), m.meetingDate(), strip(m.section()),
                    strip(m.diaryNumber()));
        }
        List<MeasureDraft> measures = new ArrayList<>();
        List<MeasureRequest> requested = body.measures() == null ? List.of() : body.measures();
        for (int i = 0; i < requested.size(); i++) {
            MeasureRequest measure = requested.get(i);
            if (measure.agreedOn() != null) {
                throw new InvalidFieldException("measures[" + i + "].agreedOn", "'measures[" + i + "].agreedOn': "
                        + "the measures of a negotiation are agreed on the day it was held; leave it out");
            }
            measures.add(draft(measure, "measures[" + i + "]"));
        }
        NegotiationId id = NegotiationId.random();
        try {
            commandGateway.sendAndWait(new RecordNegotiation(id, body.welfareAreaId(), body.parties(), body.heldOn(),
                    body.legalBases(), body.topics(), minutes, measures));
        } catch (RuntimeException e) {
            Throwable cause = Refusal.unwrap(e);
            if (cause instanceof BusinessRuleViolation violation
                    && NegotiationRule.ACTOR_NOT_A_PARTICIPANT.ruleName().equals(violation.rule())) {
                throw new ForbiddenException(violation.getMessage());
            }
            throw e;
        }
        NegotiationView view = awaitApplied(id.value(), 0);
        // The read model may not show it yet (a replay running, say): the answer is then built from the stored event.
        return view != null ? view : recordedFromStore(id.value());
    }

    private NegotiationView recordedFromStore(String id) {
        DomainEventMessage<?> event = eventStore.readEvents(id).next();
        return NegotiationView.recorded((NegotiationRecorded) event.getPayload(), event.getSequenceNumber(),
                event.getTimestamp(), Actor.fromMetaData(event.getMetaData()).orElse(null));
    }

    /** @return the acceptance, with the new measure's id */
    public MeasureAccepted addMeasure(String rawId, Long expected, MeasureRequest body) {
        dates.require("agreedOn", body.agreedOn());
        MeasureDraft draft = draft(body, "");
        NegotiationId id = negotiationId(rawId);
        long sequence = execute(rawId, () -> new AddMeasure(id, draft, body.agreedOn(), expected));
        return new MeasureAccepted(id.value(), draft.measureId().value(), sequence);
    }

    public MeasureAccepted changeStatus(String rawId, String rawMeasureId, Long expected, MeasureStatusRequest body) {
        dates.require("on", body.on());
        NegotiationId id = negotiationId(rawId);
        MeasureId measure;
        try {
            measure = MeasureId.of(rawMeasureId);
        } catch (InvalidValueException e) {
            throw new NotFoundException("There is no measure " + rawMeasureId + ".");
        }
        long sequence = execute(rawId, () -> new ChangeMeasureStatus(id, measure, body.status(), body.on(),
                body.note(), expected));
        return new MeasureAccepted(id.value(), measure.value(), sequence);
    }

    /** What a command on a measure answers: the negotiation, the measure and the new ETag sequence. */
    public record MeasureAccepted(String negotiationId, String measureId, long aggregateSequence) {
    }

    private long execute(String rawId, java.util.function.Supplier<Object> command) {
        NegotiationCommandResult result;
        try {
            result = commandGateway.sendAndWait(command.get());
        } catch (RuntimeException e) {
            Throwable cause = Refusal.unwrap(e);
            if (cause instanceof AggregateNotFoundException || cause instanceof BusinessRuleViolation violation
                    && NegotiationRule.ACTOR_NOT_A_PARTICIPANT.ruleName().equals(violation.rule())) {
                throw unknownNegotiation(rawId);
            }
            if (cause instanceof ConflictingAggregateVersionException stale) {
                throw new PreconditionFailedException("negotiation", "The negotiation has changed since ETag \""
                        + stale.getExpectedVersion() + "\" (it is now at \"" + stale.getActualVersion()
                        + "\"); reload it and try again.");
            }
            throw e;
        }
        awaitApplied(rawId, result.aggregateSequence());
        return result.aggregateSequence();
    }

    private MeasureDraft draft(MeasureRequest measure, String prefix) {
        dates.require(prefix.isEmpty() ? "dueBy" : prefix + ".dueBy", measure.dueBy());
        String agreementId = strip(measure.agreementId());
        // An agreement the caller may not read is answered exactly as one that does not exist.
        if (agreementId != null && (!Identifiers.SLUG.matcher(agreementId).matches()
                || !partyScope.existsAndMayRead(AgreementId.of(agreementId)))) {
            String field = prefix.isEmpty() ? "agreementId" : prefix + ".agreementId";
            throw new InvalidFieldException(field, "'" + field + "': there is no agreement " + agreementId
                    + " to link the measure to");
        }
        String responsibleField = prefix.isEmpty() ? "responsiblePartyIds" : prefix + ".responsiblePartyIds";
        for (PartyId party : measure.responsiblePartyIds()) {
            NegotiationReads.requireKnown(directory, responsibleField, party);
        }
        return new MeasureDraft(MeasureId.random(), measure.text().strip(), measure.responsiblePartyIds(),
                measure.dueBy(), agreementId);
    }

    /**
     * Waits (bounded, {@code registry.read-your-writes.max-wait}) until the read model shows the negotiation at
     * {@code sequence}; returns what it shows.
     */
    public NegotiationView awaitApplied(String id, long sequence) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        long pause = Duration.ofMillis(2).toNanos();
        while (true) {
            NegotiationView view = queries.find(id).orElse(null);
            if (view != null && view.aggregateSequence() >= sequence || System.nanoTime() > deadline) {
                return view;
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, Duration.ofMillis(50).toNanos());
        }
    }

    static NegotiationId negotiationId(String raw) {
        try {
            return NegotiationId.of(raw);
        } catch (InvalidValueException e) {
            throw unknownNegotiation(raw);
        }
    }

    static NotFoundException unknownNegotiation(String id) {
        return new NotFoundException("There is no negotiation " + id + ".");
    }

    private static String strip(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
