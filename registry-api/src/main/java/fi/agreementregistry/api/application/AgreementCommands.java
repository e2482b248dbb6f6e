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
import fi.agreementregistry.core.InvalidValueException;
import fi.agreementregistry.core.agreement.AddParty;
import fi.agreementregistry.core.agreement.AgreementCommandResult;
import fi.agreementregistry.core.agreement.AgreementId;
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
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every change to an agreement, for every adapter (REST API, web pages, terminal): checks the input the aggregate
 * cannot (dates within the window, the clerk's party scope), checks the expected sequence (If-Match) against the stored
 * stream so that a stale one is refused before any rule, sends the command (the Agreement aggregate decides), and
 * waits until the agreement read model shows the change (read-your-writes). Each method takes the expected aggregate
 * sequence, or null for "whatever is current".
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
        partyScope.requireMemberOf(agreementId(id));
        return execute(id, expected, sequence -> new AddParty(agreementId(id), party, sequence));
    }

    public CommandAccepted removeParty(String id, Long expected, String partyId) {
        PartyId party = partyId(partyId);
        partyScope.requireMemberOf(agreementId(id));
        return execute(id, expected, sequence -> new RemoveParty(agreementId(id), party, sequence));
    }

    public CommandAccepted amendPrinciples(String id, Long expected, AmendPrinciplesRequest body) {
        dates.require("proposedOn", body.proposedOn());
        partyScope.requireMemberOf(agreementId(id));
        return execute(id, expected, sequence -> new AmendPrinciples(agreementId(id), body.principles(),
                body.rationale(), body.proposedOn(), sequence));
    }

    public CommandAccepted recordApproval(String id, Long expected, ApprovalRequest body) {
        dates.require("meetingDate", body.meetingDate());
        partyScope.requireMemberOf(agreementId(id));
        partyScope.requireActingFor(body.partyId());
        return execute(id, expected, sequence -> new RecordApproval(agreementId(id), body.partyId(), body.version(),
                body.decisionBody().strip(), body.meetingDate(), body.section().strip(), body.diaryNumber(),
                body.decisionText(), sequence));
    }

    public CommandAccepted sign(String id, Long expected, SignatureRequest body) {
        dates.require("signedOn", body.signedOn());
        partyScope.requireMemberOf(agreementId(id));
        partyScope.requireActingFor(body.partyId());
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
        partyScope.requireMemberOf(agreementId(id));
        // A successor the clerk's party is not in looks as unknown as one that does not exist.
        if (eventStore.lastSequenceNumberFor(body.successorId().value()).isEmpty()
                || !partyScope.isMemberOf(body.successorId())) {
            throw new InvalidFieldException("successorId", "There is no agreement " + body.successorId()
                    + " to supersede this one; draft the successor first.");
        }
        return execute(id, expected, sequence -> new SupersedeAgreement(agreementId(id), body.successorId(),
                body.supersededOn(), sequence));
    }

    public CommandAccepted terminate(String id, Long expected, TerminationRequest body) {
        dates.require("terminatedOn", body.terminatedOn());
        partyScope.requireMemberOf(agreementId(id));
        return execute(id, expected, sequence -> new TerminateAgreement(agreementId(id), body.terminatedOn(),
                body.reason().strip(), sequence));
    }

    /**
     * Checks the expected sequence against the stored event stream first (so a stale one gets 412 before any rule is
     * evaluated), then passes it on in the command, where Axon checks it again atomically with the append.
     */
    private CommandAccepted execute(String rawId, Long expected, Function<Long, Object> command) {
        AgreementId id = agreementId(rawId);
        Optional<Long> current = eventStore.lastSequenceNumberFor(id.value());
        if (current.isEmpty()) {
            throw PartyScope.unknownAgreement(rawId);
        }
        if (expected != null && !expected.equals(current.get())) {
            throw new PreconditionFailedException("The agreement has changed since ETag \"" + expected
                    + "\" (it is now at \"" + current.get() + "\"); reload it and try again.");
        }
        AgreementCommandResult result = commandGateway.sendAndWait(command.apply(expected));
        readModel.awaitApplied(id, result.aggregateSequence());
        return new CommandAccepted(id.value(), result.version(), result.aggregateSequence());
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
