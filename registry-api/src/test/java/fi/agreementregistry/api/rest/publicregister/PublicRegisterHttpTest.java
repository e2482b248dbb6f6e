package fi.agreementregistry.api.rest.publicregister;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18, part 1: the public register's JSON and pages, read without signing in, in the shared application (other
 * tests' agreements are there too: each test finds its own by a word of its title).
 */
class PublicRegisterHttpTest extends PublicRegisterFixtures {

    private ResponseEntity<String> read(String path) {
        return anonymous().get(path);
    }

    private JsonNode json(String path) {
        ResponseEntity<String> response = read(path);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        return body(response);
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("agreements").forEach(a -> ids.add(a.get("id").asText()));
        return ids;
    }

    @Nested
    class TheList {

        @Test
        void showsWhatEveryPartyApprovedAndSignedAndNeverADraftOrAHalfSignedOne() {
            String word = word();
            String inForce = inForce("Voimassa " + word);
            String superseded = inForce("Korvattu " + word);
            String successor = inForce("Seuraaja " + word);
            supersede(superseded, successor, "2026-01-15");
            String terminated = inForce("Päättynyt " + word);
            terminate(terminated, "2026-01-20");
            String draft = draft("Luonnos " + word);
            String halfSigned = draft("Puoliksi " + word);
            approve(halfSigned, HAMEENLINNA, 1, "2025-10-06");
            approve(halfSigned, COUNTY, 1, "2025-10-06");
            sign(halfSigned, HAMEENLINNA, 1, "2025-11-03");
            String terminatedDraft = draft("Hylätty luonnos " + word);
            terminate(terminatedDraft, "2026-01-20");

            JsonNode page = json("/api/public/agreements?q=" + word);
            assertThat(ids(page)).containsExactlyInAnyOrder(inForce, superseded, successor, terminated);
            assertThat(page.get("total").asInt()).isEqualTo(4);
            assertThat(page.get("licence").get("name").asText()).isEqualTo("CC BY 4.0");
            for (String hidden : List.of(draft, halfSigned, terminatedDraft)) {
                assertThat(read("/api/public/agreements/" + hidden).getStatusCode().value()).isEqualTo(404);
            }
            // By title, and each entry links to its JSON and its pages.
            JsonNode first = page.get("agreements").get(0);
            assertThat(first.get("title").asText()).startsWith("Korvattu");
            assertThat(first.get("links").get("self").asText()).isEqualTo("/api/public/agreements/" + superseded);
            assertThat(first.get("links").get("sv").asText()).isEqualTo("/offentlig/" + superseded);
        }

        @Test
        void filtersByPartyRegionCouncilTermKindAndStatus() {
            String word = word();
            String kantaHame = inForce("Kanta " + word);
            String forssa = inForce("Forssan " + word, List.of(FORSSA, COUNTY), "Lounais-Häme", "2021-2025",
                    "COOPERATION_PROTOCOL", "2025-10-06", "2025-11-03");
            String ended = inForce("Päättynyt " + word);
            terminate(ended, "2026-02-01");
            String q = "/api/public/agreements?q=" + word;

            assertThat(ids(json(q + "&party=" + FORSSA))).containsExactly(forssa);
            assertThat(ids(json(q + "&party=" + HAMEENLINNA))).containsExactlyInAnyOrder(kantaHame, ended);
            assertThat(ids(json(q + "&region=lounais-häme"))).containsExactly(forssa);
            assertThat(ids(json(q + "&councilTerm=2021-2025"))).containsExactly(forssa);
            assertThat(ids(json(q + "&kind=COOPERATION_PROTOCOL"))).containsExactly(forssa);
            assertThat(ids(json(q + "&status=TERMINATED"))).containsExactly(ended);
            assertThat(ids(json(q + "&status=IN_FORCE&region=Kanta-Häme"))).containsExactly(kantaHame);
        }

