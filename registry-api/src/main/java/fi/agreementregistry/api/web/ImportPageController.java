package fi.agreementregistry.api.web;

import fi.agreementregistry.api.application.imports.AgreementImports;
import fi.agreementregistry.api.application.imports.ImportReport;
import jakarta.servlet.http.HttpSession;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.io.IOException;
import java.io.Serializable;

/**
 * The admin page's import form (its own block, {@code templates/ui/admin-import.html}): a JSON file is uploaded and
 * checked (dry run) or imported through the same application service as {@code POST /api/imports}; the report is
 * shown on the admin page. After a dry run without problems the file stays in the session, so the administrator can
 * import exactly what was checked with one button, without choosing the file again.
 */
@ConditionalOnWebApplication
@Controller
class ImportPageController {

    static final String PENDING = "pendingImport";

    /** A checked file waiting in the session for the administrator's "import" button. */
    record PendingImport(String fileName, byte[] content) implements Serializable {
    }

    private final AgreementImports imports;

    ImportPageController(AgreementImports imports) {
        this.imports = imports;
    }

    @PostMapping("/ui/admin/imports")
    String upload(@RequestPart(name = "file", required = false) MultipartFile file,
                  @RequestParam(defaultValue = "true") boolean dryRun, HttpSession session,
                  RedirectAttributes redirect) throws IOException {
        session.removeAttribute(PENDING);
        if (file == null || file.isEmpty()) {
            redirect.addFlashAttribute("importNoFile", true);
            return back();
        }
        PendingImport upload = new PendingImport(file.getOriginalFilename(), file.getBytes());
        ImportReport report = run(upload, dryRun, redirect);
        if (report != null && dryRun && !report.hasProblems()
                && report.agreements().stream().anyMatch(r -> r.outcome() == ImportReport.Outcome.WOULD_BE_IMPORTED)) {
            session.setAttribute(PENDING, upload);
            redirect.addFlashAttribute("importPending", upload.fileName());
        }
        return back();
    }

    @PostMapping("/ui/admin/imports/pending")
    String importPending(HttpSession session, RedirectAttributes redirect) {
        Object pending = session.getAttribute(PENDING);
        session.removeAttribute(PENDING);
        if (!(pending instanceof PendingImport upload)) {
            redirect.addFlashAttribute("importNoFile", true);
            return back();
        }
        run(upload, false, redirect);
        return back();
    }

    private ImportReport run(PendingImport upload, boolean dryRun, RedirectAttributes redirect) {
        try {
            ImportReport report = imports.importFile(upload.content(), upload.fileName(), dryRun,
                    AgreementImports.Progress.NONE);
            redirect.addFlashAttribute("importReport", report);
            return report;
        } catch (AgreementImports.InvalidFile e) {
            redirect.addFlashAttribute("importInvalid", e.getMessage());
            redirect.addFlashAttribute("importErrors", e.errors());
        } catch (AgreementImports.Refused e) {
            redirect.addFlashAttribute("importReport", e.report());
        }
        return null;
    }

    private static String back() {
        return "redirect:/ui/admin#import-title";
    }
}
