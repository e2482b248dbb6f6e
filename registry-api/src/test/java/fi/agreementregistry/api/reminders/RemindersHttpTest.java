package fi.agreementregistry.api.reminders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import fi.agreementregistry.api.MutableClock;
import fi.agreementregistry.api.RegistryHttpTest;
import fi.agreementregistry.api.web.PageSession;
import fi.agreementregistry.core.agreement.KantaHame;
import fi.agreementregistry.projections.notification.ReminderReviews;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static fi.agreementregistry.api.RegistryHttpTest.ADMIN;
import static fi.agreementregistry.api.RegistryHttpTest.COMMITTEE;
import static fi.agreementregistry.api.RegistryHttpTest.KANTA_HAME;
import static fi.agreementregistry.api.RegistryHttpTest.PASSWORD;
import static fi.agreementregistry.api.RegistryHttpTest.clerkOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reminders end to end: the whole registry on the in-memory store with a clock the tests move, sending through a
 * real SMTP server (GreenMail) that the tests stop and start. The job's own timer is an hour, so only
 * {@link ReminderJob#runOnce()} called here sends. The tests share one registry and one clock, which only moves
 * forward; each works on an agreement of its own and looks only at the mails that link to it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "registry.embedded.backend=memory",
        "registry.reminders.interval=PT1H",
        "registry.reminders.max-attempts=3",
        "registry.reminders.retry-backoff=PT1M,PT5M",
        "registry.reminders.recipients[0].body=Integraatiovaliokunta",
        "registry.reminders.recipients[0].email=valiokunta@kanta-hame.example",
        "registry.reminders.recipients[0].language=fi",
        "registry.reminders.recipients[0].name=Integraatiovaliokunta",
        "registry.reminders.recipients[1].body=Hyte-foorumi",
        "registry.reminders.recipients[1].email=hyte@kanta-hame.example",
        "registry.public-base-url=https://sopimukset.example.fi/",
        "registry.mail.from=sopimusrekisteri@kanta-hame.example"})
@ActiveProfiles("test")
@Import(RemindersHttpTest.SettableClock.class)
class RemindersHttpTest {

    private static final MailTestSupport SMTP = new MailTestSupport().start();
    private static final String BODY = "Integraatiovaliokunta";
    private static final String HAMEENLINNA = "kirjaamo@hameenlinna.example";
    private static final String HATTULA = "kirjaamo@hattula.example";
    private static final String COUNTY = "registry@omahame.example";
    private static final String COMMITTEE_ADDRESS = "valiokunta@kanta-hame.example";
    private static final DateTimeFormatter NORDIC = DateTimeFormatter.ofPattern("d.M.yyyy");

