package fi.agreementregistry.api.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import fi.agreementregistry.api.RegistryApplication;
import fi.agreementregistry.api.RegistryHttpTest;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of generated malformed and hostile bodies and query strings against every command endpoint,
 * each sent as the user who may call it (so the request reaches the body handling): never a 5xx, every
 * refusal is problem+json, and a refused request stores no event.
 */
class HostileInputPropertiesTest {

    private static ConfigurableApplicationContext app;
    private static MongoDatabase database;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static String base;
    private static String agreementId;
    private static String reviewId;
    private static String successorId;

    @BeforeContainer
    static void start() throws Exception {
        app = SpringApplication.run(RegistryApplication.class, "--server.port=0", "--spring.profiles.active=test",
                "--registry.embedded.backend=memory", "--logging.level.root=WARN");
        database = app.getBean(MongoDatabase.class);
        base = "http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort();
        freshAgreement();
    }

    @AfterContainer
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static void freshAgreement() throws Exception {
        agreementId = JSON.readTree(send("POST", "/api/agreements", JSON.writeValueAsString(RegistryHttpTest.kantaHameDraft()),
                RegistryHttpTest.clerkOf("municipality:109")).body()).get("agreementId").asText();
        successorId = JSON.readTree(send("POST", "/api/agreements", JSON.writeValueAsString(RegistryHttpTest.kantaHameDraft()),
                RegistryHttpTest.clerkOf("municipality:109")).body()).get("agreementId").asText();
        reviewId = JSON.readTree(send("POST", "/api/agreements/" + agreementId + "/reviews",
                "{\"dueBy\": \"2027-05-31\", \"responsibleBody\": \"Integraatiovaliokunta\"}", RegistryHttpTest.COMMITTEE)
                .body()).get("reviewId").asText();
    }

    /** A command endpoint, the user allowed to call it, and a valid body to start mutating from. */
    record Endpoint(String path, String user, Map<String, Object> validBody) {
        String resolvedPath() {
            return path.replace("{id}", agreementId).replace("{reviewId}", reviewId);
        }
    }

    private static final String CLERK = RegistryHttpTest.clerkOf("municipality:109");

    private static List<Endpoint> endpoints() {
        return List.of(
                new Endpoint("/api/agreements", CLERK, RegistryHttpTest.kantaHameDraft()),
                new Endpoint("/api/agreements/{id}/approvals", CLERK, Map.of("partyId", "municipality:109", "version", 1,
                        "decisionBody", "Kaupunginhallitus", "meetingDate", "2026-01-12", "section", "§ 30")),
                new Endpoint("/api/agreements/{id}/signatures", CLERK, Map.of("partyId", "municipality:109", "version", 1,
                        "signatory", Map.of("name", "Kaupunginjohtaja"), "signedOn", "2026-02-02")),
                new Endpoint("/api/agreements/{id}/parties", CLERK, Map.of("partyId", "municipality:016")),
                new Endpoint("/api/agreements/{id}/principles", CLERK, Map.of("principles", List.of("Uusi."))),
                new Endpoint("/api/agreements/{id}/reviews", RegistryHttpTest.COMMITTEE,
                        Map.of("dueBy", "2027-05-31", "responsibleBody", "Integraatiovaliokunta")),
                new Endpoint("/api/agreements/{id}/reviews/{reviewId}/completion", RegistryHttpTest.COMMITTEE,
                        Map.of("completedOn", "2026-03-01", "outcome", "NO_CHANGES")),
                new Endpoint("/api/agreements/{id}/supersession", CLERK,
                        Map.of("successorId", "SUCCESSOR", "supersededOn", "2026-03-01")),
                new Endpoint("/api/agreements/{id}/termination", CLERK,
                        Map.of("terminatedOn", "2026-03-01", "reason", "Korvattu.")));
    }

    private static final List<String> FIELD_NAMES = List.of("partyId", "version", "decisionBody", "meetingDate",
            "section", "diaryNumber", "decisionText", "signatory", "signedOn", "title", "kind", "councilTerm", "parties",
            "principles", "goals", "forums", "rationale", "dueBy", "responsibleBody", "completedOn", "outcome",
            "successorId", "supersededOn", "terminatedOn", "reason", "$where", "$ne", "__proto__", "constructor",
            "actorUserId", "actor", "extra", "");

