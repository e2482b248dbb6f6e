package fi.agreementregistry.api.web;

import fi.agreementregistry.api.application.AgreementReads;
import fi.agreementregistry.api.export.HistoryCsv;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.projections.history.AgreementHistoryProjection;
import fi.agreementregistry.projections.history.HistoryPage;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.util.UriComponentsBuilder;
import java.util.Optional;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.time.LocalDate;

/** The audit table for legal staff: one agreement's events or all agreements' (newest first), filtered, and the CSV. */
@ConditionalOnWebApplication
@Controller
class HistoryPageController {

    static final int PAGE_SIZE = 50;

    private final AgreementReads reads;

    HistoryPageController(AgreementReads reads) {
        this.reads = reads;
    }

    @GetMapping("/ui/history")
    String history(@RequestParam(required = false) String agreement,
                   @RequestParam(name = "party", required = false) String partyParam,
                   @RequestParam(required = false) String type,
                   @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                   @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                   @RequestParam(required = false) String cursor,
                   Model model) {
        PartyId party = UiParams.partyId(partyParam);
        String chosen = agreement == null || agreement.isBlank() ? null : agreement.strip();
        String eventType = type == null || type.isBlank() ? null : type;
        if (chosen != null) {
            model.addAttribute("entries", reads.history(chosen, party, eventType, from, to).entries());
        } else {
            HistoryPage found = reads.allHistory(from, to, party, eventType, PAGE_SIZE, cursor);
            model.addAttribute("entries", found.entries());
            model.addAttribute("total", found.total());
            UriComponentsBuilder here = UriComponentsBuilder.fromPath("/ui/history")
                    .queryParamIfPresent("party", Optional.ofNullable(party).map(PartyId::value))
                    .queryParamIfPresent("type", Optional.ofNullable(eventType))
                    .queryParamIfPresent("from", Optional.ofNullable(from))
                    .queryParamIfPresent("to", Optional.ofNullable(to));
            model.addAttribute("firstPage", cursor == null ? null : here.build().encode().toUriString());
            model.addAttribute("nextPage", found.nextCursor() == null ? null
                    : here.cloneBuilder().queryParam("cursor", found.nextCursor()).build().encode().toUriString());
        }
        model.addAttribute("agreements", reads.agreements(null, null, null));
        model.addAttribute("types", AgreementHistoryProjection.EVENT_TYPES);
        model.addAttribute("agreement", chosen);
        model.addAttribute("party", party == null ? null : party.value());
        model.addAttribute("type", eventType);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        return "ui/history";
    }

    /** The CSV of one agreement's history (as the API gives it), for a signed-in page user (the API itself takes no session). */
    @GetMapping("/ui/history.csv")
    ResponseEntity<byte[]> csv(@RequestParam String agreement,
                               @RequestParam(name = "party", required = false) String partyParam,
                               @RequestParam(required = false) String type,
                               @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                               @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        return HistoryCsv.download(reads.history(agreement, UiParams.partyId(partyParam),
                type == null || type.isBlank() ? null : type, from, to));
    }
}