    @TestConfiguration
    static class SettableClock {
        @Bean
        @Primary
        MutableClock settableClock() {
            return new MutableClock(RegistryHttpTest.NOW);
        }
    }

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("registry.mail.host", () -> "127.0.0.1");
        registry.add("registry.mail.port", SMTP::port);
    }

    @AfterAll
    static void stopSmtp() {
        SMTP.stop();
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    MongoDatabase database;
    @Autowired
    MutableClock clock;
    @Autowired
    ReminderJob job;

    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void contactsOfThreeParties() {
        SMTP.start();
        putContacts("municipality:109", List.of(Map.of("email", HAMEENLINNA, "language", "fi", "name", "Kirjaamo")));
        putContacts("municipality:082", List.of(Map.of("email", HATTULA, "language", "sv")));
        putContacts("welfare-area:07", List.of(Map.of("email", COUNTY, "language", "en", "name", "Registry office")));
    }

    @Test
    void eachRecipientGetsEachReminderOnceOnItsDayInTheirLanguage() {
        LocalDate today = today();
        LocalDate due = today.plusDays(62);
        String id = draft();
        String review = scheduleReview(id, due, "COUNCIL_TERM_NEGOTIATION");

        job.runOnce();
        assertThat(SMTP.mailsMentioning(id)).as("62 days ahead: nothing yet").isEmpty();

        clock.advance(Duration.ofDays(2));  // 60 days before
        job.runOnce();
        List<MailTestSupport.Mail> first = awaitMails(id, 4);
        assertThat(first).extracting(MailTestSupport.Mail::to)
                .containsExactlyInAnyOrder(COMMITTEE_ADDRESS, HAMEENLINNA, HATTULA, COUNTY);
        MailTestSupport.Mail finnish = to(first, HAMEENLINNA);
        assertThat(finnish.subject()).isEqualTo("Muistutus: arviointi " + NORDIC.format(due) + " mennessä – "
                + KantaHame.TITLE);
        assertThat(finnish.text()).startsWith("Hei Kirjaamo,\n\nArvioinnin määräaikaan on 60 päivää.")
                .contains("Sopimus: " + KantaHame.TITLE, "Arviointi: Valtuustokauden neuvottelu (611/2021 14 §)",
                        "Määräaika: " + NORDIC.format(due), "Vastuutaho: " + BODY,
                        "https://sopimukset.example.fi/ui/agreements/" + id);
        MailTestSupport.Mail swedish = to(first, HATTULA);
        assertThat(swedish.subject()).startsWith("Påminnelse: utvärdering senast " + NORDIC.format(due));
        assertThat(swedish.text()).startsWith("Hej,\n\nDet är 60 dagar kvar")
                .contains("Förhandling under fullmäktigeperioden");
        MailTestSupport.Mail english = to(first, COUNTY);
        String englishDate = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH).format(due);
        assertThat(english.subject()).isEqualTo("Reminder: review due by " + englishDate + " – " + KantaHame.TITLE);
        assertThat(english.text()).startsWith("Hello Registry office,\n\nThe review is due in 60 days.")
                .contains("Council-term negotiation");
        assertThat(to(first, COMMITTEE_ADDRESS).text()).startsWith("Hei Integraatiovaliokunta,");

        job.runOnce();
        clock.advance(Duration.ofDays(45)); // 15 days before: still the 60 days' reminder
        job.runOnce();
        assertThat(SMTP.mailsMentioning(id)).as("nothing twice, nothing between the days").hasSize(4);

        clock.advance(Duration.ofDays(1));  // 14 days before
        job.runOnce();
        assertThat(to(awaitMails(id, 8), HAMEENLINNA, "määräaikaan on 14 päivää")).isNotNull();

        clock.advance(Duration.ofDays(14)); // the due date
        job.runOnce();
        assertThat(to(awaitMails(id, 12), COUNTY, "The review is due today.").subject())
                .isEqualTo("Today: review due – " + KantaHame.TITLE);

        clock.advance(Duration.ofDays(6));  // 6 days late: no reminder yet
        job.runOnce();
        assertThat(SMTP.mailsMentioning(id)).hasSize(12);
        clock.advance(Duration.ofDays(1));  // a week late
        job.runOnce();
        assertThat(to(awaitMails(id, 16), HATTULA, "Utvärderingen är 7 dagar försenad.").subject())
                .startsWith("Försenad:");
        job.runOnce();
        assertThat(SMTP.mailsMentioning(id)).hasSize(16);

        JsonNode sent = get(ADMIN, "/api/admin/notifications?state=SENT&limit=1000");
        List<JsonNode> ofReview = entriesOf(sent, review);
        assertThat(ofReview).hasSize(16).allSatisfy(entry -> {
            assertThat(entry.get("state").asText()).isEqualTo("SENT");
            assertThat(entry.get("attempts").asInt()).isEqualTo(1);
            assertThat(entry.get("sentAt").isNull()).isFalse();
            assertThat(entry.get("agreementId").asText()).isEqualTo(id);
        });
        assertThat(ofReview).extracting(e -> e.get("occurrence").asText()).containsOnly("before-60d", "before-14d",
                "due-date", "overdue-7d");
        assertThat(sent.get("mailConfigured").asBoolean()).isTrue();
    }

    @Test
    void aCompletedReviewCancelsItsRemindersNotYetSent() {
        LocalDate due = today().plusDays(10);
        String id = draft();
        String review = scheduleReview(id, due, null);

        SMTP.stop();  // the 14 days' reminders cannot go out yet
        job.runOnce();
        assertThat(entriesOf(get(ADMIN, "/api/admin/notifications?state=PENDING&limit=1000"), review)).hasSize(4);

        ResponseEntity<String> completed = exchange(COMMITTEE, HttpMethod.POST,
                "/api/agreements/" + id + "/reviews/" + review + "/completion",
                Map.of("completedOn", today().toString(), "outcome", "NO_CHANGES", "minutesReference", "§ 12"));
        assertThat(completed.getStatusCode().value()).as(completed.getBody()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                new ReminderReviews(database).closedReason(review).isPresent());

        SMTP.start();
        clock.advance(Duration.ofMinutes(1));
        job.runOnce();
        clock.advance(Duration.ofDays(10));  // the due date, and later
        job.runOnce();
        clock.advance(Duration.ofDays(7));
        job.runOnce();
        assertThat(SMTP.mailsMentioning(id)).isEmpty();
        List<JsonNode> entries = entriesOf(get(ADMIN, "/api/admin/notifications?limit=1000"), review);
        assertThat(entries).hasSize(4).allSatisfy(entry -> {
            assertThat(entry.get("state").asText()).isEqualTo("CANCELLED");
            assertThat(entry.get("cancelledReason").asText()).startsWith("review completed on");
        });
    }

    @Test
    void aRefusingSmtpServerIsRetriedWithBackOffAndTheMailGoesOutOnce() {
        String id = draft();
        String review = scheduleReview(id, today().plusDays(14), null);

        SMTP.stop();
        job.runOnce();
        JsonNode first = entriesOf(get(ADMIN, "/api/admin/notifications?state=PENDING&limit=1000"), review).get(0);
        assertThat(first.get("attempts").asInt()).isEqualTo(1);
        assertThat(first.get("lastError").asText()).isNotBlank();
        assertThat(first.get("nextAttemptAt").asText()).isEqualTo(clock.instant().plus(Duration.ofMinutes(1)).toString());

        job.runOnce();  // within the back-off: no new attempt
        assertThat(attemptsOf(review)).containsOnly(1);
        clock.advance(Duration.ofMinutes(1));
        job.runOnce();  // still refused: the second back-off is 5 minutes
        assertThat(attemptsOf(review)).containsOnly(2);

        SMTP.start();
        clock.advance(Duration.ofMinutes(4));
        job.runOnce();
        assertThat(SMTP.mailsMentioning(id)).as("the back-off is not over").isEmpty();
        clock.advance(Duration.ofMinutes(1));
        job.runOnce();
        assertThat(awaitMails(id, 4)).extracting(MailTestSupport.Mail::to)
                .containsExactlyInAnyOrder(COMMITTEE_ADDRESS, HAMEENLINNA, HATTULA, COUNTY);
        assertThat(entriesOf(get(ADMIN, "/api/admin/notifications?state=SENT&limit=1000"), review)).hasSize(4)
                .allSatisfy(entry -> assertThat(entry.get("attempts").asInt()).isEqualTo(3));
        clock.advance(Duration.ofHours(1));
        job.runOnce();
        assertThat(SMTP.mailsMentioning(id)).hasSize(4);
    }

    @Test
    void afterTheLastAttemptAReminderIsFailedAndShownOnTheAdminPage() throws Exception {
        String id = draft();
        String review = scheduleReview(id, today().plusDays(14), null);

        SMTP.stop();
        job.runOnce();
        clock.advance(Duration.ofMinutes(1));
        job.runOnce();
        clock.advance(Duration.ofMinutes(5));
        job.runOnce();  // the third attempt of three
        JsonNode failed = get(ADMIN, "/api/admin/notifications?state=failed&limit=1000");
        assertThat(entriesOf(failed, review)).hasSize(4).allSatisfy(entry -> {
            assertThat(entry.get("attempts").asInt()).isEqualTo(3);
            assertThat(entry.get("lastError").asText()).isNotBlank();
            assertThat(entry.get("nextAttemptAt").isNull()).isTrue();
        });
        assertThat(failed.get("counts").get("FAILED").asLong()).isGreaterThanOrEqualTo(4);

        SMTP.start();
        clock.advance(Duration.ofHours(3));
        job.runOnce();
        assertThat(SMTP.mailsMentioning(id)).as("given up: not sent later").isEmpty();
        assertThat(entriesOf(get(ADMIN, "/api/admin/notifications?state=FAILED&limit=1000"), review)).hasSize(4);

        PageSession admin = PageSession.signIn(http.getRootUri(), ADMIN, PASSWORD);
        String page = admin.get("/ui/admin").body();
        assertThat(page).contains("id=\"reminders\"", "id=\"failed-reminders\"", HAMEENLINNA, "before-14d")
                .contains("id=\"mail-configured\"").doesNotContain("id=\"mail-not-configured\"");
    }

    @Test
    void aReminderHeldByAnInstanceThatDiedIsSentByAnotherAfterItsLease() {
        String id = draft();
        String review = scheduleReview(id, today().plusDays(14), null);
        SMTP.stop();
        job.runOnce();  // planned; the attempt fails
        // As an instance leaves them when it dies while sending: taken, its lease running for 5 minutes.
        database.getCollection(ReminderOutbox.COLLECTION).updateMany(Filters.eq("reviewId", review),
                com.mongodb.client.model.Updates.combine(
                        com.mongodb.client.model.Updates.set("state", "SENDING"),
                        com.mongodb.client.model.Updates.set("claimedBy", "instance-that-died"),
                        com.mongodb.client.model.Updates.set("claimedUntil",
                                java.util.Date.from(clock.instant().plus(Duration.ofMinutes(5))))));
        SMTP.start();
        clock.advance(Duration.ofMinutes(2));
        job.runOnce();
        assertThat(SMTP.mailsMentioning(id)).as("the lease still holds").isEmpty();
        assertThat(entriesOf(get(ADMIN, "/api/admin/notifications?state=SENDING&limit=1000"), review)).hasSize(4);

        clock.advance(Duration.ofMinutes(3));
        job.runOnce();
        assertThat(awaitMails(id, 4)).extracting(MailTestSupport.Mail::to)
                .containsExactlyInAnyOrder(COMMITTEE_ADDRESS, HAMEENLINNA, HATTULA, COUNTY);
        assertThat(entriesOf(get(ADMIN, "/api/admin/notifications?state=SENT&limit=1000"), review)).hasSize(4)
                .allSatisfy(entry -> assertThat(entry.get("attempts").asInt()).isEqualTo(2));
        job.runOnce();
        assertThat(SMTP.mailsMentioning(id)).hasSize(4);
    }

    @Test
    void anUnknownStateIsABadRequestAndOnlyAdministratorsSeeTheOutbox() {
        ResponseEntity<String> bad = exchange(ADMIN, HttpMethod.GET, "/api/admin/notifications?state=LOST", null);
        assertThat(bad.getStatusCode().value()).isEqualTo(400);
        assertThat(bad.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        assertThat(read(bad).get("errors").get(0).get("field").asText()).isEqualTo("state");
        assertThat(exchange(COMMITTEE, HttpMethod.GET, "/api/admin/notifications", null).getStatusCode().value())
                .isEqualTo(403);
    }

    // --- helpers

    private LocalDate today() {
        return LocalDate.now(clock);
    }

    private String draft() {
        ResponseEntity<String> created = exchange(clerkOf(KANTA_HAME.get(0)), HttpMethod.POST, "/api/agreements",
                RegistryHttpTest.kantaHameDraft());
        assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
        return read(created).get("agreementId").asText();
    }

    /** Schedules a review by the committee and waits until the reminders know it. */
    private String scheduleReview(String agreementId, LocalDate dueBy, String kind) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("dueBy", dueBy.toString(), "responsibleBody", BODY,
                "reason", "Väliarviointi"));
        if (kind != null) {
            body.put("kind", kind);
        }
        ResponseEntity<String> scheduled = exchange(COMMITTEE, HttpMethod.POST,
                "/api/agreements/" + agreementId + "/reviews", body);
        assertThat(scheduled.getStatusCode().value()).as(scheduled.getBody()).isEqualTo(201);
        String reviewId = read(scheduled).get("reviewId").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> database.getCollection(ReminderReviews.COLLECTION)
                .find(Filters.eq("_id", reviewId)).first() != null);
        return reviewId;
    }

    private void putContacts(String partyId, List<Map<String, String>> contacts) {
        ResponseEntity<String> put = exchange(ADMIN, HttpMethod.PUT, "/api/parties/" + partyId + "/contacts",
                Map.of("contacts", contacts));
        assertThat(put.getStatusCode().value()).as(put.getBody()).isEqualTo(200);
    }

    private List<MailTestSupport.Mail> awaitMails(String agreementId, int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> SMTP.mailsMentioning(agreementId).size() >= count);
        List<MailTestSupport.Mail> mails = SMTP.mailsMentioning(agreementId);
        assertThat(mails).hasSize(count);
        return mails;
    }

    private static MailTestSupport.Mail to(List<MailTestSupport.Mail> mails, String address) {
        List<MailTestSupport.Mail> to = mails.stream().filter(m -> m.to().equals(address)).toList();
        assertThat(to).as("one mail to " + address).hasSize(1);
        return to.get(0);
    }

    private static MailTestSupport.Mail to(List<MailTestSupport.Mail> mails, String address, String saying) {
        return to(mails.stream().filter(m -> m.text().contains(saying)).toList(), address);
    }

    private List<Integer> attemptsOf(String review) {
        List<Integer> attempts = new ArrayList<>();
        for (Document d : database.getCollection(ReminderOutbox.COLLECTION).find(Filters.eq("reviewId", review))) {
            attempts.add(d.getInteger("attempts"));
        }
        return attempts;
    }

    private static List<JsonNode> entriesOf(JsonNode notifications, String reviewId) {
        List<JsonNode> entries = new ArrayList<>();
        notifications.get("notifications").forEach(entry -> {
            if (reviewId.equals(entry.get("reviewId").asText())) {
                entries.add(entry);
            }
        });
        return entries;
    }

    private JsonNode get(String user, String path) {
        ResponseEntity<String> response = exchange(user, HttpMethod.GET, path, null);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        return read(response);
    }

    private ResponseEntity<String> exchange(String user, HttpMethod method, String path, Object body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBasicAuth(user, PASSWORD);
        if (body != null) {
            headers.setContentType(MediaType.APPLICATION_JSON);
        }
        return http.exchange(path, method, new HttpEntity<>(body, headers), String.class);
    }

    private JsonNode read(ResponseEntity<String> response) {
        try {
            return json.readTree(response.getBody());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.getBody(), e);
        }
    }
}
