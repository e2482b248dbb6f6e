package fi.agreementregistry.api.reminders;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.model.Filters;
import fi.agreementregistry.api.RegistryHttpTest;
import fi.agreementregistry.api.web.PageSession;
import fi.agreementregistry.projections.notification.ReminderReviews;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Without SMTP settings (here {@code spring.mail.host} set, but blank, as an empty environment variable leaves it):
 * no sender, reminders are planned and wait, the admin API and page say mail is not configured. And the parties'
 * contacts API: administrators only, validated, nothing changed by a refused request.
 */
@TestPropertySource(properties = {"spring.mail.host=", "registry.mail.host= ",
        "registry.reminders.recipients[0].body=Integraatiovaliokunta",
        "registry.reminders.recipients[0].email=valiokunta@kanta-hame.example"})
class RemindersWithoutMailHttpTest extends RegistryHttpTest {

    @Autowired
    ReminderJob job;
    @Autowired
    ApplicationContext context;

    @Test
    void withoutAnSmtpHostNothingIsSentAndRemindersWait() throws Exception {
        assertThat(context.getBeanProvider(JavaMailSender.class).getIfAvailable()).isNull();
        String id = draftKantaHame();
        ResponseEntity<String> scheduled = as(COMMITTEE).post("/api/agreements/" + id + "/reviews",
                Map.of("dueBy", "2026-03-10", "responsibleBody", "Integraatiovaliokunta", "reason", "Arviointi"));
        String review = body(scheduled).get("reviewId").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> database.getCollection(ReminderReviews.COLLECTION)
                .find(Filters.eq("_id", review)).first() != null);

        job.runOnce();
        job.runOnce();
        JsonNode pending = body(as(ADMIN).get("/api/admin/notifications?state=PENDING"));
        assertThat(pending.get("mailConfigured").asBoolean()).isFalse();
        List<JsonNode> ofReview = new ArrayList<>();
        pending.get("notifications").forEach(e -> {
            if (review.equals(e.get("reviewId").asText())) {
                ofReview.add(e);
            }
        });
        assertThat(ofReview).singleElement().satisfies(entry -> {
            assertThat(entry.get("email").asText()).isEqualTo("valiokunta@kanta-hame.example");
            assertThat(entry.get("occurrence").asText()).isEqualTo("before-14d");
            assertThat(entry.get("attempts").asInt()).as("no attempt to send").isZero();
            assertThat(entry.get("language").asText()).isEqualTo("fi");
        });

