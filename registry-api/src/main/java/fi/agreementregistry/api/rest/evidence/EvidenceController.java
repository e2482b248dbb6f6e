package fi.agreementregistry.api.rest.evidence;

import fi.agreementregistry.api.evidence.EvidenceCheckpoints;
import fi.agreementregistry.api.evidence.EvidenceKey;
import fi.agreementregistry.api.evidence.EvidenceKeys;
import fi.agreementregistry.api.evidence.EvidenceLog;
import fi.agreementregistry.api.evidence.EvidenceReceipts;
import fi.agreementregistry.api.evidence.EvidenceVerification;
import fi.agreementregistry.api.evidence.Merkle;

import fi.agreementregistry.api.application.InvalidFieldException;
import fi.agreementregistry.api.application.NotFoundException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.Base64;
import java.util.List;

/**
 * The tamper-evident log over HTTP (docs/evidence.md): the public key and the signed checkpoints for every signed-in
 * role; consistency proofs, receipts and the verification for auditors and administrators (SecurityConfiguration).
 */
@ConditionalOnWebApplication
@RestController
public class EvidenceController {

    private final EvidenceLog log;
    private final EvidenceCheckpoints checkpoints;
    private final EvidenceKeys keys;
    private final EvidenceReceipts receipts;
    private final EvidenceVerification verification;

    public EvidenceController(EvidenceLog log, EvidenceCheckpoints checkpoints, EvidenceKeys keys,
                              EvidenceReceipts receipts, EvidenceVerification verification) {
        this.log = log;
        this.checkpoints = checkpoints;
        this.keys = keys;
        this.receipts = receipts;
        this.verification = verification;
    }

    public record PublicKey(String origin, String keyName, String algorithm, String publicKey, String verifierKey,
                            List<EvidenceKeys.PublishedKey> keys) {
    }

    public record Consistency(long first, long second, List<String> proof) {
    }

    @GetMapping("/api/evidence/public-key")
    public PublicKey publicKey() {
        EvidenceKey key = keys.current();
        return new PublicKey(checkpoints.origin(), key.name(), "Ed25519",
                Base64.getEncoder().encodeToString(key.publicKey()), key.verifierKey(), keys.published());
    }

    @GetMapping(value = "/api/evidence/checkpoint", produces = MediaType.TEXT_PLAIN_VALUE)
    public ResponseEntity<String> checkpoint() {
        EvidenceCheckpoints.Checkpoint latest = checkpoints.latest()
                .orElseThrow(() -> new NotFoundException("The evidence log has no checkpoint yet."));
        return ResponseEntity.ok().contentType(new MediaType("text", "plain", java.nio.charset.StandardCharsets.UTF_8))
                .body(latest.note());
    }

    @GetMapping("/api/evidence/checkpoints")
    public List<EvidenceCheckpoints.Checkpoint> checkpoints(@RequestParam(defaultValue = "0") long from,
                                                            @RequestParam(defaultValue = "100") int limit) {
        if (from < 0) {
            throw new InvalidFieldException("from", "from is a tree size, 0 or more; got " + from);
        }
        if (limit < 1 || limit > 1000) {
            throw new InvalidFieldException("limit", "limit is from 1 to 1000; got " + limit);
        }
        return checkpoints.list(from, limit);
    }

    @GetMapping("/api/evidence/consistency")
    public Consistency consistency(@RequestParam long first, @RequestParam long second) {
        long size = log.size();
        if (first < 0) {
            throw new InvalidFieldException("first", "first is a tree size, 0 or more; got " + first);
        }
        if (second < first) {
            throw new InvalidFieldException("second", "second (" + second + ") is smaller than first (" + first + ")");
        }
        if (second > size) {
            throw new InvalidFieldException("second", "the log has " + size + " leaves; got second = " + second);
        }
        return new Consistency(first, second, Merkle.consistencyProof(first, second, log.source()).stream()
                .map(Base64.getEncoder()::encodeToString).toList());
    }

    @GetMapping("/api/agreements/{id}/history/{sequence}/receipt")
    public ResponseEntity<EvidenceReceipts.Receipt> receipt(@PathVariable String id, @PathVariable long sequence) {
        if (sequence < 0) {
            throw new InvalidFieldException("sequence", "sequence is 0 or more; got " + sequence);
        }
        EvidenceReceipts.Receipt receipt = receipts.receipt(id, sequence)
                .orElseThrow(() -> new NotFoundException("Agreement " + id + " has no event " + sequence + "."));
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"receipt-" + id.replaceAll("[^A-Za-z0-9-]", "_")
                        + "-" + sequence + ".json\"")
                .body(receipt);
    }

    @GetMapping("/api/evidence/verification")
    public EvidenceVerification.Report verification() {
        return verification.verify();
    }

    @ExceptionHandler(EvidenceReceipts.NotYetProvable.class)
    ResponseEntity<ProblemDetail> notYet(EvidenceReceipts.NotYetProvable e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setType(URI.create("/problems/not-yet-checkpointed"));
        problem.setTitle("Not yet under a signed checkpoint");
        long seconds = Math.max(1, checkpointsEverySeconds());
        return ResponseEntity.status(HttpStatus.CONFLICT).header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @ExceptionHandler(EvidenceReceipts.EvidenceMismatch.class)
    ResponseEntity<ProblemDetail> mismatch(EvidenceReceipts.EvidenceMismatch e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setType(URI.create("/problems/evidence-mismatch"));
        problem.setTitle("The stored event does not match the evidence log");
        return ResponseEntity.status(HttpStatus.CONFLICT).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private long checkpointsEverySeconds() {
        return checkpoints.checkpointEvery().toSeconds();
    }
}
