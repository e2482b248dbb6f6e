package fi.agreementregistry.api.ui;

import fi.agreementregistry.api.security.CurrentUser;
import fi.agreementregistry.api.security.RegistryUser;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.ModelAndView;

/** Sign-in, and the start page: each role lands on the page made for it. */
@Controller
class HomePageController {

    @GetMapping("/ui")
    String home() {
        RegistryUser user = CurrentUser.get().orElse(null);
        if (user == null) {
            return "redirect:/ui/login";
        }
        return switch (user.role()) {
            case CLERK -> "redirect:/ui/party";
            case COMMITTEE -> "redirect:/ui/deadlines";
            case AUDITOR -> "redirect:/ui/history";
            case ADMIN -> "redirect:/ui/admin";
        };
    }

    @GetMapping("/ui/login")
    String login() {
        return "ui/login";
    }

    @GetMapping("/ui/forbidden")
    ModelAndView forbidden() {
        return UiAdvice.error(HttpStatus.FORBIDDEN, "error.forbidden", null);
    }
}
