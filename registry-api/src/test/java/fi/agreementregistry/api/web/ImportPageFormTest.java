package fi.agreementregistry.api.web;

import fi.agreementregistry.api.accesslog.AccessLogFilter;
import fi.agreementregistry.api.application.imports.AgreementImports;
import fi.agreementregistry.api.application.imports.ImportReport;
import fi.agreementregistry.api.idempotency.IdempotencyFilter;
import fi.agreementregistry.api.security.RegistryUser;
import fi.agreementregistry.api.security.RegistryUserDetails;
import fi.agreementregistry.api.security.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

/**
 * The admin page's import form as an MVC slice, the application layer mocked: a checked file's report goes to the
 * page, and a clean check leaves the file waiting for the "import now" button, which imports exactly that file.
 */
@WebMvcTest(controllers = ImportPageController.class, excludeFilters = @ComponentScan.Filter(
        type = FilterType.ASSIGNABLE_TYPE, classes = {AccessLogFilter.class, IdempotencyFilter.class}))
class ImportPageFormTest {

    private static final RegistryUserDetails ADMIN = new RegistryUserDetails(new RegistryUser("admin",
            "Anna Admin", Role.ADMIN, null), "unused");
    private static final byte[] FILE = "{\"agreements\": []}".getBytes(StandardCharsets.UTF_8);

    @Autowired
    MockMvc mvc;
    @MockitoBean
    AgreementImports imports;

    private static ImportReport report(boolean dryRun, ImportReport.Outcome outcome, List<ImportReport.Problem> problems) {
        return new ImportReport("historia.json", dryRun, dryRun ? 0 : 1, List.of(new ImportReport.Result(1, "k-1",
                "import-1", outcome, "IN_FORCE", 1, null, "")), problems);
    }

    @Test
    void aCleanCheckShowsTheReportAndKeepsTheFileForTheImportButton() throws Exception {
        when(imports.importFile(eq(FILE), eq("historia.json"), eq(true), any()))
                .thenReturn(report(true, ImportReport.Outcome.WOULD_BE_IMPORTED, List.of()));
        when(imports.importFile(eq(FILE), eq("historia.json"), eq(false), any()))
                .thenReturn(report(false, ImportReport.Outcome.IMPORTED, List.of()));
        MockHttpSession session = new MockHttpSession();

        mvc.perform(multipart("/ui/admin/imports").file(new MockMultipartFile("file", "historia.json",
                        "application/json", FILE)).param("dryRun", "true").session(session).with(user(ADMIN))
                        .with(csrf()))
                .andExpect(redirectedUrl("/ui/admin#import-title"))
                .andExpect(flash().attribute("importPending", "historia.json"))
                .andExpect(flash().attributeExists("importReport"));
        verify(imports, never()).importFile(any(), any(), eq(false), any());

        mvc.perform(post("/ui/admin/imports/pending").session(session).with(user(ADMIN)).with(csrf()))
                .andExpect(redirectedUrl("/ui/admin#import-title"))
                .andExpect(flash().attribute("importReport", report(false, ImportReport.Outcome.IMPORTED, List.of())));
        verify(imports).importFile(eq(FILE), eq("historia.json"), eq(false), any());
        assertThat(session.getAttribute(ImportPageController.PENDING)).isNull();
    }

    @Test
    void aCheckWithProblemsKeepsNothingForTheImportButton() throws Exception {
        when(imports.importFile(any(), any(), eq(true), any())).thenReturn(report(true,
                ImportReport.Outcome.HAS_PROBLEMS, List.of(new ImportReport.Problem("k-1",
                        "/agreements/0/approvals/0/meetingDate", "The meeting is after today."))));
        MockHttpSession session = new MockHttpSession();

        mvc.perform(multipart("/ui/admin/imports").file(new MockMultipartFile("file", "historia.json",
                        "application/json", FILE)).param("dryRun", "true").session(session).with(user(ADMIN))
                        .with(csrf()))
                .andExpect(flash().attributeExists("importReport"))
                .andExpect(flash().attributeCount(1));
        assertThat(session.getAttribute(ImportPageController.PENDING)).isNull();
    }

    @Test
    void withoutAFileNothingIsCalled() throws Exception {
        mvc.perform(multipart("/ui/admin/imports").param("dryRun", "true").with(user(ADMIN)).with(csrf()))
                .andExpect(flash().attribute("importNoFile", true));
        verify(imports, never()).importFile(any(), any(), org.mockito.ArgumentMatchers.anyBoolean(), any());
    }
}