        @Test
        void comesInPagesByNumber() {
            String word = word();
            List<String> made = new ArrayList<>();
            for (String letter : List.of("A", "B", "C")) {
                made.add(inForce(letter + " " + word));
            }
            JsonNode second = json("/api/public/agreements?q=" + word + "&limit=2&page=2");
            assertThat(ids(second)).containsExactly(made.get(2));
            assertThat(second.get("page").asInt()).isEqualTo(2);
            assertThat(second.get("pages").asInt()).isEqualTo(2);
            assertThat(second.get("total").asInt()).isEqualTo(3);
            assertThat(ids(json("/api/public/agreements?q=" + word + "&limit=2"))).containsExactly(made.get(0),
                    made.get(1));
        }

        @Test
        void badFiltersAreProblemsNamingTheField() {
            for (String[] bad : List.of(new String[]{"status=DRAFT", "status"}, new String[]{"kind=TREATY", "kind"},
                    new String[]{"councilTerm=2029", "councilTerm"}, new String[]{"party=Forssa!", "party"},
                    new String[]{"page=0", "page"}, new String[]{"limit=1001", "limit"},
                    new String[]{"where=1", "where"})) {
                ResponseEntity<String> refused = read("/api/public/agreements?" + bad[0]);
                assertThat(refused.getStatusCode().value()).as(bad[0]).isEqualTo(400);
                assertThat(refused.getHeaders().getContentType()).hasToString("application/problem+json");
                assertThat(refused.getBody()).as(bad[0]).contains("\"" + bad[1] + "\"");
            }
        }
    }

    @Nested
    class OneAgreement {

        @Test
        void showsTheDecisionsSignaturesVersionsReviewsAndSupersession() {
            String word = word();
            String old = inForce("Vanha " + word);
            String id = inForce("Uusi " + word);
            amendInForce(id, 2, List.of("Osapuolet ovat tasavertaisia kumppaneita.", "Tieto kulkee.", "Uusi periaate."),
                    "2025-12-01", "2026-01-12");
            review(id, "2025-11-10", "2026-02-02", "AMEND");
            supersede(old, id, "2026-01-05");

            JsonNode agreement = json("/api/public/agreements/" + id);
            assertThat(agreement.get("status").asText()).isEqualTo("IN_FORCE");
            assertThat(agreement.get("enteredIntoForceOn").asText()).isEqualTo("2025-11-03");
            assertThat(agreement.get("versionInForce").asInt()).isEqualTo(2);
            JsonNode hameenlinna = agreement.get("parties").get(0);
            assertThat(hameenlinna.get("name").asText()).isEqualTo("Hämeenlinna");
            assertThat(hameenlinna.get("approvals").get(0).toString()).isEqualTo("{\"version\":1,\"decisionBody\":"
                    + "\"Kunnanhallitus\",\"meetingDate\":\"2025-10-06\",\"section\":\"§ 30\",\"diaryNumber\":"
                    + "\"56/15.00.18/2023\"}");
            assertThat(hameenlinna.get("approvals").get(1).get("meetingDate").asText()).isEqualTo("2026-01-12");
            assertThat(hameenlinna.get("signatures").get(0).toString()).isEqualTo("{\"version\":1,"
                    + "\"signatoryTitle\":\"kunnanjohtaja\",\"organisation\":\"Hämeenlinna\",\"signedOn\":\"2025-11-03\"}");

            JsonNode versions = agreement.get("versions");
            assertThat(versions).hasSize(2);
            assertThat(versions.get(0).get("inForceFrom").asText()).isEqualTo("2025-11-03");
            assertThat(versions.get(0).get("inForceUntil").asText()).isEqualTo("2026-01-12");
            assertThat(versions.get(0).get("changes").isNull()).isTrue();
            assertThat(versions.get(1).get("inForceFrom").asText()).isEqualTo("2026-01-12");
            assertThat(versions.get(1).get("inForceUntil").isNull()).isTrue();
            JsonNode changes = versions.get(1).get("changes");
            assertThat(changes.get("fromVersion").asInt()).isEqualTo(1);
            assertThat(changes.get("added").get(0).get("text").asText()).isEqualTo("Uusi periaate.");
            assertThat(changes.get("changed").get(0).get("after").asText())
                    .isEqualTo("Osapuolet ovat tasavertaisia kumppaneita.");

            JsonNode review = agreement.get("reviews").get(0);
            assertThat(review.get("outcome").asText()).isEqualTo("AMEND");
            assertThat(review.get("completedOn").asText()).isEqualTo("2026-02-02");
            assertThat(review.has("reason")).isFalse();
            assertThat(agreement.get("supersedes").get("id").asText()).isEqualTo(old);
            assertThat(json("/api/public/agreements/" + old).get("supersededBy").get("title").asText())
                    .isEqualTo("Uusi " + word);
        }

