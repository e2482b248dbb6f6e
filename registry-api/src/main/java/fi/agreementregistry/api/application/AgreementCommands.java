package fi.agreementregistry.api.application;

import fi.agreementregistry.api.application.requests.AmendPrinciplesRequest;
import fi.agreementregistry.api.application.requests.ApprovalRequest;
import fi.agreementregistry.api.application.requests.DraftAgreementRequest;
import fi.agreementregistry.api.application.requests.ReviewCompletionRequest;
import fi.agreementregistry.api.application.requests.ReviewRequest;
import fi.agreementregistry.api.application.requests.SignatureRequest;
import fi.agreementregistry.api.application.requests.SupersessionRequest;
import fi.agreementregistry.api.application.requests.TerminationRequest;
import fi.agreementregistry.api.application.requests.TextRules;
import fi.agreementregistry.core.BusinessRuleViolation;
import fi.agreementregistry.core.InvalidValueException;
import fi.agreementregistry.core.agreement.AddParty;
import fi.agreementregistry.core.agreement.AgreementCommandResult;
import fi.agreementregistry.core.agreement.AgreementId;
import fi.agreementregistry.core.agreement.AgreementRule;
import fi.agreementregistry.core.agreement.DraftAgreement;
import fi.agreementregistry.core.agreement.Forum;
import fi.agreementregistry.core.agreement.RemoveParty;
import fi.agreementregistry.core.agreement.SupersedeAgreement;
import fi.agreementregistry.core.agreement.TerminateAgreement;
import fi.agreementregistry.core.amendment.AmendPrinciples;
import fi.agreementregistry.core.approval.RecordApproval;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.core.review.CompleteReview;
import fi.agreementregistry.core.review.ReviewId;
import fi.agreementregistry.core.review.ScheduleReview;
import fi.agreementregistry.core.signature.SignAgreement;
import fi.agreementregistry.core.signature.Signatory;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.function.Function;

/**
 * Every change to an agreement, for every adapter (REST API, web pages, terminal): checks the input the aggregate
 * cannot (dates within the window, a clerk acting for their own party, the successor of a supersession), sends the
 * command, and waits until the agreement read model shows the change (read-your-writes). Each method takes the
 * expected aggregate sequence (If-Match), or null for "whatever is current".
 * <p>
 * The Agreement aggregate decides the rest, in this order: a clerk acts only on an agreement their party is in
 * ({@code actor-not-a-party}), then the expected sequence, then the command's own rules. Its answers become the
 * caller's here ({@link #answer}): a clerk outside the agreement gets exactly the 404 of an unknown agreement, so that
 * nothing (not even a stale If-Match) tells that it exists, and a stale sequence gets 412. A check made here that
 * would refuse a clerk first asks {@link PartyScope#requireMemberOf}, so the 404 still comes before it.
 */
@Service
public class AgreementCommands {

    private final CommandGateway commandGateway;
    private final EventStore eventStore;
    private final AgreementReadModel readModel;
    private final PartyScope partyScope;
    private final DateWindow dates;

    public AgreementCommands(CommandGateway commandGateway, EventStore eventStore, AgreementReadModel readModel,
                             PartyScope partyScope, DateWindow dates) {
        this.commandGateway = commandGateway;
        this.eventStore = eventStore;
        this.readModel = readModel;
        this.partyScope = partyScope;
        this.dates = dates;
    }

    public CommandAccepted draft(DraftAgreementRequest body) {
        dates.require("draftedOn", body.draftedOn());
        if (body.reviewPolicy() != null) {
            String problem = TextRules.problem(body.reviewPolicy().responsibleBody(), false);
            if (problem != null) {
                throw new InvalidFieldException("reviewPolicy.responsibleBody",
                        "'reviewPolicy.responsibleBody' " + problem);
            }
        }
        partyScope.requireDraftIncludesOwnParty(body.parties());
        AgreementId id = AgreementId.random();
        commandGateway.sendAndWait(new DraftAgreement(id, body.title().strip(), body.kind(), body.region(),
                body.councilTerm(), body.parties(), orEmpty(body.principles()), orEmpty(body.goals()),
                orEmpty(body.forums()).stream().map(f -> new Forum(f.name().strip(), f.level())).toList(),
                body.reviewPolicy(), body.draftedOn()));
        readModel.awaitApplied(id, 0);
        return new CommandAccepted(id.value(), 1, 0);
    }

    public CommandAccepted addParty(String id, Long expected, PartyId party) {
        return execute(id, expected, sequence -> new AddParty(agreementId(id), party, sequence));
    }

    public CommandAccepted removeParty(String id, Long expected, String partyId) {
        PartyId party = partyId(partyId);
        return execute(id, expected, sequence -> new RemoveParty(agreementId(id), party, sequence));
    }

    public CommandAccepted amendPrinciples(String id, Long expected, AmendPrinciplesRequest body) {
        dates.require("proposedOn", body.proposedOn());
        return execute(id, expected, sequence -> new AmendPrinciples(agreementId(id), body.principles(),
                body.rationale(), body.proposedOn(), sequence));
    }

