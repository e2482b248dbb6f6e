package fi.agreementregistry.api.rest.admin;

import fi.agreementregistry.api.application.AdminActions;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** What administrators did, for auditors (and administrators): newest first. */
@ConditionalOnWebApplication
@RestController
public class AdminActionsController {

    private final AdminActions actions;

    public AdminActionsController(AdminActions actions) {
        this.actions = actions;
    }

    @GetMapping("/api/audit/admin-actions")
    public List<AdminActions.AdminAction> adminActions(@RequestParam(defaultValue = "100") int limit) {
        return actions.latest(Math.max(1, Math.min(limit, 1000)));
    }
}
