package fi.agreementregistry.api.rest.agreements;

import fi.agreementregistry.api.application.AgreementReadModel;
import fi.agreementregistry.api.application.AmendPrinciplesRequest;
import fi.agreementregistry.api.application.ApprovalRequest;
import fi.agreementregistry.api.application.CommandAccepted;
import fi.agreementregistry.api.application.DraftAgreementRequest;
import fi.agreementregistry.api.application.PartyRequest;
import fi.agreementregistry.api.application.ReviewCompletionRequest;
import fi.agreementregistry.api.application.ReviewRequest;
import fi.agreementregistry.api.application.SignatureRequest;
import fi.agreementregistry.api.application.SupersessionRequest;
import fi.agreementregistry.api.application.TerminationRequest;

import fi.agreementregistry.api.application.DateWindow;
import fi.agreementregistry.api.application.TextRules;
import fi.agreementregistry.api.application.InvalidFieldException;
import fi.agreementregistry.api.application.NotFoundException;
import fi.agreementregistry.api.application.PreconditionFailedException;
import fi.agreementregistry.api.application.PartyScope;
import fi.agreementregistry.core.InvalidValueException;
import fi.agreementregistry.core.agreement.AddParty;
import fi.agreementregistry.core.agreement.AgreementCommandResult;
import fi.agreementregistry.core.agreement.AgreementId;
import fi.agreementregistry.core.agreement.AgreementStatus;
import fi.agreementregistry.core.agreement.CouncilTerm;
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
import fi.agreementregistry.projections.agreement.AgreementList;
import fi.agreementregistry.projections.agreement.AgreementView;
import fi.agreementregistry.projections.agreement.FindAgreements;
import jakarta.validation.Valid;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Translates HTTP into agreement commands and queries, nothing more: the Agreement aggregate decides.
 * Every command answer carries the new text version and, as ETag, the aggregate sequence number that
 * a later If-Match must name (a stale one gets 412).
 */
@RestController
@RequestMapping("/api/agreements")
public class AgreementController {

    private final CommandGateway commandGateway;
    private final QueryGateway queryGateway;
    private final EventStore eventStore;
    private final AgreementReadModel readModel;
    private final PartyScope partyScope;
    private final DateWindow dates;

    public AgreementController(CommandGateway commandGateway, QueryGateway queryGateway, EventStore eventStore,
                               AgreementReadModel readModel, PartyScope partyScope, DateWindow dates) {
        this.commandGateway = commandGateway;
        this.queryGateway = queryGateway;
        this.eventStore = eventStore;
        this.readModel = readModel;
        this.partyScope = partyScope;
        this.dates = dates;
    }

    @PostMapping
    public ResponseEntity<CommandAccepted> draft(@Valid @RequestBody DraftAgreementRequest body) {
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
        return ResponseEntity.created(URI.create("/api/agreements/" + id))
                .eTag(IfMatch.etagOf(0))
                .body(new CommandAccepted(id.value(), 1, 0));
    }

    @GetMapping("/{id}")
    public ResponseEntity<AgreementView> get(@PathVariable String id) {
        AgreementView view = readModel.find(agreementId(id)).filter(partyScope::maySee)
                .orElseThrow(() -> unknownAgreement(id));
        return ResponseEntity.ok().eTag(IfMatch.etagOf(view.aggregateSequence())).body(view);
    }

    @GetMapping
    public List<AgreementView> list(@RequestParam(required = false) PartyId party,
                                    @RequestParam(required = false) AgreementStatus status,
                                    @RequestParam(required = false) String councilTerm) {
        CouncilTerm term = null;
        if (councilTerm != null && !councilTerm.isBlank()) {
            try {
                term = CouncilTerm.parse(councilTerm);
            } catch (InvalidValueException e) {
                throw new InvalidFieldException("councilTerm", e.getMessage());
            }
        }
        return queryGateway.query(new FindAgreements(party, status, term),
                ResponseTypes.instanceOf(AgreementList.class)).join().agreements()
                .stream().filter(partyScope::maySee).toList();
    }

    @PostMapping("/{id}/parties")
    public ResponseEntity<CommandAccepted> addParty(@PathVariable String id,
                                                    @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                    @Valid @RequestBody PartyRequest body) {
        partyScope.requireMemberOf(agreementId(id));
        return execute(id, ifMatch, HttpStatus.OK, expected -> new AddParty(agreementId(id), body.partyId(), expected));
    }

    @DeleteMapping("/{id}/parties/{partyId}")
    public ResponseEntity<CommandAccepted> removeParty(@PathVariable String id, @PathVariable String partyId,
                                                       @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        PartyId party = partyId(partyId);
        partyScope.requireMemberOf(agreementId(id));
        return execute(id, ifMatch, HttpStatus.OK, expected -> new RemoveParty(agreementId(id), party, expected));
    }

    @PostMapping("/{id}/principles")
    public ResponseEntity<CommandAccepted> amendPrinciples(@PathVariable String id,
                                                           @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                           @Valid @RequestBody AmendPrinciplesRequest body) {
        dates.require("proposedOn", body.proposedOn());
        partyScope.requireMemberOf(agreementId(id));
        return execute(id, ifMatch, HttpStatus.OK, expected -> new AmendPrinciples(agreementId(id), body.principles(),
                body.rationale(), body.proposedOn(), expected));
    }

    @PostMapping("/{id}/approvals")
    public ResponseEntity<CommandAccepted> recordApproval(@PathVariable String id,
                                                          @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                          @Valid @RequestBody ApprovalRequest body) {
        dates.require("meetingDate", body.meetingDate());
        partyScope.requireMemberOf(agreementId(id));
        partyScope.requireActingFor(body.partyId());
        return execute(id, ifMatch, HttpStatus.CREATED, expected -> new RecordApproval(agreementId(id),
                body.partyId(), body.version(), body.decisionBody().strip(), body.meetingDate(), body.section().strip(),
                body.diaryNumber(), body.decisionText(), expected));
    }

