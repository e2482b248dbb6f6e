package fi.agreementregistry.api.web;

import fi.agreementregistry.api.RegistryHttpTest;
import fi.agreementregistry.api.application.imports.AgreementImports;
import fi.agreementregistry.api.rest.imports.ImportHttpTest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin page's import block as an administrator's browser uses it: the upload form (multipart, with the page's
 * CSRF token), the report on the page, and the button that imports the file just checked.
 */
class ImportPageHttpTest extends RegistryHttpTest {

    private static String csrf(String page) {
        Matcher token = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page);
        assertThat(token.find()).as(page).isTrue();
        return token.group(1);
    }

    private static HttpResponse<String> upload(PageSession pages, String fileName, byte[] content, boolean dryRun)
            throws Exception {
        String token = csrf(pages.get("/ui/admin").body());
        String boundary = "----import" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, String> field : Map.of("_csrf", token, "dryRun", String.valueOf(dryRun)).entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey()
                    + "\"\r\n\r\n" + field.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/json\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return pages.client().send(HttpRequest.newBuilder(URI.create(pages.root() + "/ui/admin/imports"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aCheckShowsEveryProblemOnThePageAndStoresNothing() throws Exception {
        PageSession pages = PageSession.signIn(http.getRootUri(), ADMIN, PASSWORD);
        pages.get("/ui/admin?lang=en");
        long before = storedEventCount();

        HttpResponse<String> checked = upload(pages, "with-mistakes.json",
                Files.readAllBytes(Path.of("..", "docs", "examples", "with-mistakes.json")), true);
        assertThat(checked.statusCode()).as(checked.body()).isEqualTo(302);
        String page = pages.get("/ui/admin").body();

        assertThat(page).contains("id=\"import-report\"", "4 problem(s) in with-mistakes.json; nothing was stored.",
                "/agreements/0/approvals/0/meetingDate", "/agreements/1/parties", "municipality:999");
        assertThat(page).doesNotContain("id=\"import-pending\"");
        assertThat(storedEventCount()).isEqualTo(before);
    }

    @Test
    void aCleanCheckOffersToImportThatFileAndTheButtonImportsIt() throws Exception {
        PageSession pages = PageSession.signIn(http.getRootUri(), ADMIN, PASSWORD);
        pages.get("/ui/admin?lang=en");
        String key = "page-" + UUID.randomUUID().toString().substring(0, 8);
        String id = AgreementImports.agreementIdFor(key).value();

        upload(pages, "historia.json", ImportHttpTest.inForceFile(key).getBytes(StandardCharsets.UTF_8), true);
        String checked = pages.get("/ui/admin").body();
        assertThat(checked).contains("historia.json was checked: no problems.", "id=\"import-pending\"",
                "would be imported");
        assertThat(eventStore.lastSequenceNumberFor(id)).isEmpty();

        HttpResponse<String> imported = pages.post("/ui/admin/imports/pending", Map.of(), "/ui/admin");
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(302);
        assertThat(pages.get("/ui/admin").body()).contains("Imported 1 agreement(s) from historia.json.");
        assertThat(eventStore.lastSequenceNumberFor(id)).isPresent();
    }
}