        String page = PageSession.signIn(http.getRootUri(), ADMIN, PASSWORD).get("/ui/admin").body();
        assertThat(page).contains("id=\"mail-not-configured\"", "REGISTRY_MAIL_HOST");
    }

    @Test
    void reviewsScheduledBeforeRemindersExistedAreTakenOverFromTheReviewDeadlinesOnce() {
        String id = draftKantaHame();
        ResponseEntity<String> scheduled = as(COMMITTEE).post("/api/agreements/" + id + "/reviews",
                Map.of("dueBy", "2026-03-12", "responsibleBody", "Integraatiovaliokunta", "reason", "Arviointi"));
        String review = body(scheduled).get("reviewId").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> database.getCollection(ReminderReviews.COLLECTION)
                .find(Filters.eq("_id", review)).first() != null
                && body(as(AUDITOR).get("/api/reviews?responsibleBody=Integraatiovaliokunta&limit=1000")).toString()
                .contains(review));
        // As a registry of an earlier version left it: the review in the read model, not among the reminders'.
        database.getCollection(ReminderReviews.COLLECTION)
                .deleteMany(Filters.in("_id", review, ReminderReviews.SEEDED_MARKER));

        job.runOnce();
        org.bson.Document taken = database.getCollection(ReminderReviews.COLLECTION)
                .find(Filters.eq("_id", review)).first();
        assertThat(taken).isNotNull();
        assertThat(taken.getBoolean("open")).isTrue();
        assertThat(taken.getString("dueBy")).isEqualTo("2026-03-12");
        assertThat(taken.getString("plannedOccurrence")).as("and reminded of at once").isEqualTo("before-14d");

        // Once: a review removed afterwards (as if never seen) is not taken over again.
        database.getCollection(ReminderReviews.COLLECTION).deleteOne(Filters.eq("_id", review));
        job.runOnce();
        assertThat(database.getCollection(ReminderReviews.COLLECTION).find(Filters.eq("_id", review)).first()).isNull();
    }

    @Test
    void onlyAdministratorsReadAndSetAPartysContacts() {
        String path = "/api/parties/municipality:091/contacts";
        ResponseEntity<String> put = as(ADMIN).exchange(HttpMethod.PUT, path, Map.of("contacts", List.of(
                Map.of("email", "kirjaamo@hel.example", "language", "fi", "name", "Kirjaamo"),
                Map.of("email", "registratur@hel.example", "language", "sv"))), null);
        assertThat(put.getStatusCode().value()).as(put.getBody()).isEqualTo(200);
        JsonNode read = body(as(ADMIN).get(path));
        assertThat(read.get("partyId").asText()).isEqualTo("municipality:091");
        assertThat(read.get("partyName").asText()).isEqualTo("Helsinki");
        assertThat(read.get("contacts")).hasSize(2);
        assertThat(read.get("contacts").get(0).get("email").asText()).isEqualTo("kirjaamo@hel.example");
        assertThat(read.get("contacts").get(1).get("language").asText()).isEqualTo("sv");

        for (String user : List.of(AUDITOR, COMMITTEE, HELSINKI_CLERK)) {
            assertThat(as(user).get(path).getStatusCode().value()).as(user).isEqualTo(403);
            assertThat(as(user).exchange(HttpMethod.PUT, path, Map.of("contacts", List.of()), null)
                    .getStatusCode().value()).as(user).isEqualTo(403);
        }
        assertThat(anonymous().get(path).getStatusCode().value()).isEqualTo(401);
        assertThat(as(AUDITOR).get("/api/parties/municipality:091").getStatusCode().value())
                .as("the directory itself stays readable").isEqualTo(200);
    }

    @Test
    void badContactsAreRefusedWithAProblemNamingTheFieldAndChangeNothing() {
        String path = "/api/parties/municipality:049/contacts";
        assertThat(as(ADMIN).exchange(HttpMethod.PUT, path, Map.of("contacts", List.of(
                Map.of("email", "kirjaamo@espoo.example", "language", "fi"))), null).getStatusCode().value())
                .isEqualTo(200);

        Map<String, Object> notAnAddress = Map.of("contacts", List.of(Map.of("email", "kirjaamo at espoo", "language", "fi")));
        Map<String, Object> twoAddresses = Map.of("contacts", List.of(
                Map.of("email", "a@espoo.example, b@espoo.example", "language", "fi")));
        Map<String, Object> aNamePart = Map.of("contacts", List.of(
                Map.of("email", "Kirjaamo <kirjaamo@espoo.example>", "language", "fi")));
        Map<String, Object> german = Map.of("contacts", List.of(Map.of("email", "a@espoo.example", "language", "de")));
        Map<String, Object> twice = Map.of("contacts", List.of(Map.of("email", "a@espoo.example", "language", "fi"),
                Map.of("email", "A@espoo.example", "language", "sv")));
        Map<String, Object> noLanguage = Map.of("contacts", List.of(Map.of("email", "a@espoo.example")));
        Map<String, Object> lineBreak = Map.of("contacts", List.of(
                Map.of("email", "a@espoo.example\r\nBcc: x@evil.example", "language", "fi")));
        Map<Map<String, Object>, String> refused = new java.util.LinkedHashMap<>();
        refused.put(notAnAddress, "contacts[0].email");
        refused.put(twoAddresses, "contacts[0].email");
        refused.put(aNamePart, "contacts[0].email");
        refused.put(german, "contacts[0].language");
        refused.put(twice, "contacts[1].email");
        refused.put(noLanguage, "contacts[0].language");
        refused.put(lineBreak, "contacts[0].email");
        refused.forEach((request, field) -> {
            ResponseEntity<String> response = as(ADMIN).exchange(HttpMethod.PUT, path, request, null);
            assertThat(response.getStatusCode().value()).as(request.toString()).isEqualTo(400);
            assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
            List<String> fields = new ArrayList<>();
            body(response).get("errors").forEach(e -> fields.add(e.get("field").asText()));
            assertThat(fields).as(request.toString()).contains(field);
        });
        ResponseEntity<String> unknownField = as(ADMIN).exchange(HttpMethod.PUT, path,
                Map.of("contacts", List.of(), "owner", "x"), null);
        assertThat(unknownField.getStatusCode().value()).isEqualTo(400);
        ResponseEntity<String> noList = as(ADMIN).exchange(HttpMethod.PUT, path, Map.of(), null);
        assertThat(noList.getStatusCode().value()).isEqualTo(400);

        JsonNode after = body(as(ADMIN).get(path));
        assertThat(after.get("contacts")).hasSize(1);
        assertThat(after.get("contacts").get(0).get("email").asText()).isEqualTo("kirjaamo@espoo.example");
    }

    @Test
    void aChangeMadeSinceTheCallerReadTheContactsIsRefusedWith412() {
        String path = "/api/parties/municipality:092/contacts";  // Vantaa: nobody else sets its contacts
        ResponseEntity<String> none = as(ADMIN).get(path);
        assertThat(none.getHeaders().getETag()).isEqualTo("\"0\"");
        Map<String, Object> first = Map.of("contacts", List.of(Map.of("email", "kirjaamo@vantaa.example", "language", "fi")));
        Map<String, Object> second = Map.of("contacts", List.of(Map.of("email", "registratur@vantaa.example", "language", "sv")));

        ResponseEntity<String> created = as(ADMIN).exchange(HttpMethod.PUT, path, first, ifMatch("\"0\""));
        assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(200);
        assertThat(created.getHeaders().getETag()).isEqualTo("\"1\"");
        // A second administrator who also read version 0 (nothing set) would overwrite the first one's list.
        ResponseEntity<String> stale = as(ADMIN).exchange(HttpMethod.PUT, path, second, ifMatch("\"0\""));
        assertThat(stale.getStatusCode().value()).isEqualTo(412);
        assertThat(stale.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        ResponseEntity<String> staleLater = as(ADMIN).exchange(HttpMethod.PUT, path, second, ifMatch("\"7\""));
        assertThat(staleLater.getStatusCode().value()).isEqualTo(412);
        assertThat(body(as(ADMIN).get(path)).get("contacts").get(0).get("email").asText())
                .isEqualTo("kirjaamo@vantaa.example");

        ResponseEntity<String> current = as(ADMIN).exchange(HttpMethod.PUT, path, second, ifMatch("\"1\""));
        assertThat(current.getStatusCode().value()).isEqualTo(200);
        assertThat(current.getHeaders().getETag()).isEqualTo("\"2\"");
        ResponseEntity<String> unconditional = as(ADMIN).exchange(HttpMethod.PUT, path, first, null);
        assertThat(unconditional.getStatusCode().value()).isEqualTo(200);
        assertThat(body(unconditional).get("version").asLong()).isEqualTo(3);
        assertThat(body(unconditional).get("contacts").get(0).get("email").asText()).isEqualTo("kirjaamo@vantaa.example");
    }

    private static org.springframework.http.HttpHeaders ifMatch(String etag) {
        org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
        headers.setIfMatch(etag);
        return headers;
    }

    @Test
    void aPartyTheDirectoryDoesNotKnowIsNotFound() {
        for (String party : List.of("municipality:999", "nonsense")) {
            ResponseEntity<String> get = as(ADMIN).get("/api/parties/" + party + "/contacts");
            assertThat(get.getStatusCode().value()).as(party).isEqualTo(404);
            ResponseEntity<String> put = as(ADMIN).exchange(HttpMethod.PUT, "/api/parties/" + party + "/contacts",
                    Map.of("contacts", List.of(Map.of("email", "a@example.fi", "language", "fi"))), null);
            assertThat(put.getStatusCode().value()).as(party).isEqualTo(404);
            assertThat(put.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        }
        assertThat(database.getCollection(PartyContactStore.COLLECTION)
                .find(Filters.in("_id", "municipality:999", "nonsense")).first()).isNull();
    }
}
