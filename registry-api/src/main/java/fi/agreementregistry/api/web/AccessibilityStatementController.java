package fi.agreementregistry.api.web;

import fi.agreementregistry.api.application.AccessibilityFeedback;
import fi.agreementregistry.api.application.AccessibilityProperties;
import fi.agreementregistry.api.application.requests.AccessibilityFeedbackRequest;
import fi.agreementregistry.api.security.SignInThrottle;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The accessibility statement that the Act on the Provision of Digital Services (306/2019) requires, modelled on the
 * model statement of the supervisor's pages (saavutettavuusvaatimukset.fi): at {@code /saavutettavuus},
 * {@code /tillganglighet} and {@code /accessibility}, one address per language, for anyone without signing in, linked
 * from every page's footer. It says how far the pages conform, what does not and why, how that was assessed (with the
 * day of the last automated check, {@link AccessibilityCheckRecord}), where to send feedback (its form, stored by
 * {@link AccessibilityFeedback}) and which authority supervises ({@link AccessibilityProperties}).
 */
@ConditionalOnWebApplication
@Controller
class AccessibilityStatementController {

    /** The statement's address in each language of the pages. */
    static final Map<String, String> PATHS = Map.of("fi", "/saavutettavuus", "sv", "/tillganglighet",
            "en", "/accessibility");

    private final AccessibilityFeedback feedback;
    private final AccessibilityProperties properties;
    private final AccessibilityCheckRecord checks;
    private final Validator validator;
    private final MessageSource messages;

    AccessibilityStatementController(AccessibilityFeedback feedback, AccessibilityProperties properties,
                                     AccessibilityCheckRecord checks, Validator validator, MessageSource messages) {
        this.feedback = feedback;
        this.properties = properties;
        this.checks = checks;
        this.validator = validator;
        this.messages = messages;
    }

    /** The language a statement address is in; empty for any other address. */
    static Optional<Locale> languageOf(String path) {
        return PATHS.entrySet().stream().filter(e -> e.getValue().equals(path)).findFirst()
                .map(e -> Locale.forLanguageTag(e.getKey()));
    }

    /** The statement; its form's "page concerned" is the page the reader came from, when that is one of the registry's. */
    @GetMapping({"/saavutettavuus", "/tillganglighet", "/accessibility"})
    String statement(HttpServletRequest request, Model model) {
        model.addAttribute("feedback", new AccessibilityFeedbackRequest(null, null, referringPage(request), null));
        return page(model);
    }

    @PostMapping({"/saavutettavuus", "/tillganglighet", "/accessibility"})
    Object send(@RequestParam(required = false) String message, @RequestParam(required = false) String email,
                @RequestParam(required = false) String page, HttpServletRequest request, HttpServletResponse response,
                Model model, RedirectAttributes redirect, Locale locale) {
        AccessibilityFeedbackRequest sent = new AccessibilityFeedbackRequest(message, email, page,
                locale.getLanguage());
        Map<String, FormProblem> errors = new LinkedHashMap<>();
        for (ConstraintViolation<AccessibilityFeedbackRequest> violation : validator.validate(sent)) {
            errors.putIfAbsent(violation.getPropertyPath().toString(), FormProblem.of(violation, messages, locale));
        }
        HttpStatus status = HttpStatus.BAD_REQUEST;
        if (errors.isEmpty()) {
            try {
                feedback.submit(sent, request.getRemoteAddr());
                redirect.addFlashAttribute("feedbackSent", true);
                return "redirect:" + request.getRequestURI() + "#feedback";
            } catch (AccessibilityFeedback.TooManyMessages e) {
                long seconds = SignInThrottle.seconds(e.retryAfter());
                response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
                errors.put("", FormProblem.of(messages, locale, "a11y.feedback.tooMany", null));
                status = HttpStatus.TOO_MANY_REQUESTS;
            }
        }
        model.addAttribute("feedback", sent);
        model.addAttribute("errors", errors);
        ModelAndView view = new ModelAndView(page(model), model.asMap());
        view.setStatus(status);
        return view;
    }

    private String page(Model model) {
        model.addAttribute("languageLinks", PATHS);
        model.addAttribute("statement", properties);
        model.addAttribute("lastCheck", checks.lastCheck().orElse(null));
        model.addAttribute("maxMessage", AccessibilityFeedbackRequest.MAX_MESSAGE);
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        return "ui/accessibility";
    }

    /** The path of the registry page the request came from (the Referer, same-origin by the pages' policy). */
    private static String referringPage(HttpServletRequest request) {
        String referer = request.getHeader(HttpHeaders.REFERER);
        if (referer == null) {
            return null;
        }
        try {
            URI from = URI.create(referer);
            if (from.getHost() == null || !from.getHost().equalsIgnoreCase(request.getServerName())
                    || from.getPath() == null || PATHS.containsValue(from.getPath())) {
                return null;
            }
            String path = from.getPath() + (from.getQuery() == null ? "" : "?" + from.getQuery());
            return path.length() > 500 ? null : path;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