        @Test
        void aProposedAmendmentNotYetApprovedByAllIsNotShown() {
            String id = inForce("Ehdotus " + word());
            post("/api/agreements/" + id + "/principles", java.util.Map.of("principles", List.of("Ehdotettu."),
                    "rationale", "Ehdotus.", "proposedOn", "2025-12-01"));
            approve(id, HAMEENLINNA, 2, "2026-01-12");
            JsonNode agreement = json("/api/public/agreements/" + id);
            assertThat(agreement.get("versions")).hasSize(1);
            assertThat(agreement.toString()).doesNotContain("Ehdotettu.", "pendingAmendment");
            assertThat(agreement.get("parties").get(0).get("approvals")).hasSize(1);
        }

        @Test
        void aDraftIsAnsweredExactlyAsAnUnknownId() {
            String draft = draft("Luonnos " + word());
            String unknown = "no-such-agreement-" + word();
            ResponseEntity<String> ofDraft = read("/api/public/agreements/" + draft);
            ResponseEntity<String> ofNothing = read("/api/public/agreements/" + unknown);
            assertThat(ofDraft.getStatusCode().value()).isEqualTo(404);
            assertThat(ofDraft.getHeaders().getContentType()).hasToString("application/problem+json");
            assertThat(ofDraft.getBody().replace(draft, "ID")).isEqualTo(ofNothing.getBody().replace(unknown, "ID"));
            assertThat(withoutVolatile(ofDraft.getHeaders())).isEqualTo(withoutVolatile(ofNothing.getHeaders()));
            // The same on the pages.
            ResponseEntity<String> pageOfDraft = read("/julkinen/" + draft);
            ResponseEntity<String> pageOfNothing = read("/julkinen/" + unknown);
            assertThat(pageOfDraft.getStatusCode().value()).isEqualTo(404);
            assertThat(pageOfDraft.getBody().replace(draft, "ID")).isEqualTo(pageOfNothing.getBody()
                    .replace(unknown, "ID"));
            // An id too long to be one is no different.
            assertThat(read("/api/public/agreements/" + "x".repeat(101)).getStatusCode().value()).isEqualTo(404);
        }

        private HttpHeaders withoutVolatile(HttpHeaders headers) {
            HttpHeaders kept = new HttpHeaders();
            headers.forEach((name, values) -> {
                if (!List.of("date", "x-correlation-id", "content-length").contains(name.toLowerCase())) {
                    kept.put(name, values);
                }
            });
            return kept;
        }
    }

    @Nested
    class PersonalData {

