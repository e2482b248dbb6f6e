package fi.agreementregistry.api.web;

import fi.agreementregistry.api.application.ForbiddenException;
import fi.agreementregistry.api.application.InvalidFieldException;
import fi.agreementregistry.api.application.NotFoundException;
import fi.agreementregistry.api.security.CurrentUser;
import fi.agreementregistry.api.security.RegistryUser;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/**
 * What every page needs (the signed-in user, the current address for the language links), and errors as pages:
 * the API's own problem exceptions, thrown by the controllers the pages call, become a page with the same message.
 * Ordered before the API's problem+json advice, and only for the pages' controllers.
 */
@ConditionalOnWebApplication
@ControllerAdvice(basePackageClasses = UiAdvice.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class UiAdvice {

    @ModelAttribute("user")
    RegistryUser user() {
        return CurrentUser.get().orElse(null);
    }

    @ModelAttribute("requestPath")
    String requestPath(HttpServletRequest request) {
        return request.getRequestURI();
    }

    @ExceptionHandler(NotFoundException.class)
    ModelAndView notFound(NotFoundException e) {
        return error(HttpStatus.NOT_FOUND, "error.notFound", e.getMessage());
    }

    @ExceptionHandler(ForbiddenException.class)
    ModelAndView forbidden(ForbiddenException e) {
        return error(HttpStatus.FORBIDDEN, "error.forbidden", e.getMessage());
    }

    @ExceptionHandler(InvalidFieldException.class)
    ModelAndView invalid(RuntimeException e) {
        return error(HttpStatus.BAD_REQUEST, "error.invalid", e.getMessage());
    }

    /**
     * A parameter of the address that is not of its type (a date that is no date): said in the page's language,
     * naming the parameter and what was given, not in the words of the framework's conversion.
     */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ModelAndView mismatch(MethodArgumentTypeMismatchException e) {
        boolean date = e.getRequiredType() != null && java.time.temporal.Temporal.class.isAssignableFrom(e.getRequiredType());
        return translated(HttpStatus.BAD_REQUEST, "error.invalid", date ? "error.notADate" : "error.notAValue",
                e.getName(), String.valueOf(e.getValue()));
    }

    /** A refusal a page words itself ({@link PageRefusal}), in the page's language. */
    @ExceptionHandler(PageRefusal.class)
    ModelAndView refused(PageRefusal e) {
        return translated(e.status(), e.titleKey(), e.detailKey(), e.args());
    }

    static ModelAndView translated(HttpStatus status, String titleKey, String detailKey, Object... args) {
        ModelAndView page = error(status, titleKey, null);
        page.addObject("detailKey", detailKey);
        page.addObject("detailArgs", args);
        return page;
    }

    static ModelAndView error(HttpStatus status, String titleKey, String detail) {
        ModelAndView page = new ModelAndView("ui/error");
        page.setStatus(status);
        page.addObject("titleKey", titleKey);
        page.addObject("detail", detail);
        page.addObject("user", CurrentUser.get().orElse(null));
        return page;
    }
}
