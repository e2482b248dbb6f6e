package fi.agreementregistry.api.http;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI description: security schemes (HTTP Basic, JWT bearer), who may call each operation,
 * the problem+json error responses, the Idempotency-Key header, and examples from the walk-through.
 * Kept here, next to the access rules, so that the controllers stay plain; an operation not listed in
 * {@link #OPERATIONS} still gets the security and error responses.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    record Doc(String summary, String who, Object example) {
    }

    static final Map<String, Doc> OPERATIONS = new LinkedHashMap<>();
    private static final String PUBLIC_READER = "anyone, without signing in";
    /** The public register's open data (security's {@code PublicPaths.API}). */
    private static final String PUBLIC_API = "/api/public/";

    static {
        OPERATIONS.put("POST /api/agreements", new Doc("Draft an agreement",
                "CLERK of one of the listed parties", Map.of("title",
                        "Puitesopimus Kanta-Hämeen kuntien, Hämeen liiton ja Kanta-Hämeen hyvinvointialueen yhteistyörakenteiden ja toimintatapojen periaatteiksi",
                        "kind", "FRAMEWORK_AGREEMENT", "region", "Kanta-Häme", "councilTerm", "2025-2029",
                        "parties", List.of("welfare-area:07", "regional-council:05", "municipality:109"),
                        "principles", List.of("Osapuolet ovat strategisia kumppaneita ja tasavertaisia juridisia toimijoita."),
                        "goals", List.of("Työllisyys ja elinvoima"),
                        "forums", List.of(Map.of("name", "Strateginen foorumi", "level", "STRATEGIC")))));
        OPERATIONS.put("GET /api/agreements", new Doc("List agreements (filtered by party, status, council term)",
                "CLERK (only their party's agreements), COMMITTEE, AUDITOR", null));
        OPERATIONS.put("GET /api/agreements/{id}", new Doc("Read one agreement; its ETag is for If-Match",
                "CLERK of one of its parties (others get 404), COMMITTEE, AUDITOR", null));
        OPERATIONS.put("POST /api/agreements/{id}/approvals", new Doc("Record a party's approval of a version",
                "CLERK of that party only", Map.of("partyId", "municipality:109", "version", 1,
                        "decisionBody", "Kaupunginhallitus", "meetingDate", "2026-01-12", "section", "§ 30",
                        "diaryNumber", "56/15.00.18/2023",
                        "decisionText", "Hyväksytään puitesopimus valtuustokaudelle 2025-2029.")));
        OPERATIONS.put("POST /api/agreements/{id}/signatures", new Doc("Record a party's signature of a version",
                "CLERK of that party only", Map.of("partyId", "municipality:109", "version", 1,
                        "signatory", Map.of("name", "Kaupunginjohtaja", "title", "kaupunginjohtaja"),
                        "signedOn", "2026-02-02")));
        OPERATIONS.put("POST /api/agreements/{id}/parties", new Doc("Add a party to a draft",
                "CLERK of a party of the agreement", Map.of("partyId", "municipality:016")));
        OPERATIONS.put("DELETE /api/agreements/{id}/parties/{partyId}", new Doc("Remove a party from a draft",
                "CLERK of a party of the agreement", null));
        OPERATIONS.put("POST /api/agreements/{id}/principles", new Doc(
                "Amend the principles (at once in a draft; proposed until all approve when in force)",
                "CLERK of a party of the agreement", Map.of("principles",
                        List.of("Osapuolet ovat strategisia kumppaneita.", "Järjestöyhteistyö on osa yhdyspintatyötä."),
                        "rationale", "Hyte-kuntakierroksen palaute keväällä 2025")));
        OPERATIONS.put("POST /api/agreements/{id}/reviews", new Doc("Schedule a review", "COMMITTEE",
                Map.of("dueBy", "2027-05-31", "kind", "AGREEMENT_EVALUATION", "responsibleBody", "Integraatiovaliokunta",
                        "reason", "Toimivuus ja muutostarpeet arvioidaan viimeistään keväällä.")));
        OPERATIONS.put("GET /api/agreements/{id}/reviews/{reviewId}", new Doc("Read one review",
                "CLERK of one of its parties, COMMITTEE, AUDITOR", null));
        OPERATIONS.put("POST /api/agreements/{id}/reviews/{reviewId}/completion", new Doc("Complete a review (once)",
                "COMMITTEE", Map.of("completedOn", "2026-03-01", "outcome", "NO_CHANGES",
                        "minutesReference", "Integraatiovaliokunta 1.3.2026 § 12")));
        OPERATIONS.put("POST /api/agreements/{id}/supersession", new Doc(
                "Supersede by the next council term's agreement", "CLERK of a party of both agreements",
                Map.of("successorId", "<id of the new agreement>", "supersededOn", "2029-06-01")));
        OPERATIONS.put("POST /api/agreements/{id}/termination", new Doc("Terminate the agreement",
                "CLERK of a party of the agreement", Map.of("terminatedOn", "2026-12-31",
                        "reason", "Korvattu alueellisella yhteistyösopimuksella.")));
        // The evidence log (docs/evidence.md).
        OPERATIONS.put("GET /api/evidence/public-key", new Doc("The key that signs the checkpoints, and every key "
                + "ever used", "any signed-in user", null));
        OPERATIONS.put("GET /api/evidence/checkpoint", new Doc("The latest signed checkpoint (C2SP signed note)",
                "any signed-in user", null));
        OPERATIONS.put("GET /api/evidence/checkpoints", new Doc("Signed checkpoints by tree size", "any signed-in user",
                null));
        OPERATIONS.put("GET /api/evidence/consistency", new Doc("RFC 9162 consistency proof between two tree sizes",
                "AUDITOR, ADMIN", null));
        OPERATIONS.put("GET /api/evidence/verification", new Doc("Recompute the evidence log against the stored "
                + "events and checkpoints", "AUDITOR, ADMIN", null));
        OPERATIONS.put("GET /api/agreements/{id}/history/{sequence}/receipt", new Doc("A self-contained receipt of "
                + "one event, verifiable offline (409 + Retry-After until a checkpoint covers it)", "AUDITOR, ADMIN",
                null));
        OPERATIONS.put("GET /api/parties", new Doc("The party directory (by kind or region)", "any signed-in user", null));
        OPERATIONS.put("GET /api/parties/{partyId}", new Doc("One party of the directory", "any signed-in user", null));
        // Reminders of review deadlines (README, "Reminders").
        OPERATIONS.put("GET /api/parties/{partyId}/contacts", new Doc("The party's reminder addresses (personal data)",
                "ADMIN", null));
        OPERATIONS.put("PUT /api/parties/{partyId}/contacts", new Doc("Replace the party's reminder addresses",
                "ADMIN", Map.of("contacts", List.of(Map.of("email", "kirjaamo@hameenlinna.fi", "language", "fi",
                        "name", "Kirjaamo")))));
        OPERATIONS.put("GET /api/admin/notifications", new Doc("The reminders' outbox: counts by state, entries "
                + "(state PENDING, SENDING, SENT, FAILED or CANCELLED)", "ADMIN", null));
        OPERATIONS.put("POST /api/imports", new Doc("Import existing agreements with their whole past (docs/import.md); "
                + "dryRun=true checks without storing", "ADMIN", null));
        // The public register (docs/open-data.md): no sign-in.
        OPERATIONS.put("GET /api/public/agreements", new Doc("The public agreements (entered into force, maybe since "
                + "ended) by title, filtered, by page number (page from 1, limit)", PUBLIC_READER, null));
        OPERATIONS.put("GET /api/public/agreements/{id}", new Doc("One public agreement; a draft is a 404 as an unknown "
                + "id", PUBLIC_READER, null));
        OPERATIONS.put("GET /api/public/feed.atom", new Doc("The public changes as an Atom feed, newest first (lang "
                + "or Accept-Language: fi, sv, en)", PUBLIC_READER, null));
        OPERATIONS.put("GET /api/public/agreements.jsonld", new Doc("Every public agreement as JSON-LD (schema.org "
                + "Legislation, ELI)", PUBLIC_READER, null));
    }


    @Bean
    public OpenApiCustomizer registrySecurityAndErrors() {
        return openApi -> {
            openApi.info(new Info().title("Agreement registry API").description("""
                    Collaboration agreements between Finnish municipalities, regional councils and wellbeing \
                    services counties. Sign in with HTTP Basic (embedded users) or a JWT bearer token from your \
                    identity provider. Roles: CLERK (acts for one party), COMMITTEE (reviews), AUDITOR (reads \
                    everything), ADMIN (/api/admin/** only). Every error is RFC 9457 application/problem+json. \
                    Every POST accepts an Idempotency-Key header."""));
            Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
            components.addSecuritySchemes("basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic"))
                    .addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP)
                            .scheme("bearer").bearerFormat("JWT"))
                    .addSchemas("Problem", problemSchema());
            openApi.components(components);
            openApi.security(List.of(new SecurityRequirement().addList("basic"), new SecurityRequirement().addList("bearer")));
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) ->
                    document(method, path, operation)));
        };
    }

    private static void document(PathItem.HttpMethod method, String path, Operation operation) {
        Doc doc = OPERATIONS.get(method + " " + path);
        String who = doc != null ? doc.who() : path.startsWith("/api/admin") ? "ADMIN"
                : method == PathItem.HttpMethod.GET ? "CLERK (their party's data), COMMITTEE, AUDITOR" : "see the README";
        if (doc != null) {
            operation.setSummary(doc.summary());
            if (doc.example() != null && operation.getRequestBody() != null
                    && operation.getRequestBody().getContent() != null) {
                operation.getRequestBody().getContent().values().forEach(media -> media.setExample(doc.example()));
            }
        }
        String description = operation.getDescription() == null ? "" : operation.getDescription() + "\n\n";
        operation.setDescription(description + "**Who may:** " + who + ".");
        if (path.startsWith(PUBLIC_API)) {
            // No sign-in, GET only; cached (ETag, If-None-Match) and rate-limited per client address.
            operation.setSecurity(List.of());
            problem(operation, "400", "Invalid filter: the field is named in errors[]");
            problem(operation, "404", "Not a public agreement (a draft, or no agreement at all)");
            problem(operation, "429", "Too many requests from this address; see Retry-After");
            return;
        }
        if (method == PathItem.HttpMethod.POST) {
            operation.addParametersItem(new HeaderParameter().name("Idempotency-Key").required(false)
                    .description("Retrying with the same key and body returns the first response and stores nothing "
                            + "more; the same key with another body is a 422; a copy while the first still runs is a "
                            + "409 with Retry-After. If the registry stopped during the first, a retry after the lease "
                            + "gets the outcome of what it stored, or runs. Keys are kept a day (by default).")
                    .schema(new StringSchema().maxLength(200)));
        }
        problem(operation, "400", "Invalid input: each bad field is named in errors[]");
        problem(operation, "401", "Not signed in");
        problem(operation, "403", "Your role or party may not do this");
        problem(operation, "404", "Unknown (or, for a clerk, not their party's) agreement");
        problem(operation, "429", "Too many failed sign-ins for this user name or from this address; see Retry-After");
        if (method != PathItem.HttpMethod.GET) {
            problem(operation, "409", "A rule of the agreement was broken (type names the rule) or a concurrent change");
            problem(operation, "412", "Stale If-Match");
            problem(operation, "413", "Request body too large");
            problem(operation, "422", "Idempotency-Key reused with another request");
        }
    }

    private static void problem(Operation operation, String status, String description) {
        if (operation.getResponses() == null || operation.getResponses().containsKey(status)) {
            return;
        }
        operation.getResponses().addApiResponse(status, new ApiResponse().description(description)
                .content(new Content().addMediaType("application/problem+json",
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem")))));
    }

    @SuppressWarnings("rawtypes")
    private static Schema problemSchema() {
        return new ObjectSchema().description("RFC 9457 problem details")
                .addProperty("type", new StringSchema().example("/problems/not-yet-approved"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema())
                .addProperty("rule", new StringSchema().description("for 409: the broken rule"))
                .addProperty("errors", new io.swagger.v3.oas.models.media.ArraySchema().items(new ObjectSchema()
                        .addProperty("field", new StringSchema()).addProperty("message", new StringSchema())));
    }
}
