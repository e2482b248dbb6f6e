package fi.agreementregistry.api.web;

import fi.agreementregistry.api.application.AgreementReads;
import fi.agreementregistry.api.application.DateWindow;
import fi.agreementregistry.api.application.NotFoundException;
import fi.agreementregistry.core.agreement.AgreementStatus;
import fi.agreementregistry.api.security.CurrentUser;
import fi.agreementregistry.projections.agreement.AgreementView;
import fi.agreementregistry.projections.agreement.PartyView;
import fi.agreementregistry.projections.agreement.PendingAmendmentView;
import fi.agreementregistry.projections.history.HistoryEntry;
import fi.agreementregistry.projections.history.PrinciplesDiff;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agreements list and one agreement: status, versions, the parties × approved/signed grid, principles
 * with their diff, and the history as a timeline; with {@code asOf} all of it as it stood on that day. A clerk whose
 * party the agreement waits for finds the form that records its approval or signature here too (sent to
 * {@link PartyPageController}, which shows a refused one here again).
 * Every read goes through the application layer ({@link AgreementReads}), so a clerk sees what the API would show them.
 */
@ConditionalOnWebApplication
@Controller
class AgreementPageController {

    private final AgreementReads reads;
    private final Clock clock;
    private final DateWindow dates;

    AgreementPageController(AgreementReads reads, Clock clock, DateWindow dates) {
        this.reads = reads;
        this.clock = clock;
        this.dates = dates;
    }

    @GetMapping("/ui/agreements")
    String list(@RequestParam(required = false) AgreementStatus status, Model model) {
        model.addAttribute("agreements", reads.agreements(null, status, null));
        model.addAttribute("status", status);
        model.addAttribute("statuses", AgreementStatus.values());
        return "ui/agreements";
    }

    @GetMapping("/ui/agreements/{id}")
    String agreement(@PathVariable String id,
                     @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
                     Model model) {
        LocalDate today = LocalDate.now(clock);
        AgreementView view = asOf == null ? reads.agreement(id) : reads.asOf(id, asOf, null);
        List<HistoryEntry> history = reads.history(id, null, null, null, asOf).entries();
        model.addAttribute("agreement", view);
        model.addAttribute("asOf", asOf);
        model.addAttribute("today", today);
        model.addAttribute("history", history);
        model.addAttribute("timeline", Timeline.ofHistory(history, asOf == null ? today : asOf, dates));
        model.addAttribute("missingApprovals", view.parties().stream().filter(p -> p.approval() == null).count());
        model.addAttribute("missingSignatures", view.parties().stream().filter(p -> p.signature() == null).count());
        if (view.version() > 1) {
            model.addAttribute("diff", diff(id, view.version() - 1, view.version()));
        }
        if (view.pendingAmendment() != null) {
            model.addAttribute("pendingDiff", diff(id, view.version(), view.pendingAmendment().version()));
        }
        CurrentUser.get().filter(user -> asOf == null && user.isClerk()).ifPresent(clerk -> {
            String party = clerk.partyId().value();
            model.addAttribute("party", party);
            pendingFor(view, party).ifPresent(action -> {
                model.addAttribute("recordKind", action.kind());
                model.addAttribute("recordVersion", action.version());
            });
        });
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        return "ui/agreement";
    }

    /** What the agreement waits for from one party, as the party page lists it: an approval, or then a signature. */
    record PendingRecord(String kind, int version) {
    }

    static Optional<PendingRecord> pendingFor(AgreementView view, String party) {
        PartyView member = view.parties().stream().filter(p -> p.partyId().equals(party)).findFirst().orElse(null);
        if (member == null || view.status() == AgreementStatus.SUPERSEDED || view.status() == AgreementStatus.TERMINATED) {
            return Optional.empty();
        }
        if (view.status() == AgreementStatus.DRAFT) {
            return member.approval() == null ? Optional.of(new PendingRecord("approval", view.version()))
                    : member.signature() == null ? Optional.of(new PendingRecord("signature", view.version()))
                    : Optional.empty();
        }
        PendingAmendmentView amendment = view.pendingAmendment();
        return amendment != null && !amendment.approvedBy().contains(party)
                ? Optional.of(new PendingRecord("approval", amendment.version())) : Optional.empty();
    }

    private PrinciplesDiff diff(String id, int from, int to) {
        try {
            return reads.diff(id, from, to);
        } catch (NotFoundException e) {
            // The history projection may not have caught up yet; the page still shows the principles.
            return null;
        }
    }
}
