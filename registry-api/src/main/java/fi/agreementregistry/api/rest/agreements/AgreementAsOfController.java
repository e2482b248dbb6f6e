package fi.agreementregistry.api.rest.agreements;

import fi.agreementregistry.api.application.DateWindow;
import fi.agreementregistry.api.application.PartyScope;
import fi.agreementregistry.api.application.NotFoundException;
import fi.agreementregistry.core.InvalidValueException;
import fi.agreementregistry.core.agreement.AgreementId;
import fi.agreementregistry.projections.agreement.AgreementView;
import fi.agreementregistry.projections.agreement.FindAgreementAsOf;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
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
@RestController
public class AgreementAsOfController {

    private final QueryGateway queryGateway;
    private final PartyScope partyScope;
    private final DateWindow dates;

    public AgreementAsOfController(QueryGateway queryGateway, PartyScope partyScope, DateWindow dates) {
        this.queryGateway = queryGateway;
        this.partyScope = partyScope;
        this.dates = dates;
    }

    @GetMapping(value = "/api/agreements/{id}", params = "asOf")
    public AgreementView asOf(@PathVariable String id,
                              @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
                              @RequestParam(required = false) Instant knownAt) {
        return find(id, asOf, knownAt);
    }

    @GetMapping(value = "/api/agreements/{id}", params = {"knownAt", "!asOf"})
    public AgreementView knownAt(@PathVariable String id, @RequestParam Instant knownAt) {
        return find(id, null, knownAt);
    }

    private AgreementView find(String id, LocalDate asOf, Instant knownAt) {
        dates.require("asOf", asOf);
        dates.require("knownAt", knownAt);
        AgreementId agreementId;
        try {
            agreementId = AgreementId.of(id);
        } catch (InvalidValueException e) {
            throw notFound(id, asOf, knownAt);
        }
        partyScope.requireMayRead(agreementId, () -> notFound(id, asOf, knownAt));
        AgreementView view = queryGateway.query(new FindAgreementAsOf(agreementId, asOf, knownAt),
                ResponseTypes.instanceOf(AgreementView.class)).join();
        if (view == null) {
            throw notFound(id, asOf, knownAt);
        }
        return view;
    }

    private static NotFoundException notFound(String id, LocalDate asOf, Instant knownAt) {
        String when = (asOf != null ? " on " + asOf : "") + (knownAt != null ? " as known at " + knownAt : "");
        return new NotFoundException("There was no agreement " + id + when + ".");
    }
}
