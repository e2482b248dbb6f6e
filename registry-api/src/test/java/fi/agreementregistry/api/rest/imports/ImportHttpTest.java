package fi.agreementregistry.api.rest.imports;

import com.fasterxml.jackson.databind.JsonNode;
import fi.agreementregistry.api.RegistryHttpTest;
import fi.agreementregistry.api.application.imports.AgreementImports;
import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * {@code POST /api/imports} as an administrator uses it: a dry run of a file with mistakes reports each by agreement
 * and field and stores nothing; a real run stores each agreement with the file's dates, the administrator as actor
 * and the import's metadata; the same file again stores nothing; the file's format is checked against the schema.
 */
public class ImportHttpTest extends RegistryHttpTest {

    /** A two-party agreement approved and signed in 2023, under a key no other test uses. */
    public static String inForceFile(String key) {
        return """
                {"agreements": [{
                  "key": "%s",
                  "title": "Yhteistyöpöytäkirja Hämeenlinna ja Kanta-Hämeen hyvinvointialue",
                  "kind": "COOPERATION_PROTOCOL",
                  "region": "Kanta-Häme",
                  "councilTerm": "2021-2025",
                  "parties": ["welfare-area:07", "municipality:109"],
                  "draftedOn": "2023-01-10",
                  "principles": ["The parties meet twice a year."],
                  "approvals": [
                    {"partyId": "welfare-area:07", "decisionBody": "Aluehallitus", "meetingDate": "2023-02-06",
                     "section": "§ 12", "diaryNumber": "KHHVA/101/2023"},
                    {"partyId": "municipality:109", "decisionBody": "Kaupunginhallitus", "meetingDate": "2023-02-13",
                     "section": "§ 45", "diaryNumber": "HML/77/2023"}
                  ],
                  "signatures": [
                    {"partyId": "welfare-area:07", "signatory": {"name": "Matti Meikäläinen", "title": "hyvinvointialuejohtaja"},
                     "signedOn": "2023-03-01"},
                    {"partyId": "municipality:109", "signatory": {"name": "Maija Meikäläinen", "title": "kaupunginjohtaja"},
                     "signedOn": "2023-03-03"}
                  ],
                  "reviews": [
                    {"id": "evaluation-2024", "dueBy": "2024-12-31", "responsibleBody": "Integraatiovaliokunta",
                     "scheduledOn": "2023-03-03",
                     "completion": {"completedOn": "2024-11-20", "outcome": "NO_CHANGES", "minutesReference": "IVA 20.11.2024 § 8"}}
                  ]
                }]}
                """.formatted(key);
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static byte[] example(String name) throws IOException {
        return Files.readAllBytes(Path.of("..", "docs", "examples", name));
    }

    private ResponseEntity<String> importAs(String user, String path, String json) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setBasicAuth(user, PASSWORD);
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(json, headers), String.class);
    }

    @Test
    void aDryRunNamesEveryMistakeByAgreementAndFieldAndStoresNothing() throws IOException {
        long before = storedEventCount();
        ResponseEntity<String> checked = importAs(ADMIN, "/api/imports?dryRun=true&fileName=with-mistakes.json",
                new String(example("with-mistakes.json"), StandardCharsets.UTF_8));

        assertThat(checked.getStatusCode().value()).as(checked.getBody()).isEqualTo(200);
        JsonNode report = body(checked);
        assertThat(report.get("dryRun").asBoolean()).isTrue();
        assertThat(report.get("stored").asInt()).isZero();
        assertThat(report.get("problems")).extracting(p -> p.get("agreement").asText(), p -> p.get("field").asText())
                // An agreement's problems come in the order of its history (the review was scheduled first).
                .containsExactly(
                        tuple("esimerkki-1", "/agreements/0/reviews/0/scheduledOn"),
                        tuple("esimerkki-1", "/agreements/0/approvals/0/meetingDate"),
                        tuple("esimerkki-1", "/agreements/0/signatures/0"),
                        tuple("esimerkki-2", "/agreements/1/parties"));
        assertThat(report.get("problems").get(1).get("message").asText())
                .contains("2022-12-12", "before version 1 was proposed (2023-01-10)");
        assertThat(report.get("problems").get(3).get("message").asText()).contains("municipality:999");
        assertThat(report.get("agreements").findValuesAsText("outcome")).containsOnly("HAS_PROBLEMS");
        assertThat(storedEventCount()).isEqualTo(before);
    }

    @Test
    void aRealRunOfAFileWithMistakesStoresNothingAt422() throws IOException {
        long before = storedEventCount();
        String good = unique("good");
        // One clean agreement and the file with mistakes: nothing of the file is stored.
        JsonNode mistakes = json.readTree(example("with-mistakes.json"));
        ((com.fasterxml.jackson.databind.node.ArrayNode) mistakes.get("agreements"))
                .add(json.readTree(inForceFile(good)).get("agreements").get(0));

        ResponseEntity<String> refused = importAs(ADMIN, "/api/imports", mistakes.toString());

        assertThat(refused.getStatusCode().value()).as(refused.getBody()).isEqualTo(422);
        assertThat(refused.getHeaders().getContentType().toString()).contains("problem+json");
        JsonNode problem = body(refused);
        assertThat(problem.get("type").asText()).endsWith("/import-refused");
        assertThat(problem.get("problems")).hasSize(4);
        assertThat(problem.get("agreements").get(2).get("outcome").asText()).isEqualTo("NOT_STORED");
        assertThat(storedEventCount()).isEqualTo(before);
        assertThat(eventStore.lastSequenceNumberFor(AgreementImports.agreementIdFor(good).value())).isEmpty();
    }

    @Test
    void aRealRunStoresTheAgreementWithTheFilesDatesTheAdministratorAndTheImportsMetadata() {
        String key = unique("hml-hva");
        ResponseEntity<String> imported = importAs(ADMIN, "/api/imports?fileName=historia.json", inForceFile(key));

        assertThat(imported.getStatusCode().value()).as(imported.getBody()).isEqualTo(200);
        JsonNode result = body(imported).get("agreements").get(0);
        assertThat(result.get("outcome").asText()).isEqualTo("IMPORTED");
        assertThat(result.get("status").asText()).isEqualTo("IN_FORCE");
        assertThat(result.get("enteredIntoForceOn").asText()).isEqualTo("2023-03-03");
        String id = result.get("agreementId").asText();
        assertThat(id).isEqualTo(AgreementImports.agreementIdFor(key).value());

        JsonNode agreement = body(as(AUDITOR).get("/api/agreements/" + id));
        assertThat(agreement.get("status").asText()).isEqualTo("IN_FORCE");
        assertThat(agreement.get("draftedOn").asText()).isEqualTo("2023-01-10");
        assertThat(agreement.get("enteredIntoForceOn").asText()).isEqualTo("2023-03-03");
        JsonNode review = agreement.get("reviews").get(0);
        assertThat(review.get("completedOn").asText()).isEqualTo("2024-11-20");
        assertThat(review.get("outcome").asText()).isEqualTo("NO_CHANGES");

        List<? extends DomainEventMessage<?>> events = eventStore.readEvents(id, 0).asStream().toList();
        // draft, 2 approvals, 2 signatures, entry into force, review scheduled and completed
        assertThat(events).hasSize(8);
        assertThat(events).allSatisfy(event -> {
            assertThat(event.getMetaData()).containsEntry("source", "import")
                    .containsEntry("importFile", "historia.json")
                    .containsEntry("importKey", key)
                    .containsEntry("actorUserId", ADMIN)
                    .containsEntry("actorRole", "ADMIN");
            assertThat(((Number) event.getMetaData().get("importPosition")).intValue()).isEqualTo(1);
        });
        assertThat(events.get(1).getPayload().toString()).contains("2023-02-06", "§ 12", "KHHVA/101/2023");

        JsonNode actions = body(as(AUDITOR).get("/api/audit/admin-actions"));
        assertThat(actions.findValues("target").stream().map(JsonNode::asText)).contains("historia.json");
    }

    @Test
    void theSameFileAgainStoresNothingNewAndSaysSo() {
        String file = inForceFile(unique("again"));
        assertThat(importAs(ADMIN, "/api/imports", file).getStatusCode().value()).isEqualTo(200);
        long after = storedEventCount();

        for (String path : List.of("/api/imports?dryRun=true", "/api/imports")) {
            ResponseEntity<String> again = importAs(ADMIN, path, file);
            assertThat(again.getStatusCode().value()).as(again.getBody()).isEqualTo(200);
            JsonNode report = body(again);
            assertThat(report.get("stored").asInt()).isZero();
            assertThat(report.get("agreements").get(0).get("outcome").asText()).isEqualTo("ALREADY_IMPORTED");
            assertThat(report.get("agreements").get(0).get("message").asText()).contains("Already imported");
        }
        assertThat(storedEventCount()).isEqualTo(after);
    }

    @Test
    void onlyAnAdministratorMayImport() {
        String file = inForceFile(unique("denied"));
        for (String user : List.of(clerkOf("municipality:109"), COMMITTEE, AUDITOR)) {
            assertThat(importAs(user, "/api/imports", file).getStatusCode().value()).as(user).isEqualTo(403);
        }
        assertThat(anonymous().post("/api/imports", file).getStatusCode().value()).isEqualTo(401);
    }

    @Test
    void aFileThatBreaksTheFormatIsA400ListingEveryErrorInPlainWords() {
        String broken = """
                {"agreements": [{
                  "key": "broken-1", "kind": "AGREEMENT", "councilTerm": "2021-2025",
                  "parties": ["welfare-area:07", "Hämeenlinna"], "draftedOn": "2023-01-10",
                  "approvals": [{"partyId": "welfare-area:07", "decisionBody": "Aluehallitus",
                                 "meetingDate": "13.3.2023", "section": "§ 1", "version": "1"}],
                  "tittle": "Kirjoitusvirhe"
                }]}
                """;
        long before = storedEventCount();
        ResponseEntity<String> refused = importAs(ADMIN, "/api/imports?dryRun=true", broken);

        assertThat(refused.getStatusCode().value()).as(refused.getBody()).isEqualTo(400);
        JsonNode problem = body(refused);
        assertThat(problem.get("type").asText()).endsWith("/invalid-import-file");
        assertThat(problem.get("errors")).extracting(e -> e.get("field").asText(), e -> e.get("message").asText())
                .contains(
                        tuple("/agreements/0/title", "'title' is missing; every agreement needs it"),
                        tuple("/agreements/0/tittle", "'tittle' is not a field the import knows here; see "
                                + "docs/import.md for the fields (check its spelling)"),
                        tuple("/agreements/0/kind", "'kind' must be one of FRAMEWORK_AGREEMENT, "
                                + "COOPERATION_PROTOCOL, NEGOTIATION_RECORD, not \"AGREEMENT\""),
                        tuple("/agreements/0/parties/1", "entry 2 of 'parties' must be a party id such as municipality:109, "
                                + "welfare-area:07 or regional-council:05, not \"Hämeenlinna\""),
                        tuple("/agreements/0/approvals/0/meetingDate", "'meetingDate' must be a date written as "
                                + "year-month-day, such as 2023-03-13, not \"13.3.2023\""),
                        tuple("/agreements/0/approvals/0/version", "'version' has the wrong type: expected a whole "
                                + "number, found text \"1\""));
        assertThat(problem.get("errors").findValuesAsText("agreement")).containsOnly("broken-1");
        assertThat(storedEventCount()).isEqualTo(before);

        ResponseEntity<String> notJson = importAs(ADMIN, "/api/imports", "{\"agreements\": [");
        assertThat(notJson.getStatusCode().value()).isEqualTo(400);
        assertThat(body(notJson).get("detail").asText()).contains("not valid JSON", "line 1");
    }

    @Test
    void anUploadedFileIsImportedUnderItsOwnName() {
        String key = unique("upload");
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("file", new ByteArrayResource(inForceFile(key).getBytes(StandardCharsets.UTF_8)) {
            @Override
            public String getFilename() {
                return "hameenlinna-2023.json";
            }
        });
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        headers.setBasicAuth(ADMIN, PASSWORD);
        ResponseEntity<String> uploaded = http.exchange("/api/imports?dryRun=true", HttpMethod.POST,
                new HttpEntity<>(form, headers), String.class);

        assertThat(uploaded.getStatusCode().value()).as(uploaded.getBody()).isEqualTo(200);
        JsonNode report = body(uploaded);
        assertThat(report.get("fileName").asText()).isEqualTo("hameenlinna-2023.json");
        assertThat(report.get("agreements").get(0).get("outcome").asText()).isEqualTo("WOULD_BE_IMPORTED");
        assertThat(report.get("agreements").get(0).get("status").asText()).isEqualTo("IN_FORCE");
        assertThat(eventStore.lastSequenceNumberFor(AgreementImports.agreementIdFor(key).value())).isEmpty();
    }

    /** What people get wrong when they write a file by hand: never a 500, always the place and what to do. */
    @Test
    void theMistakesOfAHandWrittenFileAreAnsweredInPlaceNeverWithA500() {
        String base = """
                {"key": "%s", "title": "%s", "kind": "FRAMEWORK_AGREEMENT", "councilTerm": "2021-2025",
                 "parties": %s, "draftedOn": "2023-01-10"%s}""";
        String two = "[\"welfare-area:07\", \"municipality:109\"]";
        record Case(String body, int status, String field, String message) {
        }
        List<Case> cases = List.of(
                new Case("[]", 400, "", "the file has the wrong type: expected an object { ... }, found a list"),
                new Case("{\"agreements\": []}", 400, "/agreements", "'agreements' needs at least 1 entry"),
                new Case("{\"agreements\": [" + base.formatted("policy", "Sopimus", two,
                        ", \"reviewPolicy\": {\"kind\": \"EVERY_MONTHS\", \"responsibleBody\": \"IVA\"}")
                        + "]}", 400, "/agreements/0/reviewPolicy", "needs months from 1 to 120"),
                new Case("{\"agreements\": [" + base.formatted("tab", "Sopimus\\tvälilyönnillä", two, "")
                        + "]}", 200, "/agreements/0/title", "must be one line of text"),
                new Case("{\"agreements\": [" + base.formatted("twice", "Sopimus",
                        "[\"municipality:109\", \"municipality:109\"]", "") + "]}", 200, "/agreements/0/parties",
                        "listed more than once"),
                new Case("{\"agreements\": [" + base.formatted("same", "A", two, "") + ", "
                        + base.formatted("same", "B", two, "") + "]}", 200, "/agreements/1/key",
                        "also the key of agreement 1"),
                new Case("{\"agreements\": [" + base.formatted("twice-approved", "Sopimus", two,
                        ", \"approvals\": [" + "{\"partyId\": \"municipality:109\", \"decisionBody\": \"KH\", "
                        + "\"meetingDate\": \"2023-02-01\", \"section\": \"§ 1\"}, "
                        + "{\"partyId\": \"municipality:109\", \"decisionBody\": \"KH\", "
                        + "\"meetingDate\": \"2023-02-02\", \"section\": \"§ 2\"}]") + "]}", 200,
                        "/agreements/0/approvals/1", "has already approved version 1"),
                new Case("{\"agreements\": [" + base.formatted("dup", "Sopimus", two, "")
                        .replace("\"title\"", "\"kind\": \"FRAMEWORK_AGREEMENT\", \"title\"") + "]}", 400, "",
                        "not valid JSON"));
        for (Case c : cases) {
            long before = storedEventCount();
            ResponseEntity<String> answer = importAs(ADMIN, "/api/imports?dryRun=true", c.body());
            assertThat(answer.getStatusCode().value()).as(c.body() + " -> " + answer.getBody()).isEqualTo(c.status());
            JsonNode problems = body(answer).get(c.status() == 200 ? "problems" : "errors");
            assertThat(problems).as(answer.getBody()).anySatisfy(p -> {
                assertThat(p.get("field").asText()).isEqualTo(c.field());
                assertThat(p.get("message").asText()).contains(c.message());
            });
            assertThat(storedEventCount()).isEqualTo(before);
        }
        // A file saved with a byte order mark (as Windows editors do) is read as any other.
        byte[] withBom = ("\uFEFF" + inForceFile(unique("bom"))).getBytes(StandardCharsets.UTF_8);
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setBasicAuth(ADMIN, PASSWORD);
        ResponseEntity<String> bom = http.exchange("/api/imports?dryRun=true", HttpMethod.POST,
                new HttpEntity<>(withBom, headers), String.class);
        assertThat(bom.getStatusCode().value()).as(bom.getBody()).isEqualTo(200);
    }

    @Test
    void theReviewsOfAReviewPolicyAreTheRegistrysOwnAndAreOnlyCompletedFromTheFile() {
        String policy = ", \"reviewPolicy\": {\"kind\": \"EVERY_MONTHS\", \"months\": 12, \"responsibleBody\": "
                + "\"Hyte-foorumi\"}";
        String key = unique("policy");
        String file = inForceFile(key).replace("\"draftedOn\": \"2023-01-10\",",
                        "\"draftedOn\": \"2023-01-10\"" + policy + ",")
                .replace("{\"id\": \"evaluation-2024\", \"dueBy\": \"2024-12-31\", \"responsibleBody\": "
                        + "\"Integraatiovaliokunta\",\n     \"scheduledOn\": \"2023-03-03\",", "{\"underPolicy\": true,");
        assertThat(file).contains("underPolicy").contains("reviewPolicy");

        ResponseEntity<String> imported = importAs(ADMIN, "/api/imports", file);
        assertThat(imported.getStatusCode().value()).as(imported.getBody()).isEqualTo(200);
        JsonNode reviews = body(as(AUDITOR).get("/api/agreements/" + AgreementImports.agreementIdFor(key).value()))
                .get("reviews");
        // The policy's first review (due a year after the entry into force), completed from the file, and the next.
        assertThat(reviews).extracting(r -> r.get("dueBy").asText(), r -> r.path("completedOn").asText(""))
                .containsExactlyInAnyOrder(tuple("2024-03-03", "2024-11-20"), tuple("2025-11-20", ""));

        String listed = inForceFile(unique("policy-listed")).replace("\"draftedOn\": \"2023-01-10\",",
                "\"draftedOn\": \"2023-01-10\"" + policy + ",").replace("\"id\": \"evaluation-2024\",",
                "\"id\": \"evaluation-2024\", \"kind\": \"PERIODIC_REVIEW\",");
        JsonNode refused = body(importAs(ADMIN, "/api/imports?dryRun=true", listed));
        assertThat(refused.get("problems")).extracting(p -> p.get("field").asText())
                // ... and its completion, of a review that could not be scheduled, follows from it.
                .containsExactly("/agreements/0/reviews/0/kind", "/agreements/0/reviews/0/completion");
    }
}
