package fi.agreementregistry.api.security;

import fi.agreementregistry.api.RegistryHttpTest;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static fi.agreementregistry.api.security.AccessMatrixHttpTest.Expect.ALLOWED;
import static fi.agreementregistry.api.security.AccessMatrixHttpTest.Expect.FORBIDDEN;
import static fi.agreementregistry.api.security.AccessMatrixHttpTest.Expect.HIDDEN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint × every kind of caller: 401 for anonymous, 403 for a role (or party) that may not,
 * 404 where a clerk must not even see the agreement, and "allowed" (anything but 401/403) otherwise.
 * A refused request stores nothing. To cover a new endpoint, add a row to {@link #rows()}.
 */
class AccessMatrixHttpTest extends RegistryHttpTest {

    /** Who calls. The acting clerk is the one who would normally send the request. */
    enum Caller { ANONYMOUS, ACTING_CLERK, OTHER_PARTY_CLERK, OUTSIDER_CLERK, COMMITTEE, AUDITOR, ADMIN }

    enum Expect { ALLOWED, FORBIDDEN, HIDDEN, UNAUTHENTICATED }

    /** An agreement of the Kanta-Häme parties with a scheduled review, fresh for every cell. */
    record Fixture(String id, String reviewId, String successorId, String approvedId) {
    }

    record Request(HttpMethod method, String path, Object body) {
    }

    record Row(String name, Function<Fixture, Request> request, Map<Caller, Expect> expected) {
    }

    private static final String ACTING_PARTY = "municipality:109";
    private static final String OTHER_PARTY = "municipality:061";

    private static Map<Caller, Expect> expect(Expect clerk, Expect otherClerk, Expect outsider, Expect committee,
                                              Expect auditor, Expect admin) {
        Map<Caller, Expect> expected = new EnumMap<>(Caller.class);
        expected.put(Caller.ANONYMOUS, Expect.UNAUTHENTICATED);
        expected.put(Caller.ACTING_CLERK, clerk);
        expected.put(Caller.OTHER_PARTY_CLERK, otherClerk);
        expected.put(Caller.OUTSIDER_CLERK, outsider);
        expected.put(Caller.COMMITTEE, committee);
        expected.put(Caller.AUDITOR, auditor);
        expected.put(Caller.ADMIN, admin);
        return expected;
    }

    private static final Map<Caller, Expect> READ_AGREEMENT = expect(ALLOWED, ALLOWED, HIDDEN, ALLOWED, ALLOWED, FORBIDDEN);
    private static final Map<Caller, Expect> READ_ANY = expect(ALLOWED, ALLOWED, ALLOWED, ALLOWED, ALLOWED, FORBIDDEN);
    private static final Map<Caller, Expect> DIRECTORY = expect(ALLOWED, ALLOWED, ALLOWED, ALLOWED, ALLOWED, ALLOWED);
    // A clerk outside the agreement gets the 404 of an unknown id for commands too (issue 13, section 5).
    private static final Map<Caller, Expect> OWN_PARTY_ONLY = expect(ALLOWED, FORBIDDEN, HIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN);
    private static final Map<Caller, Expect> PARTIES_OF_AGREEMENT = expect(ALLOWED, ALLOWED, HIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN);
    private static final Map<Caller, Expect> COMMITTEE_ONLY = expect(FORBIDDEN, FORBIDDEN, FORBIDDEN, ALLOWED, FORBIDDEN, FORBIDDEN);
    private static final Map<Caller, Expect> OWN_PARTY_LIST = expect(ALLOWED, FORBIDDEN, FORBIDDEN, ALLOWED, ALLOWED, FORBIDDEN);
    private static final Map<Caller, Expect> ADMIN_ONLY = expect(FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, ALLOWED);
    /** The public register (issue 18): everyone, signed in or not. */
    private static final Map<Caller, Expect> EVERYONE = everyone();

    private static Map<Caller, Expect> everyone() {
        Map<Caller, Expect> expected = new EnumMap<>(Caller.class);
        for (Caller caller : Caller.values()) {
            expected.put(caller, ALLOWED);
        }
        return expected;
    }

    static List<Row> rows() {
        return List.of(
                new Row("GET /api/agreements", f -> read("/api/agreements?party=" + ACTING_PARTY), READ_ANY),
                new Row("GET /api/agreements/{id}", f -> read("/api/agreements/" + f.id()), READ_AGREEMENT),
                new Row("GET /api/agreements/{id}/reviews/{reviewId}",
                        f -> read("/api/agreements/" + f.id() + "/reviews/" + f.reviewId()), READ_AGREEMENT),
                new Row("GET /api/agreements/{id}/history", f -> read("/api/agreements/" + f.id() + "/history"),
                        READ_AGREEMENT),
                new Row("GET /api/agreements/{id}/principles", f -> read("/api/agreements/" + f.id() + "/principles?version=1"),
                        READ_AGREEMENT),
                new Row("GET /api/agreements/{id}/principles/diff",
                        f -> read("/api/agreements/" + f.id() + "/principles/diff?from=1&to=1"), READ_AGREEMENT),
                new Row("GET /api/agreements/{id}?asOf=", f -> read("/api/agreements/" + f.id() + "?asOf=2026-03-02"),
                        READ_AGREEMENT),
                new Row("GET /api/history (a clerk sees their own party's)", f -> read("/api/history"), READ_ANY),
                new Row("GET /api/reviews?party=", f -> read("/api/reviews?party=" + ACTING_PARTY), OWN_PARTY_LIST),
                new Row("GET /api/reviews.ics (a clerk gets their own party's)", f -> read("/api/reviews.ics"), READ_ANY),
                new Row("GET /api/parties/{partyId}/agreements", f -> read("/api/parties/" + ACTING_PARTY + "/agreements"),
                        OWN_PARTY_LIST),
                new Row("GET /api/parties/{partyId}/measures", f -> read("/api/parties/" + ACTING_PARTY + "/measures"),
                        OWN_PARTY_LIST),
                // Statutory negotiations (issue 19): compliance is for every read role; lists are scoped to a clerk.
                new Row("GET /api/negotiations (a clerk sees their party's)", f -> read("/api/negotiations"), READ_ANY),
                new Row("GET /api/measures (a clerk sees their party's)", f -> read("/api/measures"), READ_ANY),
                new Row("GET /api/compliance", f -> read("/api/compliance?welfareArea=welfare-area:07"), READ_ANY),
                new Row("GET /api/compliance/next-due", f -> read("/api/compliance/next-due"), READ_ANY),
                new Row("GET /api/compliance/due (a clerk gets their own party's)", f -> read("/api/compliance/due"),
                        READ_ANY),
                new Row("GET /api/compliance/due?party=", f -> read("/api/compliance/due?party=" + ACTING_PARTY),
                        OWN_PARTY_LIST),
                new Row("POST /api/negotiations (by a participating party's clerk)", f -> command("/api/negotiations",
                        Map.of("welfareAreaId", "welfare-area:07", "parties", List.of(ACTING_PARTY),
                                "heldOn", "2025-10-01", "legalBases", List.of("612/2021 §7"))),
                        expect(ALLOWED, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN)),
                new Row("GET /api/parties", f -> read("/api/parties?region=05"), DIRECTORY),
                new Row("GET /api/parties/{partyId}", f -> read("/api/parties/" + ACTING_PARTY), DIRECTORY),
                new Row("POST /api/agreements (draft including the acting party)",
                        f -> command("/api/agreements", draft()), expect(ALLOWED, ALLOWED, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN)),
                new Row("POST /api/agreements/{id}/approvals",
                        f -> command("/api/agreements/" + f.id() + "/approvals", approval(ACTING_PARTY, 1, "2026-01-10")),
                        OWN_PARTY_ONLY),
                new Row("POST /api/agreements/{id}/signatures",
                        f -> command("/api/agreements/" + f.approvedId() + "/signatures", signature(ACTING_PARTY, 1, "2026-02-01")),
                        OWN_PARTY_ONLY),
                new Row("POST /api/agreements/{id}/parties",
                        f -> command("/api/agreements/" + f.id() + "/parties", Map.of("partyId", "municipality:016")),
                        PARTIES_OF_AGREEMENT),
                new Row("DELETE /api/agreements/{id}/parties/{partyId}",
                        f -> new Request(HttpMethod.DELETE, "/api/agreements/" + f.id() + "/parties/municipality:981", null),
                        PARTIES_OF_AGREEMENT),
                new Row("POST /api/agreements/{id}/principles",
                        f -> command("/api/agreements/" + f.id() + "/principles", Map.of("principles", List.of("Uusi periaate."))),
                        PARTIES_OF_AGREEMENT),
                new Row("POST /api/agreements/{id}/supersession",
                        f -> command("/api/agreements/" + f.id() + "/supersession",
                                Map.of("successorId", f.successorId(), "supersededOn", "2026-03-01")),
                        PARTIES_OF_AGREEMENT),
                new Row("POST /api/agreements/{id}/termination",
                        f -> command("/api/agreements/" + f.id() + "/termination",
                                Map.of("terminatedOn", "2026-03-01", "reason", "Korvattu.")),
                        PARTIES_OF_AGREEMENT),
                new Row("POST /api/agreements/{id}/reviews",
                        f -> command("/api/agreements/" + f.id() + "/reviews",
                                Map.of("dueBy", "2027-05-31", "responsibleBody", "Integraatiovaliokunta")),
                        COMMITTEE_ONLY),
                new Row("POST /api/agreements/{id}/reviews/{reviewId}/completion",
                        f -> command("/api/agreements/" + f.id() + "/reviews/" + f.reviewId() + "/completion",
                                Map.of("completedOn", "2026-03-01", "outcome", "NO_CHANGES")),
                        COMMITTEE_ONLY),
                new Row("POST /api/admin/** (any admin tool)", f -> command("/api/admin/replay", Map.of()), ADMIN_ONLY),
                // A party's reminder addresses are personal data; the reminders' outbox is an admin tool.
                new Row("GET /api/parties/{partyId}/contacts", f -> read("/api/parties/" + ACTING_PARTY + "/contacts"),
                        ADMIN_ONLY),
                new Row("PUT /api/parties/{partyId}/contacts", f -> new Request(HttpMethod.PUT,
                        "/api/parties/" + ACTING_PARTY + "/contacts", Map.of("contacts", List.of(
                                Map.of("email", "kirjaamo@example.fi", "language", "fi")))), ADMIN_ONLY),
                new Row("GET /api/admin/notifications", f -> read("/api/admin/notifications?state=FAILED"), ADMIN_ONLY),
                new Row("POST /api/imports (a dry run)", f -> command("/api/imports?dryRun=true",
                        Map.of("agreements", List.of(Map.of("key", "access-matrix", "title", "Tuotava sopimus",
                                "kind", "FRAMEWORK_AGREEMENT", "councilTerm", "2025-2029",
                                "parties", List.of(ACTING_PARTY, OTHER_PARTY), "draftedOn", "2025-09-03")))),
                        ADMIN_ONLY),
                // The public register: its open data and pages, for anyone (the fixture's agreement is a draft: 404).
                new Row("GET /api/public/agreements", f -> read("/api/public/agreements?status=IN_FORCE"), EVERYONE),
                new Row("GET /api/public/agreements/{id}", f -> read("/api/public/agreements/" + f.id()), EVERYONE),
                new Row("GET /api/public/feed.atom", f -> read("/api/public/feed.atom?lang=sv"), EVERYONE),
                new Row("GET /api/public/agreements.jsonld", f -> read("/api/public/agreements.jsonld"), EVERYONE),
                new Row("GET /julkinen", f -> read("/julkinen?status=IN_FORCE"), EVERYONE),
                new Row("GET /offentlig/{id}", f -> read("/offentlig/" + f.id()), EVERYONE),
                new Row("GET /public", f -> read("/public"), EVERYONE),
                // The accessibility statement is for everyone (306/2019); the feedback it collects is for admins.
                new Row("GET /saavutettavuus", f -> read("/saavutettavuus"), EVERYONE),
                new Row("GET /tillganglighet", f -> read("/tillganglighet"), EVERYONE),
                new Row("GET /accessibility", f -> read("/accessibility"), EVERYONE),
                new Row("GET /api/admin/accessibility-feedback", f -> read("/api/admin/accessibility-feedback"),
                        ADMIN_ONLY));
    }

    private static Request read(String path) {
        return new Request(HttpMethod.GET, path, null);
    }

    private static Request command(String path, Object body) {
        return new Request(HttpMethod.POST, path, body);
    }

    private static Map<String, Object> draft() {
        return kantaHameDraft();
    }

    private String user(Caller caller) {
        return switch (caller) {
            case ANONYMOUS -> null;
            case ACTING_CLERK -> clerkOf(ACTING_PARTY);
            case OTHER_PARTY_CLERK -> clerkOf(OTHER_PARTY);
            case OUTSIDER_CLERK -> HELSINKI_CLERK;
            case COMMITTEE -> COMMITTEE;
            case AUDITOR -> AUDITOR;
            case ADMIN -> ADMIN;
        };
    }

    private Fixture fixture() {
        String id = draftKantaHame();
        String successor = draftKantaHame();
        ResponseEntity<String> review = as(COMMITTEE).post("/api/agreements/" + id + "/reviews",
                Map.of("dueBy", "2027-05-31", "responsibleBody", "Integraatiovaliokunta", "scheduledOn", "2026-02-01"));
        assertThat(review.getStatusCode().value()).as(review.getBody()).isEqualTo(201);
        ResponseEntity<String> approved = as(clerkOf(ACTING_PARTY)).post("/api/agreements/" + successor + "/approvals",
                approval(ACTING_PARTY, 1, "2026-01-10"));
        assertThat(approved.getStatusCode().value()).as(approved.getBody()).isEqualTo(201);
        return new Fixture(id, body(review).get("reviewId").asText(), successor, successor);
    }

    @TestFactory
    List<DynamicTest> everyEndpointForEveryCaller() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Row row : rows()) {
            for (Caller caller : Caller.values()) {
                Expect expected = row.expected().get(caller);
                tests.add(DynamicTest.dynamicTest(row.name() + " as " + caller + " -> " + expected, () -> {
                    Fixture fixture = fixture();
                    Request request = row.request().apply(fixture);
                    long before = storedEventCount();
                    String user = user(caller);
                    Client client = user == null ? anonymous() : as(user);
                    ResponseEntity<String> response = client.exchange(request.method(), request.path(), request.body(), null);
                    int status = response.getStatusCode().value();
                    switch (expected) {
                        case UNAUTHENTICATED -> assertThat(status).as(response.getBody()).isEqualTo(401);
                        case FORBIDDEN -> assertThat(status).as(response.getBody()).isEqualTo(403);
                        case HIDDEN -> assertThat(status).as(response.getBody()).isEqualTo(404);
                        case ALLOWED -> assertThat(status).as(response.getBody()).isNotIn(401, 403).isLessThan(500);
                    }
                    if (expected != ALLOWED) {
                        assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
                        assertThat(storedEventCount()).as("a refused request stores nothing").isEqualTo(before);
                    } else if (request.method() == HttpMethod.POST && !request.path().startsWith("/api/admin")) {
                        assertThat(status).as(response.getBody()).isBetween(200, 299);
                    }
                }));
            }
        }
        return tests;
    }

    /** Opening the public register opened nothing else: the signed-in pages and the API still want a sign-in. */
    @TestFactory
    List<DynamicTest> anonymousIsStillRefusedEverySignedInPageAndEndpoint() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String page : List.of("/ui", "/ui/agreements", "/ui/deadlines", "/ui/history", "/ui/party", "/ui/admin",
                "/ui/access", "/ui/counties/welfare-area:07")) {
            tests.add(DynamicTest.dynamicTest(page, () -> {
                // Without following the redirect, to see where it goes.
                java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(http.getRootUri() + page)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(page).isEqualTo(302);
                assertThat(response.headers().firstValue("Location").orElse("")).as(page).endsWith("/ui/login");
            }));
        }
        for (String endpoint : List.of("/api/agreements", "/api/history", "/api/reviews", "/api/parties",
                "/api/audit/access", "/api/admin/processors", "/api/evidence/public-key", "/api/public-nothing",
                "/api/publicity")) {
            tests.add(DynamicTest.dynamicTest(endpoint, () ->
                    assertThat(anonymous().get(endpoint).getStatusCode().value()).as(endpoint).isEqualTo(401)));
        }
        tests.add(DynamicTest.dynamicTest("POST /api/agreements", () -> assertThat(anonymous()
                .post("/api/agreements", kantaHameDraft()).getStatusCode().value()).isEqualTo(401)));
        return tests;
    }

    @TestFactory
    List<DynamicTest> theApiDocumentationAndHealthArePublic() {
        return List.of("/actuator/health", "/actuator/health/liveness", "/v3/api-docs", "/swagger-ui.html").stream()
                .map(path -> DynamicTest.dynamicTest(path, () ->
                        assertThat(anonymous().get(path).getStatusCode().value()).isIn(200, 302)))
                .toList();
    }
}
