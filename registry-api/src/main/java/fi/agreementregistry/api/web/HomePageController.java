package fi.agreementregistry.api.web;

import fi.agreementregistry.api.security.CurrentUser;
import fi.agreementregistry.api.security.RegistryUser;
import fi.agreementregistry.api.security.SignInThrottle;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

import java.time.Duration;

/** Sign-in, and the start page: each role lands on the page made for it. */
@ConditionalOnWebApplication
@Controller
class HomePageController {

    static final String RETRY_AFTER = HomePageController.class.getName() + ".retryAfter";

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

    /** Where the sign-in throttle forwards a refused form: the form again, saying how long to wait (429). */
    @RequestMapping("/ui/login/throttled")
    ModelAndView throttled(HttpServletRequest request, HttpServletResponse response) {
        if (!(request.getAttribute(RETRY_AFTER) instanceof Duration wait)) {
            return new ModelAndView("redirect:/ui/login");
        }
        long seconds = SignInThrottle.seconds(wait);
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        ModelAndView page = new ModelAndView("ui/login", HttpStatus.TOO_MANY_REQUESTS);
        page.addObject("throttledMinutes", (seconds + 59) / 60);
        return page;
    }

    /** Where a refused request is forwarded, with its own method (a refused form is a POST). */
    @RequestMapping("/ui/forbidden")
    ModelAndView forbidden(HttpServletRequest request) {
        ModelAndView page = UiAdvice.error(HttpStatus.FORBIDDEN, "error.forbidden", null);
        if (request.getAttribute(WebAttributes.ACCESS_DENIED_403) instanceof CsrfException) {
            page.addObject("detailKey", "error.csrf");
        }
        return page;
    }
}
