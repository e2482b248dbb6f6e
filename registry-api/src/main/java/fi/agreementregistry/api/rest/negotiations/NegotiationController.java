package fi.agreementregistry.api.rest.negotiations;

import fi.agreementregistry.api.application.NegotiationCommands;
import fi.agreementregistry.api.application.NegotiationReads;
import fi.agreementregistry.api.application.requests.MeasureRequest;
import fi.agreementregistry.api.application.requests.MeasureStatusRequest;
import fi.agreementregistry.api.application.requests.NegotiationRequest;
import fi.agreementregistry.api.export.HistoryCsv;
import fi.agreementregistry.api.rest.agreements.IfMatch;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.projections.history.NegotiationHistory;
import fi.agreementregistry.projections.negotiation.NegotiationView;
import jakarta.validation.Valid;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;

/**
 * Statutory negotiations (Act 611/2021 section 14, Act 612/2021 section 7) and the measures agreed in them. Commands
 * answer with the negotiation's aggregate sequence as ETag, which a later command's If-Match may name (a stale one
 * gets 412).
 */
@ConditionalOnWebApplication
@RestController
@RequestMapping("/api/negotiations")
public class NegotiationController {

    private final NegotiationCommands commands;
    private final NegotiationReads reads;

    public NegotiationController(NegotiationCommands commands, NegotiationReads reads) {
        this.commands = commands;
        this.reads = reads;
    }

    @PostMapping
    public ResponseEntity<NegotiationView> record(@Valid @RequestBody NegotiationRequest body) {
        NegotiationView view = commands.record(body);
        return ResponseEntity.created(URI.create("/api/negotiations/" + view.id()))
                .eTag(IfMatch.etagOf(view.aggregateSequence()))
                .body(view);
    }

    @GetMapping("/{id}")
    public ResponseEntity<NegotiationView> find(@PathVariable String id) {
        NegotiationView view = reads.find(id);
        return ResponseEntity.ok().eTag(IfMatch.etagOf(view.aggregateSequence())).body(view);
    }

    /** The negotiation's events with who recorded them and when (the audit history); as CSV with Accept: text/csv. */
    @GetMapping(value = "/{id}/history", produces = MediaType.APPLICATION_JSON_VALUE)
    public NegotiationHistory history(@PathVariable String id) {
        return reads.history(id);
    }

    @GetMapping(value = "/{id}/history", produces = ComplianceController.TEXT_CSV)
    public ResponseEntity<byte[]> historyCsv(@PathVariable String id) {
        return HistoryCsv.download(reads.history(id));
    }

    /** Negotiations held from {@code from} to {@code to} (both included) by a county, with a party; oldest first. */
    @GetMapping
    public List<NegotiationView> list(@RequestParam(required = false) PartyId welfareArea,
                                      @RequestParam(required = false) PartyId party,
                                      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        return reads.list(welfareArea, party, from, to);
    }

    @PostMapping("/{id}/measures")
    public ResponseEntity<NegotiationCommands.MeasureAccepted> addMeasure(
            @PathVariable String id, @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody MeasureRequest body) {
        NegotiationCommands.MeasureAccepted accepted = commands.addMeasure(id,
                IfMatch.expectedSequence(ifMatch, "negotiation"), body);
        return ResponseEntity.created(URI.create("/api/negotiations/" + id))
                .eTag(IfMatch.etagOf(accepted.aggregateSequence()))
                .body(accepted);
    }

    @PostMapping("/{id}/measures/{measureId}/status")
    public ResponseEntity<NegotiationCommands.MeasureAccepted> changeStatus(
            @PathVariable String id, @PathVariable String measureId,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody MeasureStatusRequest body) {
        NegotiationCommands.MeasureAccepted accepted = commands.changeStatus(id, measureId,
                IfMatch.expectedSequence(ifMatch, "negotiation"), body);
        return ResponseEntity.ok().eTag(IfMatch.etagOf(accepted.aggregateSequence())).body(accepted);
    }
}
