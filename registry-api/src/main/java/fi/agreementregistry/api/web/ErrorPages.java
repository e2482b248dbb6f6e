package fi.agreementregistry.api.web;

import fi.agreementregistry.api.application.publicregister.PublicRegister;
import fi.agreementregistry.api.security.CurrentUser;
import fi.agreementregistry.api.security.PublicPaths;
import fi.agreementregistry.api.http.problem.ProblemWriter;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * The error path ({@code /error}), in place of Spring Boot's: what the servlet container forwards a failed request to
 * when nothing else answered it (an error status sent before any controller ran). A problem document, or for a
 * browser asking for HTML the web interface's error page; asked for directly it is an address with nothing at it
 * (404), not the 500 with status 999 it used to be.
 */
@ConditionalOnWebApplication
@Controller
@RequestMapping("${server.error.path:${error.path:/error}}")
public class ErrorPages implements ErrorController {

    private final PublicRegister register;

    public ErrorPages(PublicRegister register) {
        this.register = register;
    }

    @RequestMapping
    public Object error(HttpServletRequest request) {
        HttpStatus status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code
                ? statusOf(code) : HttpStatus.NOT_FOUND;
        if (ProblemWriter.wantsHtml(request) && PublicPaths.isPublic(UiWebConfiguration.originalPath(request))) {
            // The public register's own page, with no link into the signed-in pages (a 429 of its rate limit too).
            boolean limited = status == HttpStatus.TOO_MANY_REQUESTS;
            ModelAndView page = PublicRegisterPageController.error(request, status, switch (status) {
                case BAD_REQUEST -> "error.invalid";
                case NOT_FOUND -> "error.notFound";
                case TOO_MANY_REQUESTS -> "public.error.tooMany";
                default -> "error.failed";
            }, limited ? null : problem(status.value()).getDetail(), register.licence());
            if (limited) {
                page.addObject("detailKey", "public.error.tooManyDetail");
            }
            return page;
        }
        if (ProblemWriter.wantsHtml(request)) {
            ModelAndView page = new ModelAndView("ui/error", status);
            page.addObject("titleKey", switch (status) {
                case BAD_REQUEST -> "error.invalid";
                case FORBIDDEN -> "error.forbidden";
                case NOT_FOUND -> "error.notFound";
                default -> "error.failed";
            });
            page.addObject("user", CurrentUser.get().orElse(null));
            page.addObject("requestPath", "/ui");
            return page;
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem(status.value()));
    }

    private static HttpStatus statusOf(int code) {
        HttpStatus status = HttpStatus.resolve(code);
        return status == null || code < 400 ? HttpStatus.INTERNAL_SERVER_ERROR : status;
    }

    /**
     * The problem for an error status that no handler described: a sentence per kind, never the container's own
     * message (which may quote the request back).
     */
    public static ProblemDetail problem(int code) {
        HttpStatus status = statusOf(code);
        return switch (status) {
            case BAD_REQUEST -> ProblemWriter.problem(status, "invalid-request", "Invalid request",
                    "The request is malformed: its address, headers or encoding are not valid HTTP, or too large. "
                            + "Nothing was done.");
            case NOT_FOUND -> ProblemWriter.problem(status, "not-found", "Not found", "There is nothing at this address.");
            case METHOD_NOT_ALLOWED -> ProblemWriter.problem(status, "method-not-allowed", "Method not allowed",
                    "This address does not take this method.");
            case PAYLOAD_TOO_LARGE, URI_TOO_LONG, REQUEST_HEADER_FIELDS_TOO_LARGE -> ProblemWriter.problem(status,
                    "request-too-large", "Request too large", "The request is too large. Nothing was done.");
            default -> status.is5xxServerError()
                    ? ProblemWriter.problem(status, "internal-error", "Internal error",
                    "The registry could not complete the request; nothing was changed.")
                    : ProblemWriter.problem(status, "http-" + status.value(), status.getReasonPhrase(),
                    "The request could not be completed: " + status.getReasonPhrase() + ".");
        };
    }
}