    @Provide
    Arbitrary<Object> hostileValues() {
        Arbitrary<Object> scalars = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(30).map(s -> (Object) s),
                Arbitraries.strings().withChars("$.{}[]\"'\\:\u0000 ").ofMaxLength(12).map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of("2026-02-30", "13.3.2023", "2026-13-01", "+999999999-01-01", "0000-00-00", "9999-12-31",
                        "municipality:109", "municipality:999", "municipality:", ":109", "2025-2029", "2029-2025",
                        "DRAFT", "NO_CHANGES", "FRAMEWORK_AGREEMENT", "x".repeat(20_000), "  ", "",
                        "\u202e\u0000\ud83d\ude00").map(s -> (Object) s),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just(null),
                Arbitraries.of(Map.of("$ne", 1), Map.of("$gt", ""), Map.of("$where", "sleep(1000)"),
                        Map.of("$regex", ".*"), Map.of("$in", List.of("municipality:109"))).map(m -> (Object) m));
        return Arbitraries.oneOf(scalars,
                scalars.list().ofMaxSize(4).map(l -> (Object) l),
                Combinators.combine(Arbitraries.of(FIELD_NAMES), scalars).as((k, v) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put(k, v);
                    return (Object) m;
                }));
    }

    enum Mutation { REPLACE_FIELD, ADD_FIELD, REMOVE_FIELD, RAW_GARBAGE, TRUNCATED, NOT_AN_OBJECT }

    @Property(tries = 2000, seed = "20260302")
    void hostileBodiesNeverCauseA5xxOrStoreAnEvent(@ForAll("endpointIndex") int endpointIndex,
                                                   @ForAll Mutation mutation,
                                                   @ForAll("fieldNames") String field,
                                                   @ForAll("hostileValues") Object value,
                                                   @ForAll("garbage") String garbage) throws Exception {
        Endpoint endpoint = endpoints().get(endpointIndex);
        Map<String, Object> body = new LinkedHashMap<>(endpoint.validBody());
        body.replaceAll((k, v) -> "SUCCESSOR".equals(v) ? successorId : v);
        String json;
        switch (mutation) {
            case REPLACE_FIELD -> {
                String target = body.keySet().stream().skip(Math.abs(field.hashCode()) % body.size()).findFirst().orElseThrow();
                body.put(target, value);
                json = JSON.writeValueAsString(body);
            }
            case ADD_FIELD -> {
                body.put(field, value);
                json = JSON.writeValueAsString(body);
            }
            case REMOVE_FIELD -> {
                body.remove(body.keySet().stream().skip(Math.abs(field.hashCode()) % body.size()).findFirst().orElseThrow());
                json = JSON.writeValueAsString(body);
            }
            case RAW_GARBAGE -> json = garbage;
            case TRUNCATED -> {
                String whole = JSON.writeValueAsString(body);
                json = whole.substring(0, Math.abs(garbage.hashCode()) % whole.length());
            }
            default -> json = JSON.writeValueAsString(value);
        }
        check(endpoint.resolvedPath(), json, endpoint.user());
    }

    @Property(tries = 600, seed = "20260302")
    void hostileQueryStringsNeverCauseA5xxOrStoreAnEvent(@ForAll("endpointIndex") int endpointIndex,
                                                        @ForAll("fieldNames") String name,
                                                        @ForAll("garbage") String value,
                                                        @ForAll boolean encoded) throws Exception {
        Endpoint endpoint = endpoints().get(endpointIndex);
        // Tomcat itself refuses request lines above 8 KB (a plain 400 before the registry sees them).
        value = value.length() > 500 ? value.substring(0, 500) : value;
        String query = encoded
                ? URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)
                : name.replaceAll("[^A-Za-z0-9$\\[\\]_]", "") + "[$ne]=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
        Map<String, Object> body = new LinkedHashMap<>(endpoint.validBody());
        body.replaceAll((k, v) -> "SUCCESSOR".equals(v) ? successorId : v);
        check(endpoint.resolvedPath() + "?" + query, JSON.writeValueAsString(body), endpoint.user());
        // Reads take typed, known parameters only, too.
        HttpResponse<String> list = send("GET", "/api/agreements?" + query, null, RegistryHttpTest.AUDITOR);
        assertThat(list.statusCode()).as(query + " " + list.body()).isLessThan(500);
        // An empty parameter name never reaches the application (the servlet container drops it).
        if (!query.startsWith("=") && !query.startsWith("party=") && !query.startsWith("status=")
                && !query.startsWith("councilTerm=")) {
            assertThat(list.statusCode()).as(query + " " + list.body()).isEqualTo(400);
        }
    }

    private static void check(String path, String json, String user) throws Exception {
        long before = storedEvents();
        HttpResponse<String> response = send("POST", path, json, user);
        int status = response.statusCode();
        assertThat(status).as(path + " " + json + " -> " + response.body()).isLessThan(500);
        if (status >= 400) {
            assertThat(response.headers().firstValue("Content-Type")).as(path + " -> " + response.body())
                    .hasValue("application/problem+json");
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.get("status").asInt()).isEqualTo(status);
            assertThat(storedEvents()).as("a refused request stored an event: " + json).isEqualTo(before);
        } else {
            freshAgreement(); // it changed the agreement (maybe ended it): keep probing a fresh one
        }
    }

    @Provide
    Arbitrary<Integer> endpointIndex() {
        return Arbitraries.integers().between(0, endpoints().size() - 1);
    }

    @Provide
    Arbitrary<String> fieldNames() {
        return Arbitraries.oneOf(Arbitraries.of(FIELD_NAMES), Arbitraries.strings().ofMinLength(1).ofMaxLength(10));
    }

    @Provide
    Arbitrary<String> garbage() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(60),
                Arbitraries.strings().withChars("{}[]\":,$0123456789truefalsn\\ ").ofMaxLength(60),
                Arbitraries.of("{\"$where\": \"this.a == 1\"}", "[]", "null", "\"\"", "{", "}", "{\"a\":1}{\"b\":2}",
                        "[".repeat(5000), "{\"title\": \"\\ud800\"}", "1e999999"));
    }

    private static long storedEvents() {
        return database.getCollection("domain_events").countDocuments(Filters.exists("tombstone", false));
    }

    private static HttpResponse<String> send(String method, String path, String body, String user) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (user + ":" + RegistryHttpTest.PASSWORD).getBytes(StandardCharsets.UTF_8)));
        if (body == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