    public CommandAccepted recordApproval(String id, Long expected, ApprovalRequest body) {
        dates.require("meetingDate", body.meetingDate());
        partyScope.requireActingFor(agreementId(id), body.partyId());
        return execute(id, expected, sequence -> new RecordApproval(agreementId(id), body.partyId(), body.version(),
                body.decisionBody().strip(), body.meetingDate(), body.section().strip(), body.diaryNumber(),
                body.decisionText(), sequence));
    }

    public CommandAccepted sign(String id, Long expected, SignatureRequest body) {
        dates.require("signedOn", body.signedOn());
        partyScope.requireActingFor(agreementId(id), body.partyId());
        Signatory signatory = new Signatory(body.signatory().name().strip(), body.signatory().title());
        return execute(id, expected, sequence -> new SignAgreement(agreementId(id), body.partyId(), body.version(),
                signatory, body.signedOn(), sequence));
    }

    /** @return the acceptance with the new review's id */
    public CommandAccepted scheduleReview(String id, Long expected, ReviewRequest body) {
        dates.require("dueBy", body.dueBy());
        dates.require("scheduledOn", body.scheduledOn());
        ReviewId reviewId = ReviewId.random();
        CommandAccepted accepted = execute(id, expected, sequence -> new ScheduleReview(agreementId(id), reviewId,
                body.dueBy(), body.kind(), body.responsibleBody().strip(), body.reason(), body.scheduledOn(),
                sequence));
        return new CommandAccepted(accepted.agreementId(), accepted.version(), accepted.aggregateSequence(),
                reviewId.value());
    }

    public CommandAccepted completeReview(String id, String reviewId, Long expected, ReviewCompletionRequest body) {
        dates.require("completedOn", body.completedOn());
        ReviewId review = reviewId(reviewId);
        return execute(id, expected, sequence -> new CompleteReview(agreementId(id), review, body.completedOn(),
                body.outcome(), body.minutesReference(), sequence));
    }

    public CommandAccepted supersede(String id, Long expected, SupersessionRequest body) {
        dates.require("supersededOn", body.supersededOn());
        // A successor the clerk's party is not in looks as unknown as one that does not exist.
        if (eventStore.lastSequenceNumberFor(body.successorId().value()).isEmpty()
                || !partyScope.isMemberOf(body.successorId())) {
            partyScope.requireMemberOf(agreementId(id));
            throw new InvalidFieldException("successorId", "There is no agreement " + body.successorId()
                    + " to supersede this one; draft the successor first.");
        }
        return execute(id, expected, sequence -> new SupersedeAgreement(agreementId(id), body.successorId(),
                body.supersededOn(), sequence));
    }

    public CommandAccepted terminate(String id, Long expected, TerminationRequest body) {
        dates.require("terminatedOn", body.terminatedOn());
        return execute(id, expected, sequence -> new TerminateAgreement(agreementId(id), body.terminatedOn(),
                body.reason().strip(), sequence));
    }

    /** Sends the command with the expected sequence, which the aggregate checks after the actor (see the class). */
    private CommandAccepted execute(String rawId, Long expected, Function<Long, Object> command) {
        AgreementId id = agreementId(rawId);
        AgreementCommandResult result;
        try {
            result = commandGateway.sendAndWait(command.apply(expected));
        } catch (RuntimeException e) {
            throw answer(rawId, e);
        }
        readModel.awaitApplied(id, result.aggregateSequence());
        return new CommandAccepted(id.value(), result.version(), result.aggregateSequence());
    }

    /**
     * The caller's answer to a refused command on an agreement: an unknown agreement and a clerk outside it get the
     * same 404, an expected sequence that is not the agreement's last gets 412; anything else (a broken rule, a
     * concurrent append) goes on as it is.
     */
    private static RuntimeException answer(String rawId, RuntimeException refusal) {
        Throwable cause = Refusal.unwrap(refusal);
        if (cause instanceof AggregateNotFoundException || cause instanceof BusinessRuleViolation violation
                && AgreementRule.ACTOR_NOT_A_PARTY.ruleName().equals(violation.rule())) {
            return PartyScope.unknownAgreement(rawId);
        }
        if (cause instanceof ConflictingAggregateVersionException stale) {
            return new PreconditionFailedException("The agreement has changed since ETag \""
                    + stale.getExpectedVersion() + "\" (it is now at \"" + stale.getActualVersion()
                    + "\"); reload it and try again.");
        }
        return refusal;
    }

    static AgreementId agreementId(String raw) {
        try {
            return AgreementId.of(raw);
        } catch (InvalidValueException e) {
            throw PartyScope.unknownAgreement(raw);
        }
    }

    private static PartyId partyId(String raw) {
        try {
            return PartyId.of(raw);
        } catch (InvalidValueException e) {
            throw new InvalidFieldException("partyId", e.getMessage());
        }
    }

    private static ReviewId reviewId(String raw) {
        try {
            return ReviewId.of(raw);
        } catch (InvalidValueException e) {
            throw new NotFoundException("There is no review " + raw + ".");
        }
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
