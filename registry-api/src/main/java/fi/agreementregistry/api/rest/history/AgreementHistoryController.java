package fi.agreementregistry.api.rest.history;

import fi.agreementregistry.api.application.DateWindow;
import fi.agreementregistry.api.application.PartyScope;
import fi.agreementregistry.api.application.InvalidFieldException;
import fi.agreementregistry.api.application.NotFoundException;
import fi.agreementregistry.core.InvalidValueException;
import fi.agreementregistry.core.agreement.AgreementId;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.projections.history.AgreementHistory;
import fi.agreementregistry.projections.history.AgreementHistoryProjection;
import fi.agreementregistry.projections.history.FindAgreementHistory;
import fi.agreementregistry.projections.history.FindHistory;
import fi.agreementregistry.projections.history.FindPrinciples;
import fi.agreementregistry.projections.history.FindPrinciplesDiff;
import fi.agreementregistry.projections.history.HistoryPage;
import fi.agreementregistry.projections.history.PrinciplesDiff;
import fi.agreementregistry.projections.history.PrinciplesVersion;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.LocalDate;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The audit trail: an agreement's events as JSON or, with {@code Accept: text/csv}, as a CSV file for
 * legal staff; the history across agreements page by page; and the versions of the principles.
 */
@RestController
public class AgreementHistoryController {

    static final String TEXT_CSV = "text/csv";

    private final QueryGateway queryGateway;
    private final PartyScope partyScope;
    private final DateWindow dates;

    public AgreementHistoryController(QueryGateway queryGateway, PartyScope partyScope, DateWindow dates) {
        this.queryGateway = queryGateway;
        this.partyScope = partyScope;
        this.dates = dates;
    }

    @GetMapping(value = "/api/agreements/{id}/history", produces = MediaType.APPLICATION_JSON_VALUE)
    public AgreementHistory history(@PathVariable String id,
                                    @RequestParam(required = false) PartyId party,
                                    @RequestParam(required = false) String type,
                                    @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                    @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        FindAgreementHistory query = new FindAgreementHistory(agreementId(id), party, eventType(type), from, to);
        requireRange(from, to);
        partyScope.requireMayRead(query.agreementId(), () -> unknownAgreement(id));
        return ask(query, AgreementHistory.class).orElseThrow(() -> unknownAgreement(id));
    }

    @GetMapping(value = "/api/agreements/{id}/history", produces = TEXT_CSV)
    public ResponseEntity<byte[]> historyCsv(@PathVariable String id,
                                             @RequestParam(required = false) PartyId party,
                                             @RequestParam(required = false) String type,
                                             @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                             @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        AgreementHistory history = history(id, party, type, from, to);
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("history-" + history.agreementId() + ".csv").build().toString())
                .body(HistoryCsv.write(history.entries()));
    }

    /** Every agreement's events, newest business date first; {@code page} counts from 0. */
    @GetMapping("/api/history")
    public HistoryPage all(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                           @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                           @RequestParam(required = false) PartyId party,
                           @RequestParam(required = false) String type,
                           @RequestParam(defaultValue = "0") int page,
                           @RequestParam(defaultValue = "50") int size) {
        requireRange(from, to);
        if (page < 0) {
            throw new InvalidFieldException("page", "page counts from 0; got " + page);
        }
        if (size < 1 || size > 500) {
            throw new InvalidFieldException("size", "size is from 1 to 500; got " + size);
        }
        return ask(new FindHistory(from, to, partyScope.ownPartyOr(party), eventType(type), page, size),
                HistoryPage.class).orElseThrow();
    }

    @GetMapping("/api/agreements/{id}/principles")
    public PrinciplesVersion principles(@PathVariable String id, @RequestParam int version) {
        Supplier<NotFoundException> none = () -> new NotFoundException("Agreement " + id + " has no version "
                + version + " of its principles.");
        partyScope.requireMayRead(agreementId(id), none);
        return ask(new FindPrinciples(agreementId(id), version), PrinciplesVersion.class).orElseThrow(none);
    }

    @GetMapping("/api/agreements/{id}/principles/diff")
    public PrinciplesDiff diff(@PathVariable String id, @RequestParam int from, @RequestParam int to) {
        Supplier<NotFoundException> none = () -> new NotFoundException("Agreement " + id
                + " does not have both versions " + from + " and " + to + " of its principles.");
        partyScope.requireMayRead(agreementId(id), none);
        return ask(new FindPrinciplesDiff(agreementId(id), from, to), PrinciplesDiff.class).orElseThrow(none);
    }

    private <R> Optional<R> ask(Object query, Class<R> type) {
        return Optional.ofNullable(queryGateway.query(query, ResponseTypes.instanceOf(type)).join());
    }

    private static String eventType(String type) {
        if (type == null || type.isBlank()) {
            return null;
        }
        return AgreementHistoryProjection.EVENT_TYPES.stream().filter(t -> t.equalsIgnoreCase(type.strip()))
                .findFirst()
                .orElseThrow(() -> new InvalidFieldException("type", "'" + type + "' is not an event type; use one of "
                        + AgreementHistoryProjection.EVENT_TYPES));
    }

    private void requireRange(LocalDate from, LocalDate to) {
        dates.require("from", from);
        dates.require("to", to);
        if (from != null && to != null && from.isAfter(to)) {
            throw new InvalidFieldException("from", "from (" + from + ") is after to (" + to + ")");
        }
    }

    private static AgreementId agreementId(String raw) {
        try {
            return AgreementId.of(raw);
        } catch (InvalidValueException e) {
            throw unknownAgreement(raw);
        }
    }

    private static NotFoundException unknownAgreement(String id) {
        return new NotFoundException("There is no agreement " + id + ".");
    }
}
