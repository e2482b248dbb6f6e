package fi.agreementregistry.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * Base of the HTTP tests: the packaged application on a random port, the embedded MongoDB server
 * in memory, and a fixed clock (2 March 2026) so date rules are deterministic.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "registry.embedded.backend=memory")
@Import(RegistryHttpTest.FixedClock.class)
public abstract class RegistryHttpTest {

    public static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

    /** The Kanta-Häme framework agreement 2025-2029: 11 municipalities, the county and Hämeen liitto. */
    public static final List<String> KANTA_HAME = List.of(
            "welfare-area:07", "regional-council:05",
            "municipality:061", "municipality:082", "municipality:086", "municipality:103",
            "municipality:109", "municipality:165", "municipality:169", "municipality:433",
            "municipality:694", "municipality:834", "municipality:981");

    @TestConfiguration
    static class FixedClock {
        @Bean
        @Primary
        Clock testClock() {
            return Clock.fixed(NOW, ZoneOffset.UTC);
        }
    }

    @Autowired
    protected TestRestTemplate http;

    @Autowired
    protected MongoDatabase database;

    protected final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void acceptJson() {
        http.getRestTemplate().getInterceptors().clear();
    }

    protected ResponseEntity<String> post(String path, Object body) {
        return post(path, body, null);
    }

    protected ResponseEntity<String> post(String path, Object body, String ifMatch) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (ifMatch != null) {
            headers.setIfMatch(ifMatch);
        }
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers), String.class);
    }

    protected ResponseEntity<String> postRaw(String path, String rawJson) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(rawJson, headers), String.class);
    }

    protected ResponseEntity<String> get(String path) {
        return http.getForEntity(path, String.class);
    }

    protected JsonNode body(ResponseEntity<String> response) {
        try {
            return json.readTree(response.getBody());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.getBody(), e);
        }
    }

    @Autowired
    protected EventStore eventStore;

    /** Events stored across all agreements (tombstones of failed appends are not events). */
    protected long storedEventCount() {
        long events = 0;
        for (Document commit : database.getCollection("domain_events").find(Filters.exists("tombstone", false))) {
            events += commit.getList("events", Document.class).size();
        }
        return events;
    }

    /** Events stored for one agreement, read back through Axon's event store. */
    protected long storedEventCount(String agreementId) {
        return eventStore.readEvents(agreementId).asStream().count();
    }

    public static Map<String, Object> kantaHameDraft() {
        return Map.of(
                "title", "Puitesopimus Kanta-Hämeen kuntien, Hämeen liiton ja Kanta-Hämeen hyvinvointialueen "
                        + "yhteistyörakenteiden ja toimintatapojen periaatteiksi",
                "kind", "FRAMEWORK_AGREEMENT",
                "region", "Kanta-Häme",
                "councilTerm", "2025-2029",
                "parties", KANTA_HAME,
                "principles", List.of("Osapuolet ovat strategisia kumppaneita ja tasavertaisia juridisia toimijoita.",
                        "Hyvinvoinnin ja terveyden edistäminen on yhteinen tehtävä.",
                        "Yhteistyötä arvioidaan vähintään kerran valtuustokaudessa."),
                "goals", List.of("Työllisyys ja elinvoima", "Ikäystävällinen asuminen", "Kokonaisvaltainen hyvinvointi",
                        "Hyvinvoivat lapset, nuoret ja perheet"),
                "forums", List.of(Map.of("name", "Strateginen foorumi", "level", "STRATEGIC"),
                        Map.of("name", "Hyte-foorumi", "level", "TACTICAL")));
    }

    protected String draftKantaHame() {
        ResponseEntity<String> created = post("/api/agreements", kantaHameDraft());
        if (created.getStatusCode().value() != 201) {
            throw new AssertionError("draft failed: " + created);
        }
        return body(created).get("agreementId").asText();
    }

    protected static Map<String, Object> approval(String partyId, int version, String meetingDate) {
        return Map.of("partyId", partyId, "version", version, "decisionBody", "Kunnanhallitus",
                "meetingDate", meetingDate, "section", "§ 30", "diaryNumber", "56/15.00.18/2023",
                "decisionText", "Hyväksytään puitesopimus.");
    }

    protected static Map<String, Object> signature(String partyId, int version, String signedOn) {
        return Map.of("partyId", partyId, "version", version,
                "signatory", Map.of("name", "Kaija Kuntalainen", "title", "kunnanjohtaja"), "signedOn", signedOn);
    }
}
