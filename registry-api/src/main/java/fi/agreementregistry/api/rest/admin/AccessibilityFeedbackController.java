package fi.agreementregistry.api.rest.admin;

import fi.agreementregistry.api.application.AccessibilityFeedback;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The feedback sent through the accessibility statement's form (ADMIN, as everything under {@code /api/admin}). */
@ConditionalOnWebApplication
@RestController
public class AccessibilityFeedbackController {

    private final AccessibilityFeedback feedback;

    public AccessibilityFeedbackController(AccessibilityFeedback feedback) {
        this.feedback = feedback;
    }

    /** @param limit 1 to 1,000, default 100; the newest first, with the total */
    @GetMapping("/api/admin/accessibility-feedback")
    public AccessibilityFeedback.Messages feedback(@RequestParam(required = false) Integer limit) {
        return feedback.list(limit);
    }
}