        @Test
        void noSignatoryNameActorUserOrClerkTextInTheJsonOrThePages() {
            String word = word();
            String id = inForce("Henkilötiedot " + word);
            review(id, "2025-11-10", "2026-02-02", "NO_CHANGES");
            // The answers about this agreement alone, then those holding every public agreement of the shared
            // database (whose other agreements were signed by RegistryHttpTest's "Kaija Kuntalainen").
            List<String> own = List.of("/api/public/agreements/" + id, "/api/public/agreements?q=" + word,
                    "/julkinen/" + id, "/offentlig?q=" + word, "/public/" + id);
            List<String> all = List.of("/api/public/agreements.jsonld", "/api/public/feed.atom",
                    "/api/public/agreements?limit=1000");
            for (String path : Stream.concat(own.stream(), all.stream()).toList()) {
                ResponseEntity<String> response = read(path);
                assertThat(response.getStatusCode().value()).as(path).isEqualTo(200);
                assertThat(response.getBody()).as(path).doesNotContain(SIGNATORY_NAME, "Kaija Kuntalainen",
                        DECISION_TEXT, "Hyväksytään puitesopimus.", REVIEW_REASON,
                        // who recorded it: user ids, the actor in the events' metadata, recorded times, the access log
                        clerkOf(HAMEENLINNA), clerkOf(COUNTY), "\"actor", "actorName", "actorUserId", "actorRole",
                        "recordedAt", "recordedBy", "userId", "sourceAddress");
                if (own.contains(path)) {
                    // the users' names and the committee's user id
                    assertThat(response.getBody()).as(path).doesNotContain("Kirjaaja", "committee");
                }
            }
        }
    }

    @Nested
    class Caching {

        @Test
        void everyPublicAnswerCarriesCacheControlAndAnEtagThatAnswers304() {
            String id = inForce("Välimuisti " + word());
            for (String path : List.of("/api/public/agreements", "/api/public/agreements/" + id,
                    "/api/public/feed.atom?lang=en", "/api/public/agreements.jsonld", "/julkinen", "/offentlig/" + id,
                    "/public")) {
                ResponseEntity<String> first = read(path);
                assertThat(first.getStatusCode().value()).as(path).isEqualTo(200);
                assertThat(first.getHeaders().getCacheControl()).as(path).isEqualTo("public, max-age=300");
                String etag = first.getHeaders().getETag();
                assertThat(etag).as(path).isNotBlank();
                HttpHeaders conditional = new HttpHeaders();
                conditional.setIfNoneMatch(etag);
                ResponseEntity<String> again = anonymous().exchange(HttpMethod.GET, path, null, conditional);
                assertThat(again.getStatusCode().value()).as(path).isEqualTo(304);
                assertThat(again.getBody()).isNull();
            }
        }

        @Test
        void aChangeGivesANewEtag() {
            String id = inForce("Muuttuva " + word());
            String before = read("/api/public/agreements/" + id).getHeaders().getETag();
            review(id, "2025-11-10", "2026-02-02", "NO_CHANGES");
            ResponseEntity<String> after = read("/api/public/agreements/" + id);
            assertThat(after.getHeaders().getETag()).isNotEqualTo(before);
            HttpHeaders conditional = new HttpHeaders();
            conditional.setIfNoneMatch(before);
            assertThat(anonymous().exchange(HttpMethod.GET, "/api/public/agreements/" + id, null, conditional)
                    .getStatusCode().value()).isEqualTo(200);
        }
    }

    @Nested
    class ThePages {

        @Test
        void speakTheLanguageOfTheirAddressAndLinkToTheSamePageInTheOthers() {
            String word = word();
            String id = inForce("Sivu " + word);
            ResponseEntity<String> finnish = read("/julkinen?q=" + word);
            assertThat(finnish.getBody()).contains("<html lang=\"fi\">", "Julkinen sopimusrekisteri",
                    "href=\"/julkinen/" + id + "\"", "href=\"/offentlig?q=" + word + "\"");
            ResponseEntity<String> swedish = read("/offentlig/" + id);
            assertThat(swedish.getBody()).contains("<html lang=\"sv\">", "Offentligt avtalsregister", "Ramavtal",
                    "href=\"/julkinen/" + id + "\"", "href=\"/public/" + id + "\"", "kunnanjohtaja, Hämeenlinna");
            // A language cookie of the signed-in pages does not change a public address's language.
            HttpHeaders cookie = new HttpHeaders();
            cookie.add(HttpHeaders.COOKIE, "registry-lang=en");
            assertThat(anonymous().exchange(HttpMethod.GET, "/julkinen/" + id, null, cookie).getBody())
                    .contains("<html lang=\"fi\">");
            assertThat(read("/public/" + id).getBody()).contains("<html lang=\"en\">", "Framework agreement");
        }

