package fi.agreementregistry.api.rest.agreements;

import com.fasterxml.jackson.databind.JsonNode;
import fi.agreementregistry.api.RegistryHttpTest;
import fi.agreementregistry.api.web.PageSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.ResponseEntity;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, section 2: text that is not text. Control and invisible formatting characters, line breaks in a
 * single-line field, text that is blank once normalised, a field named twice in one JSON object, and a string where a
 * number belongs (or a number where text belongs) are each a 400 naming the field, and store nothing.
 */
class TextInputHttpTest extends RegistryHttpTest {

    @ParameterizedTest(name = "title {0}")
    @ValueSource(strings = {
            "\u200B\u200B\u200B",                  // only zero-width spaces
            "\u200C\u200D\u2060\uFEFF",            // zero-width non-joiner, joiner, word joiner, BOM
            "Puitesopimus\u0000",                  // NUL
            "Puite\u0007sopimus",                  // BEL
            "\u001B[31mPuitesopimus",              // ESC (a terminal colour sequence)
            "Puitesopimus \u202Eevil.exe",         // right-to-left override
            "Puitesopimus \u2066isolate\u2069",    // bidirectional isolate
            "Puite\nsopimus",                      // a line break in a single-line field
            "Puite\tsopimus",                      // a tab in a single-line field
            "Puite\u2028sopimus",                  // line separator
            "\u00A0\u00A0\u3000"})                 // blank once normalised: no-break and ideographic spaces
    void aTitleThatIsNotOneLineOfTextIsA400NamingTitle(String title) {
        Map<String, Object> draft = new HashMap<>(kantaHameDraft());
        draft.put("title", title);
        long before = storedEventCount();
        assertRefused(post("/api/agreements", draft), "title");
        assertThat(storedEventCount()).isEqualTo(before);
    }

    @Test
    void everySingleLineFieldIsCheckedAndNamed() {
        Map<String, Object> draft = new HashMap<>(kantaHameDraft());
        draft.put("region", "Kanta\u0000Häme");
        draft.put("goals", List.of("Työllisyys", "Hyvin\nvointi"));
        draft.put("forums", List.of(Map.of("name", "Foorumi\u202E", "level", "STRATEGIC")));
        assertRefused(post("/api/agreements", draft), "region", "goals[1]", "forums[0].name");

        draft = new HashMap<>(kantaHameDraft());
        draft.put("reviewPolicy", Map.of("kind", "EVERY_MONTHS", "months", 12, "responsibleBody", "Valio\u001Bkunta"));
        assertRefused(post("/api/agreements", draft), "reviewPolicy.responsibleBody");

        draft = new HashMap<>(kantaHameDraft());
        draft.put("title", "LONE");
        assertRefused(postRaw("/api/agreements", writeJson(draft).replace("LONE", "\\uD800 lone surrogate")), "title");

        String id = draftKantaHame();
        long before = storedEventCount();
        Map<String, Object> approval = new HashMap<>(approval("municipality:109", 1, "2026-01-10"));
        approval.put("decisionBody", "Kunnan\nhallitus");
        approval.put("section", "§\u200B30");
        approval.put("diaryNumber", "56/15.00.18/2023\u0007");
        assertRefused(post("/api/agreements/" + id + "/approvals", approval), "decisionBody", "section", "diaryNumber");

        Map<String, Object> signature = new HashMap<>(signature("municipality:109", 1, "2026-02-01"));
        signature.put("signatory", Map.of("name", "\u2060", "title", "kunnan\tjohtaja"));
        assertRefused(post("/api/agreements/" + id + "/signatures", signature), "signatory.name", "signatory.title");

        assertRefused(post("/api/agreements/" + id + "/reviews",
                Map.of("dueBy", "2027-05-31", "responsibleBody", "Integraatio\u202Dvaliokunta", "kind", "A\nB")),
                "responsibleBody", "kind");
        assertThat(storedEventCount()).isEqualTo(before);
    }

