package fi.agreementregistry.api.rest.publicregister;

import com.apicatalog.jsonld.JsonLd;
import com.apicatalog.jsonld.document.JsonDocument;
import com.fasterxml.jackson.databind.JsonNode;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import fi.agreementregistry.api.MutableClock;
import jakarta.json.JsonArray;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.convention.TestBean;

import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public register's settings, in an application context of its own: a clock the test moves (the rate limit's
 * window, and business dates in 2027 that no other test's agreements have, so the feed's newest entries are this
 * test's), a low rate limit, signatories shown by name, another licence.
 */
@TestPropertySource(properties = {
        "registry.public.rate-limit.requests-per-minute=30",
        "registry.public.show-signatory-names=true",
        "registry.public.licence.name=CC0 1.0",
        "registry.public.licence.url=https://creativecommons.org/publicdomain/zero/1.0/"})
class PublicRegisterSettingsHttpTest extends PublicRegisterFixtures {

    static final MutableClock CLOCK = new MutableClock(Instant.parse("2027-06-30T09:00:00Z"));

    @TestBean(name = "testClock", methodName = "movableClock")
    Clock clock;

    static Clock movableClock() {
        return CLOCK;
    }

    @BeforeEach
    void aFreshAllowance() {
        // Untouched for two minutes, an address's allowance is full again.
        CLOCK.advance(Duration.ofMinutes(3));
    }

