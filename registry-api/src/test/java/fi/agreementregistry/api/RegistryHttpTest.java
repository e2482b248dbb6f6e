package fi.agreementregistry.api;

import fi.agreementregistry.core.agreement.KantaHame;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.core.party.PartyKind;

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
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.test.context.ActiveProfiles;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * Base of the HTTP tests: the packaged application on a random port, the embedded MongoDB server
 * in memory, and a fixed clock (2 March 2026) so date rules are deterministic.
 * <p>
 * Users come from the {@code test} profile (the demo user names, password {@value #PASSWORD}). A request
 * sent without choosing a user is signed in as the user who would normally send it (see
 * {@link #defaultUser}); {@link #as(String)} and {@link #anonymous()} choose explicitly.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "registry.embedded.backend=memory")
@ActiveProfiles("test")
@Import(RegistryHttpTest.FixedClock.class)
public abstract class RegistryHttpTest {

    public static final String PASSWORD = "test";
    public static final String COMMITTEE = "committee";
    public static final String AUDITOR = "auditor";
    public static final String ADMIN = "admin";
    /** A clerk whose party (Helsinki) is in no Kanta-Häme agreement. */
    public static final String HELSINKI_CLERK = "clerk-municipality-091";
    private static final String ANONYMOUS_MARKER = "X-Test-Anonymous";

    public static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

    /** The Kanta-Häme framework agreement 2025-2029: 11 municipalities, the county and Hämeen liitto. */
    /** The thirteen parties of the Kanta-Häme agreement ({@link KantaHame}, the fixture every module shares). */
    public static final List<String> KANTA_HAME = KantaHame.allThirteenParties().stream().map(PartyId::value).toList();

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
        http.getRestTemplate().getInterceptors().add(this::signInAsDefaultUser);
    }

    /** The demo/test user name of the clerk of a party: clerk-municipality-109. */
    public static String clerkOf(String partyId) {
        return "clerk-" + partyId.replace(':', '-');
    }

    /** Requests as a chosen user. */
    protected Client as(String user) {
        return new Client(user);
    }

    /** Requests without credentials. */
    protected Client anonymous() {
        return new Client(null);
    }

    private ClientHttpResponse signInAsDefaultUser(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws java.io.IOException {
        if (request.getHeaders().remove(ANONYMOUS_MARKER) == null
                && !request.getHeaders().containsKey(HttpHeaders.AUTHORIZATION)) {
            request.getHeaders().setBasicAuth(defaultUser(request.getMethod(), request.getURI().getPath(), body),
                    PASSWORD);
        }
        return execution.execute(request, body);
    }

    /**
     * Who normally sends this request: the auditor reads; the committee schedules and completes reviews;
     * the clerk of the first listed party drafts; the clerk of the body's party approves and signs; the
     * clerk of the agreement's first party changes it.
     */
    protected String defaultUser(HttpMethod method, String path, byte[] body) {
        if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
            return AUDITOR;
        }
        if (path.startsWith("/api/admin")) {
            return ADMIN;
        }
        if (path.matches("/api/agreements/[^/]+/reviews(/[^/]+/completion)?")) {
            return COMMITTEE;
        }
        JsonNode json = null;
        try {
            json = body == null || body.length == 0 ? null : this.json.readTree(body);
        } catch (Exception e) {
            // not JSON: decided by the path alone
        }
        if (path.equals("/api/agreements")) {
            JsonNode parties = json == null ? null : json.get("parties");
            return parties != null && parties.isArray() && !parties.isEmpty() && parties.get(0).isTextual()
                    ? clerkOf(parties.get(0).asText()) : clerkOf(KANTA_HAME.get(0));
        }
        if (path.matches("/api/agreements/[^/]+/(approvals|signatures)") && json != null
                && json.path("partyId").isTextual()) {
            return clerkOf(json.get("partyId").asText());
        }
        java.util.regex.Matcher agreement = java.util.regex.Pattern.compile("/api/agreements/([^/]+)/.*").matcher(path);
        if (agreement.matches()) {
            ResponseEntity<String> current = as(AUDITOR).get("/api/agreements/" + agreement.group(1));
            if (current.getStatusCode().is2xxSuccessful()) {
                return clerkOf(body(current).get("parties").get(0).get("partyId").asText());
            }
        }
        return clerkOf(KANTA_HAME.get(0));
    }

    /** Requests signed in as one user (or nobody). */
    public final class Client {
        private final String user;

        private Client(String user) {
            this.user = user;
        }

        public ResponseEntity<String> exchange(HttpMethod method, String path, Object body, HttpHeaders extra) {
            HttpHeaders headers = new HttpHeaders();
            if (body != null) {
                headers.setContentType(MediaType.APPLICATION_JSON);
            }
            if (extra != null) {
                headers.addAll(extra);
            }
            if (user == null) {
                headers.set(ANONYMOUS_MARKER, "true");
            } else {
                headers.setBasicAuth(user, PASSWORD);
            }
            return http.exchange(path, method, new HttpEntity<>(body, headers), String.class);
        }

        public ResponseEntity<String> get(String path) {
            return exchange(HttpMethod.GET, path, null, null);
        }

        public ResponseEntity<String> post(String path, Object body) {
            return exchange(HttpMethod.POST, path, body, null);
        }

        public ResponseEntity<String> post(String path, Object body, String ifMatch) {
            HttpHeaders headers = new HttpHeaders();
            headers.setIfMatch(ifMatch);
            return exchange(HttpMethod.POST, path, body, headers);
        }

        public ResponseEntity<String> delete(String path) {
            return exchange(HttpMethod.DELETE, path, null, null);
        }
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

    /** Events the audit history lists: those of agreements and of statutory negotiations. */
    protected long historyEventCount() {
        java.util.Set<String> aggregateTypes = java.util.Set.of("Agreement", "Negotiation");
        long events = 0;
        for (Document commit : database.getCollection("domain_events").find(Filters.exists("tombstone", false))) {
            events += commit.getList("events", Document.class).stream()
                    .filter(event -> aggregateTypes.contains(event.getString("type"))).count();
        }
        return events;
    }

    /** Events stored for one agreement, read back through Axon's event store. */
    protected long storedEventCount(String agreementId) {
        return eventStore.readEvents(agreementId, 0).asStream().count();
    }

    /** Drafted on 3.9.2025, so the tests' approvals and signatures of 2025-2026 come after it. */
    public static Map<String, Object> kantaHameDraft() {
        return Map.of("draftedOn", "2025-09-03",
                "title", KantaHame.TITLE,
                "kind", "FRAMEWORK_AGREEMENT",
                "region", "Kanta-Häme",
                "councilTerm", KantaHame.TERM.toString(),
                "parties", KANTA_HAME,
                "principles", KantaHame.PRINCIPLES,
                "goals", KantaHame.GOALS,
                "forums", KantaHame.FORUMS.stream()
                        .map(forum -> Map.of("name", forum.name(), "level", forum.level().name())).toList());
    }

    /** The municipalities of a wellbeing services county ({@code "09"}), as the party directory lists them. */
    public static List<String> municipalitiesOf(String welfareAreaCode) {
        return KantaHame.DIRECTORY.all().stream()
                .filter(p -> p.kind() == PartyKind.MUNICIPALITY && welfareAreaCode.equals(p.welfareAreaCode()))
                .map(p -> p.id().value()).toList();
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
