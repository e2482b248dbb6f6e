package fi.agreementregistry.api.web;

import fi.agreementregistry.api.export.CsvDownload;
import fi.agreementregistry.api.accesslog.AccessLogQueries;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/** The access log for legal staff (auditors): who read or changed what, and every refusal; filters and the CSV. */
@ConditionalOnWebApplication
@Controller
class AccessLogPageController {

    static final int PAGE_SIZE = 100;

    private final AccessLogQueries queries;

    AccessLogPageController(AccessLogQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/ui/access")
    String access(@RequestParam(required = false) String user, @RequestParam(required = false) String target,
                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                  @RequestParam(defaultValue = "0") int page, Model model) {
        AccessLogQueries.Page found = queries.page(new AccessLogQueries.Filter(user, target, from, to), page,
                PAGE_SIZE);
        model.addAttribute("entries", found.entries());
        model.addAttribute("total", found.total());
        model.addAttribute("page", found.page());
        model.addAttribute("pages", Math.max(1, (found.total() + PAGE_SIZE - 1) / PAGE_SIZE));
        model.addAttribute("user", user);
        model.addAttribute("target", target);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        return "ui/access";
    }

    @GetMapping("/ui/access.csv")
    ResponseEntity<byte[]> csv(@RequestParam(required = false) String user,
                               @RequestParam(required = false) String target,
                               @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                               @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        return CsvDownload.of("access-log.csv", queries.csv(new AccessLogQueries.Filter(user, target, from, to))
                .getBytes(StandardCharsets.UTF_8));
    }
}