    @Test
    void anAddressOverItsAllowanceGets429WithRetryAfterUntilItRefills() {
        for (int i = 0; i < 30; i++) {
            assertThat(anonymous().get("/api/public/agreements?limit=1").getStatusCode().value()).isEqualTo(200);
        }
        ResponseEntity<String> limited = anonymous().get("/api/public/agreements/any");
        assertThat(limited.getStatusCode().value()).isEqualTo(429);
        assertThat(limited.getHeaders().getContentType()).hasToString("application/problem+json");
        // 30 a minute refill one every two seconds.
        assertThat(limited.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
        assertThat(limited.getHeaders().getCacheControl()).isEqualTo("no-store");
        JsonNode problem = body(limited);
        assertThat(problem.get("type").asText()).isEqualTo("/problems/rate-limited");
        assertThat(problem.get("retryAfterSeconds").asInt()).isEqualTo(2);
        // The pages share the allowance; a browser gets the page, in the address's language.
        HttpHeaders html = new HttpHeaders();
        html.add(HttpHeaders.ACCEPT, "text/html");
        ResponseEntity<String> page = anonymous().exchange(HttpMethod.GET, "/offentlig", null, html);
        assertThat(page.getStatusCode().value()).isEqualTo(429);
        assertThat(page.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
        assertThat(page.getBody()).contains("<html lang=\"sv\">", "För många förfrågningar");
        assertThat(anonymous().get("/api/public/feed.atom").getStatusCode().value()).isEqualTo(429);
        // Signed-in reads are not the public register's and are not limited by it.
        assertThat(as(AUDITOR).get("/api/agreements?status=IN_FORCE").getStatusCode().value()).isEqualTo(200);

        CLOCK.advance(Duration.ofSeconds(2));
        assertThat(anonymous().get("/api/public/agreements?limit=1").getStatusCode().value()).isEqualTo(200);
        assertThat(anonymous().get("/api/public/agreements?limit=1").getStatusCode().value()).isEqualTo(429);
    }

    @Test
    void signatoryNamesAreShownWhenConfiguredAndTheLicenceIsTheConfiguredOne() {
        String id = inForce("Nimet " + word());
        JsonNode agreement = body(anonymous().get("/api/public/agreements/" + id));
        JsonNode signature = agreement.get("parties").get(0).get("signatures").get(0);
        assertThat(signature.get("signatoryName").asText()).isEqualTo(SIGNATORY_NAME);
        assertThat(signature.get("signatoryTitle").asText()).isEqualTo("kunnanjohtaja");
        assertThat(agreement.get("licence").get("name").asText()).isEqualTo("CC0 1.0");
        assertThat(anonymous().get("/julkinen/" + id).getBody())
                .contains(SIGNATORY_NAME + ", kunnanjohtaja, Hämeenlinna", "CC0 1.0");
        assertThat(anonymous().get("/api/public/feed.atom").getBody())
                .contains("<rights>Avoin data, lisenssi CC0 1.0 (https://creativecommons.org/publicdomain/zero/1.0/)",
                        "<link rel=\"license\" href=\"https://creativecommons.org/publicdomain/zero/1.0/\"");
        assertThat(body(anonymous().get("/api/public/agreements.jsonld")).get("license").asText())
                .isEqualTo("https://creativecommons.org/publicdomain/zero/1.0/");
    }

    @Test
    void theFeedListsThePublicChangesNewestFirstWithStableIdsInTheAskedLanguage() throws Exception {
        String word = word();
        String old = inForce("Vanha " + word, List.of(HAMEENLINNA, COUNTY), "Kanta-Häme", "2025-2029",
                "FRAMEWORK_AGREEMENT", "2027-01-04", "2027-01-11");
        // A draft amended before it entered into force: its amendment is no change the public is told of.
        String amended = draft("Muutettu " + word, List.of(HAMEENLINNA, COUNTY), "Kanta-Häme", "2025-2029",
                "FRAMEWORK_AGREEMENT", List.of("Ensimmäinen."), "2027-01-02");
        post("/api/agreements/" + amended + "/principles", Map.of("principles", List.of("Luonnoksen muutos."),
                "rationale", "Luonnos.", "proposedOn", "2027-01-03"));
        approve(amended, HAMEENLINNA, 2, "2027-02-01");
        approve(amended, COUNTY, 2, "2027-02-01");
        sign(amended, HAMEENLINNA, 2, "2027-02-08");
        sign(amended, COUNTY, 2, "2027-02-08");
        amendInForce(amended, 3, List.of("Voimassa olevan muutos."), "2027-03-01", "2027-03-15");
        review(amended, "2027-03-16", "2027-04-05", "REPLACE");
        supersede(old, amended, "2027-05-03");
        String ended = inForce("Päättyvä " + word, List.of(HAMEENLINNA, COUNTY), "Kanta-Häme", "2025-2029",
                "FRAMEWORK_AGREEMENT", "2027-01-04", "2027-01-18");
        terminate(ended, "2027-06-01");
        String abandoned = draft("Hylätty " + word, List.of(HAMEENLINNA, COUNTY), "Kanta-Häme", "2025-2029",
                "FRAMEWORK_AGREEMENT", List.of("Ei koskaan voimaan."), "2027-01-02");
        terminate(abandoned, "2027-06-15");

        HttpHeaders swedish = new HttpHeaders();
        swedish.add(HttpHeaders.ACCEPT_LANGUAGE, "sv-FI, en;q=0.5");
        ResponseEntity<String> response = anonymous().exchange(HttpMethod.GET, "/api/public/feed.atom", null, swedish);
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getHeaders().getContentType()).hasToString("application/atom+xml;charset=UTF-8");
        SyndFeed feed = new SyndFeedInput().build(new StringReader(response.getBody()));
        assertThat(feed.getFeedType()).isEqualTo("atom_1.0");
        assertThat(feed.getTitle()).isEqualTo("Ändringar i det offentliga avtalsregistret");
        List<SyndEntry> entries = feed.getEntries();
        List<String> titles = entries.stream().limit(7).map(SyndEntry::getTitle).toList();
        assertThat(titles).containsExactly(
                "Upphörde: Päättyvä " + word,
                "Ersatt: Vanha " + word,
                "Utvärdering gjord: Muutettu " + word,
                "Ändrad version 3 i kraft: Muutettu " + word,
                "I kraft: Muutettu " + word,
                "I kraft: Päättyvä " + word,
                "I kraft: Vanha " + word);
        assertThat(entries).noneMatch(e -> e.getTitle().contains("Hylätty") || e.getTitle().contains("version 2"));
        SyndEntry superseded = entries.get(1);
        assertThat(superseded.getLink()).endsWith("/offentlig/" + old);
        assertThat(superseded.getDescription().getValue()).contains("ersattes 3.5.2027", "Det ersattes av Muutettu");
        assertThat(superseded.getUpdatedDate()).isEqualTo(Date.from(Instant.parse("2027-05-02T21:00:00Z")));
        assertThat(feed.getPublishedDate()).isEqualTo(Date.from(Instant.parse("2027-05-31T21:00:00Z")));

        // The same entries have the same ids at every fetch and in every language.
        SyndFeed english = new SyndFeedInput().build(new StringReader(
                anonymous().get("/api/public/feed.atom?lang=en").getBody()));
        assertThat(english.getTitle()).isEqualTo("Changes in the public register of agreements");
        assertThat(english.getEntries().get(1).getTitle()).isEqualTo("Superseded: Vanha " + word);
        assertThat(english.getEntries().stream().limit(7).map(SyndEntry::getUri).toList())
                .isEqualTo(entries.stream().limit(7).map(SyndEntry::getUri).toList())
                .allMatch(uri -> uri.startsWith("urn:uuid:"));
        assertThat(anonymous().get("/api/public/feed.atom?lang=de").getStatusCode().value()).isEqualTo(400);
    }

    @Test
    void theJsonLdIsExpandedByAJsonLdProcessorIntoSchemaOrgAndEliTerms() throws Exception {
        String word = word();
        String old = inForce("LD vanha " + word, List.of(HAMEENLINNA, COUNTY), "Kanta-Häme", "2025-2029",
                "FRAMEWORK_AGREEMENT", "2027-01-04", "2027-01-11");
        String successor = inForce("LD uusi " + word, List.of(HAMEENLINNA, COUNTY), "Kanta-Häme", "2025-2029",
                "FRAMEWORK_AGREEMENT", "2027-01-04", "2027-01-12");
        supersede(old, successor, "2027-02-01");
        ResponseEntity<String> response = anonymous().get("/api/public/agreements.jsonld");
        assertThat(response.getHeaders().getContentType()).hasToString("application/ld+json");
        JsonNode document = body(response);
        assertThat(document.get("@context").get("legislationDate").get("@id").asText())
                .isEqualTo("schema:legislationDate");
        JsonNode agreement = null;
        for (JsonNode part : document.get("hasPart")) {
            if (part.get("identifier").asText().equals(old)) {
                agreement = part;
            }
        }
        assertThat(agreement).isNotNull();
        assertThat(agreement.get("legislationLegalForce").asText()).isEqualTo("NotInForce");
        assertThat(agreement.get("repealedBy").asText()).endsWith("/api/public/agreements/" + successor);

        JsonArray expanded = JsonLd.expand(JsonDocument.of(new StringReader(response.getBody()))).get();
        String all = expanded.toString();
        assertThat(all).contains("https://schema.org/legislationDate", "https://schema.org/legislationPassedBy",
                "http://data.europa.eu/eli/ontology#repealed_by", "https://schema.org/NotInForce",
                "http://www.w3.org/2001/XMLSchema#date", "https://schema.org/license");
        assertThat(all).contains("\"@value\":\"2027-01-11\"");
    }
}
