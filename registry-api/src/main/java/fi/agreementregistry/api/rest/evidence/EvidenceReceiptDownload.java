package fi.agreementregistry.api.rest.evidence;

import fi.agreementregistry.api.evidence.EvidenceReceipts;

import com.fasterxml.jackson.databind.ObjectMapper;
import fi.agreementregistry.api.security.CurrentUser;
import fi.agreementregistry.api.security.Role;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The receipt download of the web interface's history rows ({@code /ui/history}): the same receipt as the API, as a
 * JSON file, for auditors and administrators signed in to the web interface.
 */
@ConditionalOnWebApplication
@Controller
public class EvidenceReceiptDownload {

    private static final Set<Role> MAY = Set.of(Role.AUDITOR, Role.ADMIN);

    private final EvidenceReceipts receipts;
    private final ObjectMapper json;
    private final MessageSource messages;

    public EvidenceReceiptDownload(EvidenceReceipts receipts, ObjectMapper json, MessageSource messages) {
        this.receipts = receipts;
        this.json = json;
        this.messages = messages;
    }

    @GetMapping("/ui/agreements/{id}/history/{sequence}/receipt")
    public ResponseEntity<byte[]> download(@PathVariable String id, @PathVariable String sequence) throws Exception {
        if (CurrentUser.get().map(u -> !MAY.contains(u.role())).orElse(true)) {
            return text(HttpStatus.FORBIDDEN, "Receipts are for auditors and administrators.");
        }
        long number;
        try {
            number = Long.parseLong(sequence);
        } catch (NumberFormatException e) {
            return text(HttpStatus.BAD_REQUEST, "sequence: not a number: " + sequence);
        }
        try {
            return receipts.receipt(id, number)
                    .map(r -> {
                        try {
                            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"receipt-"
                                            + id.replaceAll("[^A-Za-z0-9-]", "_") + "-" + number + ".json\"")
                                    .body(json.writerWithDefaultPrettyPrinter().writeValueAsBytes(r));
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .orElseGet(() -> text(HttpStatus.NOT_FOUND, "No such event."));
        } catch (EvidenceReceipts.NotYetProvable e) {
            return ResponseEntity.status(HttpStatus.CONFLICT).header(HttpHeaders.RETRY_AFTER, "10")
                    .contentType(new MediaType("text", "plain", StandardCharsets.UTF_8))
                    .body(messages.getMessage("history.receiptNotYet", null, e.getMessage(),
                            LocaleContextHolder.getLocale()).getBytes(StandardCharsets.UTF_8));
        } catch (EvidenceReceipts.EvidenceMismatch e) {
            return text(HttpStatus.CONFLICT, e.getMessage());
        }
    }

    private static ResponseEntity<byte[]> text(HttpStatus status, String message) {
        return ResponseEntity.status(status).contentType(new MediaType("text", "plain", StandardCharsets.UTF_8))
                .body(message.getBytes(StandardCharsets.UTF_8));
    }
}