        @Test
        void linkToNoSignedInPageButTheSignIn() {
            String word = word();
            String id = inForce("Linkit " + word);
            for (String path : List.of("/julkinen?q=" + word, "/offentlig/" + id, "/public/nothing-" + word)) {
                String page = read(path).getBody();
                Matcher links = Pattern.compile("<(?:a|form)\\b[^>]*(?:href|action)=\"([^\"]*)\"").matcher(page);
                List<String> targets = new ArrayList<>();
                while (links.find()) {
                    targets.add(links.group(1));
                }
                assertThat(targets).as(path).isNotEmpty();
                assertThat(targets.stream().filter(t -> t.startsWith("/ui")))
                        .as(path).allMatch(t -> t.startsWith("/ui/login"));
                assertThat(targets).as(path).allMatch(t -> t.startsWith("/julkinen") || t.startsWith("/offentlig")
                        || t.startsWith("/public") || t.startsWith("/api/public/") || t.startsWith("/ui/login")
                        || t.startsWith("#") || t.startsWith("https://creativecommons.org/")
                        // the accessibility statement, itself open to everyone (306/2019)
                        || List.of("/saavutettavuus", "/tillganglighet", "/accessibility").contains(t));
            }
        }

        @Test
        void aBadFilterIsAnErrorPageInTheAddressLanguage() {
            HttpHeaders html = new HttpHeaders();
            html.add(HttpHeaders.ACCEPT, "text/html");
            ResponseEntity<String> bad = anonymous().exchange(HttpMethod.GET, "/offentlig?status=DRAFT", null, html);
            assertThat(bad.getStatusCode().value()).isEqualTo(400);
            assertThat(bad.getBody()).contains("<html lang=\"sv\">", "status");
            ResponseEntity<String> page = anonymous().exchange(HttpMethod.GET, "/offentlig?page=x", null, html);
            assertThat(page.getStatusCode().value()).isEqualTo(400);
        }
    }

    @Nested
    class Access {

        @Test
        void credentialsAreIgnoredAndNothingButReadingIsAllowed() {
            String id = inForce("Pääsy " + word());
            HttpHeaders wrong = new HttpHeaders();
            wrong.setBasicAuth("nobody", "wrong");
            assertThat(anonymous().exchange(HttpMethod.GET, "/api/public/agreements/" + id, null, wrong)
                    .getStatusCode().value()).isEqualTo(200);
            assertThat(as(AUDITOR).get("/julkinen/" + id).getStatusCode().value()).isEqualTo(200);
            for (HttpMethod method : List.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE)) {
                ResponseEntity<String> refused = anonymous().exchange(method, "/api/public/agreements/" + id,
                        java.util.Map.of(), null);
                assertThat(refused.getStatusCode().value()).as(method.name()).isEqualTo(405);
                assertThat(refused.getHeaders().getContentType()).hasToString("application/problem+json");
            }
            // No session is made for a reader.
            assertThat(read("/julkinen").getHeaders().get(HttpHeaders.SET_COOKIE)).isNull();
        }

        @Test
        void theApiDescriptionSaysTheOpenDataNeedsNoSignIn() {
            JsonNode paths = json("/v3/api-docs").get("paths");
            for (String path : List.of("/api/public/agreements", "/api/public/agreements/{id}",
                    "/api/public/feed.atom", "/api/public/agreements.jsonld")) {
                JsonNode get = paths.get(path).get("get");
                assertThat(get.get("security")).as(path).isEmpty();
                assertThat(get.get("description").asText()).as(path).contains("anyone, without signing in");
                assertThat(get.get("responses").has("401")).as(path).isFalse();
            }
        }
    }
}
