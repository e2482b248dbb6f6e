package fi.agreementregistry.api.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.util.Map;
import java.util.Optional;

/**
 * Administration: the event processors and the consistency check, read from the admin API's own handlers
 * ({@code GET /api/admin/processors}, {@code GET /api/admin/consistency}) when this build has them; without them
 * the page says the tools are not available instead of failing.
 */
@Controller
class AdminPageController {

    private final RequestMappingHandlerMapping mappings;
    private final ObjectMapper json;

    AdminPageController(@Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings,
                        ObjectMapper json) {
        this.mappings = mappings;
        this.json = json;
    }

    @GetMapping("/ui/admin")
    String admin(Model model) {
        model.addAttribute("processors", read("/api/admin/processors").orElse(null));
        model.addAttribute("consistency", read("/api/admin/consistency").orElse(null));
        return "ui/admin";
    }

    /** Calls the GET handler mapped to {@code path} if there is one that takes no arguments; its answer as JSON text. */
    private Optional<String> read(String path) {
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mappings.getHandlerMethods().entrySet()) {
            RequestMappingInfo info = entry.getKey();
            HandlerMethod method = entry.getValue();
            boolean get = info.getMethodsCondition().getMethods().isEmpty()
                    || info.getMethodsCondition().getMethods().contains(org.springframework.web.bind.annotation.RequestMethod.GET);
            if (get && info.getPatternValues().contains(path) && method.getMethodParameters().length == 0) {
                try {
                    Object bean = method.getBean() instanceof String name
                            ? mappings.getApplicationContext().getBean(name) : method.getBean();
                    Object answer = method.getMethod().invoke(bean);
                    if (answer instanceof org.springframework.http.ResponseEntity<?> response) {
                        answer = response.getBody();
                    }
                    return Optional.of(json.writerWithDefaultPrettyPrinter().writeValueAsString(answer));
                } catch (Exception e) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    return Optional.of(String.valueOf(cause.getMessage()));
                }
            }
        }
        return Optional.empty();
    }
}
