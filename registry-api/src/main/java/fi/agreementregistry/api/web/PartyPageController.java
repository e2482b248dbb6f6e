package fi.agreementregistry.api.web;

import fi.agreementregistry.api.application.AgreementCommands;
import fi.agreementregistry.api.application.PartyReads;
import fi.agreementregistry.api.application.Refusal;
import fi.agreementregistry.api.application.requests.ApprovalRequest;
import fi.agreementregistry.api.application.requests.SignatureRequest;
import fi.agreementregistry.api.security.CurrentUser;
import fi.agreementregistry.api.security.RegistryUser;
import fi.agreementregistry.core.InvalidValueException;
import fi.agreementregistry.core.party.PartyId;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import fi.agreementregistry.projections.party.PartyPortfolio;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A party's agreements and what waits for it, and the measures agreed in statutory negotiations that it is
 * responsible for; for the party's own clerk, forms that record its approval or signature. The forms call the
 * application layer ({@link AgreementCommands}), as the API does, so the same party scope and the same aggregate rules
 * decide, and their problems (invalid field, broken rule) are shown next to the field they concern.
 */
@ConditionalOnWebApplication
@Controller
class PartyPageController {

    private final PartyReads parties;
    private final AgreementCommands agreements;
    private final Validator validator;
    private final MessageSource messages;

    PartyPageController(PartyReads parties, AgreementCommands agreements, Validator validator,
                        MessageSource messages) {
        this.parties = parties;
        this.agreements = agreements;
        this.validator = validator;
        this.messages = messages;
    }

    /** Agreements per page of the party page. */
    static final int PAGE = 50;

    @GetMapping("/ui/party")
    String party(@RequestParam(required = false) String party, @RequestParam(required = false) String cursor,
                 Model model) {
        RegistryUser user = CurrentUser.get().orElseThrow();
        String chosen = party != null && !party.isBlank() ? party.strip()
                : user.isClerk() ? user.partyId().value() : null;
        model.addAttribute("directory", parties.parties(null, null));
        model.addAttribute("party", chosen);
        if (chosen != null) {
            model.addAttribute("partyDetails", parties.party(chosen));
            PartyPortfolio portfolio = parties.portfolio(chosen, null, PAGE, cursor);
            model.addAttribute("portfolio", portfolio);
            model.addAttribute("cursor", cursor);
            model.addAttribute("nextPage", portfolio.nextCursor() == null ? null
                    : org.springframework.web.util.UriComponentsBuilder.fromPath("/ui/party")
                    .queryParam("party", chosen).queryParam("cursor", portfolio.nextCursor())
                    .build().encode().toUriString());
            model.addAttribute("firstPage", cursor == null ? null
                    : org.springframework.web.util.UriComponentsBuilder.fromPath("/ui/party")
                    .queryParam("party", chosen).build().encode().toUriString());
            model.addAttribute("mayRecord", user.isClerk() && user.partyId().value().equals(chosen));
            model.addAttribute("measures", parties.measures(chosen, null));
        }
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        return "ui/party";
    }

    @PostMapping("/ui/agreements/{id}/approvals")
    Object recordApproval(@PathVariable String id, @ModelAttribute("form") RecordingForm form,
                          RedirectAttributes redirect, Model model) {
        Map<String, FormProblem> errors = new LinkedHashMap<>();
        LocalDate meetingDate = date(form.getMeetingDate(), "meetingDate", errors);
        ApprovalRequest request = new ApprovalRequest(partyId(form.getPartyId(), errors), number(form.getVersion()),
                form.getDecisionBody(), meetingDate, form.getSection(), blankToNull(form.getDiaryNumber()),
                blankToNull(form.getDecisionText()));
        validate(request, errors);
        return submit(id, "approval", form, errors, model, redirect,
                () -> agreements.recordApproval(id, null, request), "meetingDate");
    }

    @PostMapping("/ui/agreements/{id}/signatures")
    Object sign(@PathVariable String id, @ModelAttribute("form") RecordingForm form,
                RedirectAttributes redirect, Model model) {
        Map<String, FormProblem> errors = new LinkedHashMap<>();
        LocalDate signedOn = date(form.getSignedOn(), "signedOn", errors);
        SignatureRequest request = new SignatureRequest(partyId(form.getPartyId(), errors), number(form.getVersion()),
                new SignatureRequest.SignatoryRequest(form.getSignatoryName(), blankToNull(form.getSignatoryTitle())),
                signedOn);
        validate(request, errors);
        return submit(id, "signature", form, errors, model, redirect,
                () -> agreements.sign(id, null, request), "signedOn");
    }

    /**
     * Sends the command; a refused form comes back with its values and its problems: on the party page (with the
     * refusal's status), or, sent from the agreement's own page ({@code returnTo=agreement}), on that page.
     */
    private Object submit(String id, String kind, RecordingForm form, Map<String, FormProblem> errors, Model model,
                          RedirectAttributes redirect, Supplier<?> command, String dateField) {
        HttpStatus status = HttpStatus.BAD_REQUEST;
        if (errors.isEmpty()) {
            try {
                command.get();
                redirect.addFlashAttribute("recorded", kind);
                return "redirect:/ui/agreements/" + id;
            } catch (RuntimeException e) {
                status = problem(e, errors, dateField);
            }
        }
        if ("agreement".equals(form.getReturnTo()) && status != HttpStatus.NOT_FOUND) {
            redirect.addFlashAttribute("errors", errors);
            redirect.addFlashAttribute("form", form);
            redirect.addFlashAttribute("failedAgreement", id);
            redirect.addFlashAttribute("failedKind", kind);
            return "redirect:/ui/agreements/" + id; // its summary of problems takes the focus (ui.js)
        }
        model.addAttribute("errors", errors);
        model.addAttribute("failedAgreement", id);
        model.addAttribute("failedKind", kind);
        String page = party(form.getPartyId(), blankToNull(form.getCursor()), model);
        ModelAndView view = new ModelAndView(page, model.asMap());
        view.setStatus(status);
        return view;
    }

    /** The same refusal the API answers with ({@link Refusal}), put next to the field it concerns. */
    private HttpStatus problem(RuntimeException e, Map<String, FormProblem> errors, String dateField) {
        Refusal refusal = Refusal.of(e, dateField).orElseThrow(() -> e);
        errors.put(refusal.field(), FormProblem.of(refusal, messages, LocaleContextHolder.getLocale()));
        return HttpStatus.valueOf(refusal.kind().status());
    }

    private void validate(Object request, Map<String, FormProblem> errors) {
        for (ConstraintViolation<Object> violation : validator.validate(request)) {
            String field = violation.getPropertyPath().toString().replace("signatory.name", "signatoryName")
                    .replace("signatory.title", "signatoryTitle");
            errors.putIfAbsent(field, FormProblem.of(violation, messages, LocaleContextHolder.getLocale()));
        }
    }

    private LocalDate date(String text, String field, Map<String, FormProblem> errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            String value = text.strip();
            return value.contains(".") ? LocalDate.parse(value, UiFormat.DATE) : LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            errors.put(field, FormProblem.of(messages, LocaleContextHolder.getLocale(), "form.invalidDate", null));
            return null;
        }
    }

    private PartyId partyId(String value, Map<String, FormProblem> errors) {
        try {
            return value == null || value.isBlank() ? null : PartyId.of(value.strip());
        } catch (InvalidValueException e) {
            errors.put("", FormProblem.of(messages, LocaleContextHolder.getLocale(), "form.invalid", e.getMessage()));
            return null;
        }
    }

    private static Integer number(String value) {
        try {
            return value == null ? null : Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
