package fi.agreementregistry.api.http.problem;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;

import java.io.IOException;
import java.net.URI;
import java.util.Comparator;
import java.util.List;

/** Writes RFC 9457 problem details from servlet filters, where no controller advice reaches. */
public final class ProblemWriter {

    // The mixin writes a problem's extra properties (retryAfterSeconds...) as top-level members, as Spring MVC does.
    private static final ObjectMapper JSON = new ObjectMapper()
            .addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class);

    private ProblemWriter() {
    }

    public static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("/problems/" + type));
        problem.setTitle(title);
        return problem;
    }

    /**
     * Does this client want a page rather than a problem document? Only a browser asking for HTML before JSON,
     * and never for {@code /api/**}; anything else (curl's *&#47;*, no Accept at all, JSON) gets problem+json.
     */
    public static boolean wantsHtml(HttpServletRequest request) {
        // On an error dispatch the address asked for is the original one, not /error.
        String path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String original
                ? original : request.getRequestURI();
        if (path != null && (path.equals("/api") || path.startsWith("/api/"))) {
            return false;
        }
        List<MediaType> accepted;
        try {
            accepted = MediaType.parseMediaTypes(request.getHeader(HttpHeaders.ACCEPT));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
        accepted = new java.util.ArrayList<>(accepted);
        // Highest quality first; among equals, the client's own order (the sort is stable).
        accepted.sort(Comparator.comparingDouble(MediaType::getQualityValue).reversed());
        for (MediaType type : accepted) {
            if (MediaType.TEXT_HTML.isCompatibleWith(type) && !type.isWildcardType()) {
                return true;
            }
            if (MediaType.APPLICATION_JSON.isCompatibleWith(type) || MediaType.APPLICATION_PROBLEM_JSON.isCompatibleWith(type)) {
                return false;
            }
        }
        return false;
    }

    public static void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        // Jackson writes UTF-8 bytes; no charset parameter, as for the controllers' problems.
        JSON.writeValue(response.getOutputStream(), problem);
    }
}
