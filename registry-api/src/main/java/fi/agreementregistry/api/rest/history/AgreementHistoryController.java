package fi.agreementregistry.api.rest.history;

import fi.agreementregistry.api.export.HistoryCsv;

import fi.agreementregistry.api.application.AgreementReads;
import fi.agreementregistry.api.application.InvalidFieldException;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.projections.history.AgreementHistory;
import fi.agreementregistry.projections.history.HistoryPage;
import fi.agreementregistry.projections.history.PrinciplesDiff;
import fi.agreementregistry.projections.history.PrinciplesVersion;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.LocalDate;

/**
 * The audit trail: an agreement's events as JSON or, with {@code Accept: text/csv}, as a CSV file for
 * legal staff; the history across agreements page by page; and the versions of the principles.
 */
@ConditionalOnWebApplication
@RestController
public class AgreementHistoryController {

    static final String TEXT_CSV = "text/csv";

    private final AgreementReads reads;

    public AgreementHistoryController(AgreementReads reads) {
        this.reads = reads;
    }

    @GetMapping(value = "/api/agreements/{id}/history", produces = MediaType.APPLICATION_JSON_VALUE)
    public AgreementHistory history(@PathVariable String id,
                                    @RequestParam(required = false) PartyId party,
                                    @RequestParam(required = false) String type,
                                    @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                    @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        return reads.history(id, party, type, from, to);
    }

    @GetMapping(value = "/api/agreements/{id}/history", produces = TEXT_CSV)
    public ResponseEntity<byte[]> historyCsv(@PathVariable String id,
                                             @RequestParam(required = false) PartyId party,
                                             @RequestParam(required = false) String type,
                                             @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                             @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        return HistoryCsv.download(reads.history(id, party, type, from, to));
    }

    /**
     * Every agreement's events, newest business date first, a page at a time: by cursor ({@code limit}, default 100,
     * and the previous page's {@code nextCursor} as {@code cursor}), or, as before, by page number ({@code page} from 0
     * and {@code size}, default 50), which costs more the further the page is.
     */
    @GetMapping("/api/history")
    public HistoryPage all(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                           @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                           @RequestParam(required = false) PartyId party,
                           @RequestParam(required = false) String type,
                           @RequestParam(required = false) Integer page,
                           @RequestParam(required = false) Integer size,
                           @RequestParam(required = false) Integer limit,
                           @RequestParam(required = false) String cursor) {
        if (page != null || size != null) {
            if (limit != null || cursor != null) {
                throw new InvalidFieldException(cursor != null ? "cursor" : "limit",
                        "page and size, or limit and cursor: one way of paging at a time");
            }
            return reads.allHistory(from, to, party, type, page == null ? 0 : page, size == null ? 50 : size);
        }
        return reads.allHistory(from, to, party, type, limit, cursor);
    }

    @GetMapping("/api/agreements/{id}/principles")
    public PrinciplesVersion principles(@PathVariable String id, @RequestParam int version) {
        return reads.principles(id, version);
    }

    @GetMapping("/api/agreements/{id}/principles/diff")
    public PrinciplesDiff diff(@PathVariable String id, @RequestParam int from, @RequestParam int to) {
        return reads.diff(id, from, to);
    }
}
