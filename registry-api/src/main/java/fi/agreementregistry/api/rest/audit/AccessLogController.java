package fi.agreementregistry.api.rest.audit;

import fi.agreementregistry.api.export.CsvDownload;
import fi.agreementregistry.api.accesslog.AccessLogQueries;
import fi.agreementregistry.api.accesslog.AccessLogVerification;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/**
 * {@code GET /api/audit/access}: the access log for auditors (newest first, filtered, paged; CSV with
 * {@code Accept: text/csv}), and {@code GET /api/audit/access/verification}: whether its chains are whole.
 * Reading the log is itself logged.
 */
@ConditionalOnWebApplication
@RestController
@RequestMapping("/api/audit/access")
public class AccessLogController {

    private final AccessLogQueries queries;
    private final AccessLogVerification verification;

    public AccessLogController(AccessLogQueries queries, AccessLogVerification verification) {
        this.queries = queries;
        this.verification = verification;
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public AccessLogQueries.Page entries(@RequestParam(required = false) String user,
                                         @RequestParam(required = false) String target,
                                         @RequestParam(required = false) LocalDate from,
                                         @RequestParam(required = false) LocalDate to,
                                         @RequestParam(defaultValue = "0") int page,
                                         @RequestParam(defaultValue = "100") int size) {
        return queries.page(new AccessLogQueries.Filter(user, target, from, to), page, size);
    }

    @GetMapping(produces = "text/csv")
    public ResponseEntity<byte[]> csv(@RequestParam(required = false) String user,
                                      @RequestParam(required = false) String target,
                                      @RequestParam(required = false) LocalDate from,
                                      @RequestParam(required = false) LocalDate to) {
        return CsvDownload.of("access-log.csv", queries.csv(new AccessLogQueries.Filter(user, target, from, to))
                .getBytes(StandardCharsets.UTF_8));
    }

    @GetMapping("/verification")
    public AccessLogVerification.Report verification() {
        return verification.verify();
    }
}