    @Test
    void multiLineFieldsTakeLineBreaksButNotControlOrFormatCharacters() {
        Map<String, Object> draft = new HashMap<>(kantaHameDraft());
        draft.put("principles", List.of("Ensimmäinen rivi\nToinen rivi\r\n\tSisennetty", "Toinen periaate"));
        ResponseEntity<String> created = post("/api/agreements", draft);
        assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
        String id = body(created).get("agreementId").asText();
        assertThat(body(get("/api/agreements/" + id)).toString()).contains("Ensimmäinen rivi\\nToinen rivi");

        long before = storedEventCount();
        assertRefused(post("/api/agreements/" + id + "/principles",
                Map.of("principles", List.of("Hyvä", "Paha\u0000"), "rationale", "Syy\u202E")),
                "principles[1]", "rationale");
        Map<String, Object> approval = new HashMap<>(approval("municipality:109", 1, "2026-01-10"));
        approval.put("decisionText", "Hyväksytään.\n\u001B]8;;http://evil.example\u0007linkki");
        assertRefused(post("/api/agreements/" + id + "/approvals", approval), "decisionText");
        assertRefused(post("/api/agreements/" + id + "/termination", Map.of("terminatedOn", "2026-03-01",
                "reason", "\u00A0\n\u00A0")), "reason");
        assertThat(storedEventCount()).isEqualTo(before);
    }

    @Test
    void aFieldNamedTwiceIsA400NamingItRatherThanTheLastOneWinning() {
        String id = draftKantaHame();
        long before = storedEventCount();
        ResponseEntity<String> response = postRaw("/api/agreements/" + id + "/reviews",
                "{\"dueBy\": \"2027-05-31\", \"responsibleBody\": \"Integraatiovaliokunta\","
                        + " \"responsibleBody\": \"Joku muu\"}");
        assertRefused(response, "responsibleBody");
        assertThat(body(response).get("detail").asText()).contains("responsibleBody").contains("twice");

        response = postRaw("/api/agreements/" + id + "/signatures", "{\"partyId\": \"municipality:109\", \"version\": 1,"
                + " \"signatory\": {\"name\": \"A\", \"name\": \"B\"}, \"signedOn\": \"2026-02-01\"}");
        assertRefused(response, "signatory.name");
        assertThat(storedEventCount()).isEqualTo(before);
    }

    @Test
    void scalarsAreNotCoerced() {
        String id = draftKantaHame();
        long before = storedEventCount();
        Map<String, Object> approval = new HashMap<>(approval("municipality:109", 1, "2026-01-10"));
        approval.put("version", "1");
        assertRefused(post("/api/agreements/" + id + "/approvals", approval), "version");

        approval = new HashMap<>(approval("municipality:109", 1, "2026-01-10"));
        approval.put("section", 30);
        assertRefused(post("/api/agreements/" + id + "/approvals", approval), "section");

        approval = new HashMap<>(approval("municipality:109", 1, "2026-01-10"));
        approval.put("decisionBody", true);
        assertRefused(post("/api/agreements/" + id + "/approvals", approval), "decisionBody");

        approval = new HashMap<>(approval("municipality:109", 1, "2026-01-10"));
        approval.put("meetingDate", 20_500);
        assertRefused(post("/api/agreements/" + id + "/approvals", approval), "meetingDate");

        Map<String, Object> draft = new HashMap<>(kantaHameDraft());
        draft.put("reviewPolicy", Map.of("kind", "EVERY_MONTHS", "months", "12", "responsibleBody", "Valiokunta"));
        assertRefused(post("/api/agreements", draft), "reviewPolicy.months");
        assertThat(storedEventCount()).isEqualTo(before);
    }

    @Test
    void thePagesApprovalFormAppliesTheSameRulesAndTheSameDateWindow() throws Exception {
        String id = draftKantaHame();
        long before = storedEventCount();
        PageSession clerk = PageSession.signIn(http.getRootUri(), clerkOf("municipality:109"), PASSWORD);
        Map<String, String> form = new HashMap<>(Map.of("partyId", "municipality:109", "version", "1",
                "decisionBody", "Kaupungin\u0000hallitus", "meetingDate", "10.1.2026", "section", "§ 30"));
        HttpResponse<String> page = clerk.post("/ui/agreements/" + id + "/approvals", form, "/ui/party");
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("U+0000");

        form.put("decisionBody", "Kaupunginhallitus");
        form.put("meetingDate", "1.1.1899");
        page = clerk.post("/ui/agreements/" + id + "/approvals", form, "/ui/party");
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("1899-01-01");
        assertThat(storedEventCount()).isEqualTo(before);
    }

    private String writeJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void assertRefused(ResponseEntity<String> response, String... fields) {
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(400);
        assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
        JsonNode problem = body(response);
        assertThat(problem.get("errors").findValuesAsText("field")).as(response.getBody()).contains(fields);
    }
}
