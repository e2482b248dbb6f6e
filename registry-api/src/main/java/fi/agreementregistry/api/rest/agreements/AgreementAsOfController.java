package fi.agreementregistry.api.rest.agreements;

import fi.agreementregistry.api.application.AgreementReads;
import fi.agreementregistry.projections.agreement.AgreementView;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.LocalDate;

/**
 * {@code GET /api/agreements/{id}?asOf=2024-06-30&knownAt=2025-01-01T00:00:00Z}: the agreement as it stood
 * on a business date, as far as the registry knew at a recorded time, computed from its own events. Mapped by
 * parameter so that the plain {@code GET /api/agreements/{id}} keeps answering from the read model. No ETag:
 * a past state is not something to send an If-Match against.
 */
@ConditionalOnWebApplication
@RestController
public class AgreementAsOfController {

    private final AgreementReads reads;

    public AgreementAsOfController(AgreementReads reads) {
        this.reads = reads;
    }

    @GetMapping(value = "/api/agreements/{id}", params = "asOf")
    public AgreementView asOf(@PathVariable String id,
                              @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
                              @RequestParam(required = false) Instant knownAt) {
        return reads.asOf(id, asOf, knownAt);
    }

    @GetMapping(value = "/api/agreements/{id}", params = {"knownAt", "!asOf"})
    public AgreementView knownAt(@PathVariable String id, @RequestParam Instant knownAt) {
        return reads.asOf(id, null, knownAt);
    }
}
