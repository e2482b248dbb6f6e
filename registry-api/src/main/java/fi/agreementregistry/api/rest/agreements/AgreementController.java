package fi.agreementregistry.api.rest.agreements;

import fi.agreementregistry.api.application.AgreementCommands;
import fi.agreementregistry.api.application.AgreementReads;
import fi.agreementregistry.api.application.CommandAccepted;
import fi.agreementregistry.api.application.requests.AmendPrinciplesRequest;
import fi.agreementregistry.api.application.requests.ApprovalRequest;
import fi.agreementregistry.api.application.requests.DraftAgreementRequest;
import fi.agreementregistry.api.application.requests.PartyRequest;
import fi.agreementregistry.api.application.requests.ReviewCompletionRequest;
import fi.agreementregistry.api.application.requests.ReviewRequest;
import fi.agreementregistry.api.application.requests.SignatureRequest;
import fi.agreementregistry.api.application.requests.SupersessionRequest;
import fi.agreementregistry.api.application.requests.TerminationRequest;
import fi.agreementregistry.core.agreement.AgreementStatus;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.projections.agreement.AgreementView;
import fi.agreementregistry.projections.agreement.ReviewView;
import jakarta.validation.Valid;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
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

/**
 * Translates HTTP into calls of the application layer ({@link AgreementCommands}, {@link AgreementReads}), nothing
 * more. Every command answer carries the new text version and, as ETag, the aggregate sequence number that a later
 * If-Match must name (a stale one gets 412).
 */
@ConditionalOnWebApplication
@RestController
@RequestMapping("/api/agreements")
public class AgreementController {

    private final AgreementCommands commands;
    private final AgreementReads reads;

    public AgreementController(AgreementCommands commands, AgreementReads reads) {
        this.commands = commands;
        this.reads = reads;
    }

    @PostMapping
    public ResponseEntity<CommandAccepted> draft(@Valid @RequestBody DraftAgreementRequest body) {
        CommandAccepted accepted = commands.draft(body);
        return ResponseEntity.created(URI.create("/api/agreements/" + accepted.agreementId()))
                .eTag(IfMatch.etagOf(accepted.aggregateSequence()))
                .body(accepted);
    }

    @GetMapping("/{id}")
    public ResponseEntity<AgreementView> get(@PathVariable String id) {
        AgreementView view = reads.agreement(id);
        return ResponseEntity.ok().eTag(IfMatch.etagOf(view.aggregateSequence())).body(view);
    }

    @GetMapping
    public List<AgreementView> list(@RequestParam(required = false) PartyId party,
                                    @RequestParam(required = false) AgreementStatus status,
                                    @RequestParam(required = false) String councilTerm) {
        return reads.agreements(party, status, councilTerm);
    }

    @PostMapping("/{id}/parties")
    public ResponseEntity<CommandAccepted> addParty(@PathVariable String id,
                                                    @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                    @Valid @RequestBody PartyRequest body) {
        return answer(HttpStatus.OK, commands.addParty(id, IfMatch.expectedSequence(ifMatch), body.partyId()));
    }

    @DeleteMapping("/{id}/parties/{partyId}")
    public ResponseEntity<CommandAccepted> removeParty(@PathVariable String id, @PathVariable String partyId,
                                                       @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return answer(HttpStatus.OK, commands.removeParty(id, IfMatch.expectedSequence(ifMatch), partyId));
    }

    @PostMapping("/{id}/principles")
    public ResponseEntity<CommandAccepted> amendPrinciples(@PathVariable String id,
                                                           @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                           @Valid @RequestBody AmendPrinciplesRequest body) {
        return answer(HttpStatus.OK, commands.amendPrinciples(id, IfMatch.expectedSequence(ifMatch), body));
    }

    @PostMapping("/{id}/approvals")
    public ResponseEntity<CommandAccepted> recordApproval(@PathVariable String id,
                                                          @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                          @Valid @RequestBody ApprovalRequest body) {
        return answer(HttpStatus.CREATED, commands.recordApproval(id, IfMatch.expectedSequence(ifMatch), body));
    }

    @PostMapping("/{id}/signatures")
    public ResponseEntity<CommandAccepted> sign(@PathVariable String id,
                                                @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                @Valid @RequestBody SignatureRequest body) {
        return answer(HttpStatus.CREATED, commands.sign(id, IfMatch.expectedSequence(ifMatch), body));
    }

    @PostMapping("/{id}/reviews")
    public ResponseEntity<CommandAccepted> scheduleReview(@PathVariable String id,
                                                          @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                          @Valid @RequestBody ReviewRequest body) {
        CommandAccepted accepted = commands.scheduleReview(id, IfMatch.expectedSequence(ifMatch), body);
        return ResponseEntity.created(URI.create("/api/agreements/" + id + "/reviews/" + accepted.reviewId()))
                .eTag(IfMatch.etagOf(accepted.aggregateSequence()))
                .body(accepted);
    }

    @GetMapping("/{id}/reviews/{reviewId}")
    public ReviewView review(@PathVariable String id, @PathVariable String reviewId) {
        return reads.review(id, reviewId);
    }

    @PostMapping("/{id}/reviews/{reviewId}/completion")
    public ResponseEntity<CommandAccepted> completeReview(@PathVariable String id, @PathVariable String reviewId,
                                                          @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                          @Valid @RequestBody ReviewCompletionRequest body) {
        return answer(HttpStatus.OK, commands.completeReview(id, reviewId, IfMatch.expectedSequence(ifMatch), body));
    }

    @PostMapping("/{id}/supersession")
    public ResponseEntity<CommandAccepted> supersede(@PathVariable String id,
                                                     @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                     @Valid @RequestBody SupersessionRequest body) {
        return answer(HttpStatus.OK, commands.supersede(id, IfMatch.expectedSequence(ifMatch), body));
    }

    @PostMapping("/{id}/termination")
    public ResponseEntity<CommandAccepted> terminate(@PathVariable String id,
                                                     @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                     @Valid @RequestBody TerminationRequest body) {
        return answer(HttpStatus.OK, commands.terminate(id, IfMatch.expectedSequence(ifMatch), body));
    }

    private static ResponseEntity<CommandAccepted> answer(HttpStatus status, CommandAccepted accepted) {
        return ResponseEntity.status(status).eTag(IfMatch.etagOf(accepted.aggregateSequence())).body(accepted);
    }
}