    @PostMapping("/{id}/signatures")
    public ResponseEntity<CommandAccepted> sign(@PathVariable String id,
                                                @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                @Valid @RequestBody SignatureRequest body) {
        dates.require("signedOn", body.signedOn());
        partyScope.requireMemberOf(agreementId(id));
        partyScope.requireActingFor(body.partyId());
        Signatory signatory = new Signatory(body.signatory().name().strip(), body.signatory().title());
        return execute(id, ifMatch, HttpStatus.CREATED, expected -> new SignAgreement(agreementId(id),
                body.partyId(), body.version(), signatory, body.signedOn(), expected));
    }

    @PostMapping("/{id}/reviews")
    public ResponseEntity<CommandAccepted> scheduleReview(@PathVariable String id,
                                                          @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                          @Valid @RequestBody ReviewRequest body) {
        dates.require("dueBy", body.dueBy());
        dates.require("scheduledOn", body.scheduledOn());
        ReviewId reviewId = ReviewId.random();
        ResponseEntity<CommandAccepted> response = execute(id, ifMatch, HttpStatus.CREATED,
                expected -> new ScheduleReview(agreementId(id), reviewId, body.dueBy(), body.kind(),
                        body.responsibleBody().strip(), body.reason(), body.scheduledOn(), expected));
        CommandAccepted accepted = response.getBody();
        return ResponseEntity.created(URI.create("/api/agreements/" + id + "/reviews/" + reviewId))
                .headers(response.getHeaders())
                .body(new CommandAccepted(accepted.agreementId(), accepted.version(), accepted.aggregateSequence(),
                        reviewId.value()));
    }

    @GetMapping("/{id}/reviews/{reviewId}")
    public Object review(@PathVariable String id, @PathVariable String reviewId) {
        AgreementView view = readModel.find(agreementId(id)).filter(partyScope::maySee)
                .orElseThrow(() -> unknownAgreement(id));
        return view.reviews().stream().filter(r -> r.reviewId().equals(reviewId)).findFirst()
                .orElseThrow(() -> new NotFoundException("Agreement " + id + " has no review " + reviewId + "."));
    }

    @PostMapping("/{id}/reviews/{reviewId}/completion")
    public ResponseEntity<CommandAccepted> completeReview(@PathVariable String id, @PathVariable String reviewId,
                                                          @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                          @Valid @RequestBody ReviewCompletionRequest body) {
        dates.require("completedOn", body.completedOn());
        ReviewId review = reviewId(reviewId);
        return execute(id, ifMatch, HttpStatus.OK, expected -> new CompleteReview(agreementId(id), review,
                body.completedOn(), body.outcome(), body.minutesReference(), expected));
    }

    @PostMapping("/{id}/supersession")
    public ResponseEntity<CommandAccepted> supersede(@PathVariable String id,
                                                     @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                     @Valid @RequestBody SupersessionRequest body) {
        dates.require("supersededOn", body.supersededOn());
        partyScope.requireMemberOf(agreementId(id));
        // A successor the clerk's party is not in looks as unknown as one that does not exist.
        if (eventStore.lastSequenceNumberFor(body.successorId().value()).isEmpty()
                || !partyScope.isMemberOf(body.successorId())) {
            throw new InvalidFieldException("successorId", "There is no agreement " + body.successorId()
                    + " to supersede this one; draft the successor first.");
        }
        return execute(id, ifMatch, HttpStatus.OK,
                expected -> new SupersedeAgreement(agreementId(id), body.successorId(), body.supersededOn(), expected));
    }

    @PostMapping("/{id}/termination")
    public ResponseEntity<CommandAccepted> terminate(@PathVariable String id,
                                                     @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                     @Valid @RequestBody TerminationRequest body) {
        dates.require("terminatedOn", body.terminatedOn());
        partyScope.requireMemberOf(agreementId(id));
        return execute(id, ifMatch, HttpStatus.OK,
                expected -> new TerminateAgreement(agreementId(id), body.terminatedOn(), body.reason().strip(), expected));
    }

    /**
     * Checks If-Match against the stored event stream first (so a stale ETag gets 412 before any rule
     * is evaluated), then passes the expected sequence on in the command, where Axon checks it again
     * atomically with the append.
     */
    private ResponseEntity<CommandAccepted> execute(String rawId, String ifMatch, HttpStatus status,
                                                    Function<Long, Object> command) {
        AgreementId id = agreementId(rawId);
        Long expected = IfMatch.expectedSequence(ifMatch);
        Optional<Long> current = eventStore.lastSequenceNumberFor(id.value());
        if (current.isEmpty()) {
            throw unknownAgreement(rawId);
        }
        if (expected != null && !expected.equals(current.get())) {
            throw new PreconditionFailedException("The agreement has changed since ETag \"" + expected
                    + "\" (it is now at \"" + current.get() + "\"); reload it and try again.");
        }
        AgreementCommandResult result = commandGateway.sendAndWait(command.apply(expected));
        readModel.awaitApplied(id, result.aggregateSequence());
        return ResponseEntity.status(status)
                .eTag(IfMatch.etagOf(result.aggregateSequence()))
                .body(new CommandAccepted(id.value(), result.version(), result.aggregateSequence()));
    }

    private static AgreementId agreementId(String raw) {
        try {
            return AgreementId.of(raw);
        } catch (InvalidValueException e) {
            throw unknownAgreement(raw);
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

    private static NotFoundException unknownAgreement(String id) {
        return PartyScope.unknownAgreement(id);
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
