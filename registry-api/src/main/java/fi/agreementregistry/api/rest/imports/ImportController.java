package fi.agreementregistry.api.rest.imports;

import fi.agreementregistry.api.application.imports.AgreementImports;
import fi.agreementregistry.api.application.imports.ImportReport;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import java.io.IOException;

/**
 * {@code POST /api/imports} (ADMIN): existing agreements with their whole past, as a JSON file (docs/import.md), sent
 * as the body ({@code application/json}, its name in {@code fileName}) or uploaded ({@code multipart/form-data}, part
 * {@code file}). {@code dryRun=true} checks everything and stores nothing. 200 with the report; 400 for a file that
 * is no JSON or breaks the schema; 422 when a real run found problems (nothing stored).
 */
@ConditionalOnWebApplication
@RestController
@RequestMapping("/api/imports")
public class ImportController {

    private final AgreementImports imports;

    public ImportController(AgreementImports imports) {
        this.imports = imports;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ImportReport importJson(@RequestBody byte[] file,
                                   @RequestParam(defaultValue = "false") boolean dryRun,
                                   @RequestParam(required = false) String fileName) {
        return imports.importFile(file, fileName, dryRun, AgreementImports.Progress.NONE);
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public ImportReport importUpload(@RequestPart("file") MultipartFile file,
                                     @RequestParam(defaultValue = "false") boolean dryRun) throws IOException {
        return imports.importFile(file.getBytes(), file.getOriginalFilename(), dryRun, AgreementImports.Progress.NONE);
    }
}
