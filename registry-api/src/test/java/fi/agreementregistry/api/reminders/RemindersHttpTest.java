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
import org.junit.jupiter.api.Nested;
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
import java.time.ZoneOffset;
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
 * Reminders end to end, of reviews and of statutory negotiations ({@link StatutoryNegotiations}): the whole registry
 * on the in-memory store with a clock the tests move, sending through a real SMTP server (GreenMail) that the tests
 * stop and start. The job's own timer is an hour, so only
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
        "registry.reminders.recipients[2].welfareArea=welfare-area:09",
        "registry.reminders.recipients[2].email=hyte@paijat-hame.example",
        "registry.reminders.recipients[2].name=Hyvinvointikoordinaattori",
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
        assertThat(page).contains("id=\"reminders\"", "id=\"failed-reminders\"", HAMEENLINNA,
                "14 päivää ennen määräpäivää") // the occurrence in words, not before-14d
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

    /**
     * Reminders of the statutory negotiations a county has still to hold, on the same days as a review's, counted
     * from the last day of the period: Päijät-Häme's county (its coordinator's address configured for it) and
     * Keski-Suomi's, whose mails link to their county pages. Absolute days from 2.3.2026 on: the clock only moves
     * forward, and the other tests move it by weeks, not months.
     */
    @Nested
    class StatutoryNegotiations {

        static final String PAIJAT_HAME = "welfare-area:09";
        static final String PAGE = "https://sopimukset.example.fi/ui/counties/" + PAIJAT_HAME;
        static final String LAHTI = "municipality:398";
        static final String COORDINATOR = "hyte@paijat-hame.example";
        static final String REGISTRY_OFFICE = "kirjaamo@paijat-hame.example";
        static final String LAHTI_OFFICE = "kirjaamo@lahti.example";
        static final String ASIKKALA_OFFICE = "kirjaamo@asikkala.example";
        static final String HYTE_2026 = "612/2021 §7|welfare-area:09|2026-01-01";
        static final List<String> MUNICIPALITIES = RegistryHttpTest.municipalitiesOf("09");

        /** A fresh SMTP server: the mails of the other tests' rounds are not this one's. */
        @BeforeEach
        void freshSmtp() {
            SMTP.stop();
            SMTP.start();
        }

        @Test
        void eachNegotiationDueIsRemindedOnceToTheCountyAndTheMunicipalitiesStillToNegotiate() {
            putContacts(PAIJAT_HAME, List.of(Map.of("email", REGISTRY_OFFICE, "language", "fi", "name", "Kirjaamo")));
            putContacts(LAHTI, List.of(Map.of("email", LAHTI_OFFICE, "language", "sv")));
            putContacts("municipality:016", List.of(Map.of("email", ASIKKALA_OFFICE, "language", "en")));
            // This council term's negotiation is held, and 2025's yearly one: left is 2026's, due by 31.12.2026.
            record(PAIJAT_HAME, MUNICIPALITIES, "2025-09-01", "611/2021 §14");
            record(PAIJAT_HAME, MUNICIPALITIES, "2025-08-29", "612/2021 §7");

            job.runOnce();
            assertThat(SMTP.mailsMentioning(PAGE)).as("more than 60 days ahead: nothing yet").isEmpty();

            advanceTo(LocalDate.of(2026, 11, 1)); // 60 days before
            job.runOnce();
            List<MailTestSupport.Mail> first = awaitMails(PAGE, 4);
            assertThat(first).extracting(MailTestSupport.Mail::to)
                    .containsExactlyInAnyOrder(COORDINATOR, REGISTRY_OFFICE, LAHTI_OFFICE, ASIKKALA_OFFICE);
            MailTestSupport.Mail finnish = to(first, REGISTRY_OFFICE);
            assertThat(finnish.subject()).isEqualTo("Muistutus: lakisääteinen neuvottelu 31.12.2026 mennessä – "
                    + "Päijät-Hämeen hyvinvointialue");
            assertThat(finnish.text()).startsWith("Hei Kirjaamo,\n\nNeuvottelun määräaikaan on 60 päivää.")
                    .contains("Hyvinvointialue: Päijät-Hämeen hyvinvointialue",
                            "Neuvottelu: Hyte-neuvottelu (612/2021 7 §, vuosittain)", "Kausi: 1.1.2026–31.12.2026",
                            "Määräaika: 31.12.2026", "Asikkala", "Lahti", PAGE);
            assertThat(to(first, COORDINATOR).text()).startsWith("Hei Hyvinvointikoordinaattori,");
            assertThat(to(first, LAHTI_OFFICE).subject()).isEqualTo("Påminnelse: lagstadgad förhandling senast "
                    + "31.12.2026 – Päijät-Hämeen hyvinvointialue");
            assertThat(to(first, LAHTI_OFFICE).text()).startsWith("Hej,\n\nDet är 60 dagar kvar")
                    .contains("Förhandling: Förhandling om främjande av välfärd och hälsa (612/2021 7 §, årligen)");
            MailTestSupport.Mail english = to(first, ASIKKALA_OFFICE);
            assertThat(english.subject()).isEqualTo("Reminder: statutory negotiation due by 31 December 2026 – "
                    + "Päijät-Hämeen hyvinvointialue");
            assertThat(english.text()).contains("The negotiation is due in 60 days.",
                    "Period: 1 January 2026–31 December 2026");
            // A responsible body's address gets its body's reviews, not a county's negotiations.
            assertThat(SMTP.mailsMentioning("/ui/counties/")).noneMatch(mail -> mail.to().equals(COMMITTEE_ADDRESS));

            job.runOnce();
            assertThat(SMTP.mailsMentioning(PAGE)).as("each once").hasSize(4);

            // Lahti negotiates on 10.11.2026: the 14 days' reminder goes to the others only.
            advanceTo(LocalDate.of(2026, 11, 10));
            record(PAIJAT_HAME, List.of(LAHTI), "2026-11-10", "612/2021 §7");
            SMTP.stop(); // that reminder cannot go out yet
            advanceTo(LocalDate.of(2026, 12, 17));
            job.runOnce();
            List<JsonNode> fourteen = negotiationEntries(HYTE_2026, "before-14d");
            assertThat(fourteen).extracting(e -> e.get("email").asText())
                    .containsExactlyInAnyOrder(COORDINATOR, REGISTRY_OFFICE, ASIKKALA_OFFICE);
            assertThat(fourteen).allSatisfy(entry -> {
                assertThat(entry.get("state").asText()).isEqualTo("PENDING");
                assertThat(entry.get("topic").asText()).isEqualTo("NEGOTIATION");
                assertThat(entry.get("duty").asText()).isEqualTo("612/2021 §7");
                assertThat(entry.get("welfareAreaId").asText()).isEqualTo(PAIJAT_HAME);
                assertThat(entry.get("periodStart").asText()).isEqualTo("2026-01-01");
                assertThat(entry.get("dueBy").asText()).isEqualTo("2026-12-31");
                assertThat(entry.get("municipalities").toString()).contains("Asikkala").doesNotContain("Lahti");
            });

            // The others negotiate the same day: the reminders not yet sent are cancelled, none goes out later.
            record(PAIJAT_HAME, MUNICIPALITIES.stream().filter(m -> !m.equals(LAHTI)).toList(), "2026-12-17",
                    "612/2021 §7");
            SMTP.start();
            clock.advance(Duration.ofMinutes(2));
            job.runOnce();
            assertThat(negotiationEntries(HYTE_2026, "before-14d")).allSatisfy(entry -> {
                assertThat(entry.get("state").asText()).isEqualTo("CANCELLED");
                assertThat(entry.get("cancelledReason").asText()).isEqualTo("negotiation held: no longer due");
            });
            advanceTo(LocalDate.of(2026, 12, 31));
            job.runOnce();
            advanceTo(LocalDate.of(2027, 1, 7));
            job.runOnce();
            assertThat(SMTP.mailsMentioning(PAGE)).as("nothing left due: 2027's is more than 60 days off").isEmpty();
            assertThat(negotiationEntries(HYTE_2026, null)).extracting(e -> e.get("occurrence").asText())
                    .containsOnly("before-60d", "before-14d");
        }

        @Test
        void anOverdueNegotiationIsRemindedEveryWeekUntilItIsHeld() {
            // Keski-Suomi's county has recorded none: the first county term's negotiation (due by 31.5.2025) and the
            // yearly one are overdue.
            String keskiSuomi = "https://sopimukset.example.fi/ui/counties/welfare-area:15";
            // Today's reminders are planned while the county has no address yet (as any other test's round may have
            // planned them in the shared database): they go to the address added after that.
            job.runOnce();
            assertThat(SMTP.mailsMentioning(keskiSuomi)).isEmpty();
            putContacts("welfare-area:15", List.of(Map.of("email", "registry@keski-suomi.example", "language", "en",
                    "name", "Registry office")));
            job.runOnce();
            List<MailTestSupport.Mail> overdue = awaitMails(keskiSuomi, 2);
            MailTestSupport.Mail term = overdue.stream().filter(m -> m.text().contains("611/2021")).findFirst()
                    .orElseThrow();
            assertThat(term.subject()).isEqualTo("Overdue: statutory negotiation was due by 31 May 2025 – "
                    + "Keski-Suomen hyvinvointialue");
            assertThat(term.text()).startsWith("Hello Registry office,\n\nThe negotiation is ").contains(
                    "days overdue.", "Negotiation: Cooperation negotiation (611/2021 s. 14, per council term)",
                    "Period: 1 March 2022–31 May 2025", "Jyväskylä", "Muurame");
            job.runOnce();
            assertThat(SMTP.mailsMentioning(keskiSuomi)).hasSize(2);
            clock.advance(Duration.ofDays(7));
            job.runOnce();
            assertThat(awaitMails(keskiSuomi, 4)).extracting(MailTestSupport.Mail::subject)
                    .filteredOn(subject -> subject.contains("31 May 2025")).hasSize(2);

            // Held today with every municipality: the council term's reminders stop, the yearly one's go on.
            record("welfare-area:15", RegistryHttpTest.municipalitiesOf("15"), today().toString(), "611/2021 §14");
            clock.advance(Duration.ofDays(7));
            job.runOnce();
            assertThat(awaitMails(keskiSuomi, 5)).extracting(MailTestSupport.Mail::subject)
                    .filteredOn(subject -> subject.contains("31 May 2025")).hasSize(2);
        }

        private void advanceTo(LocalDate day) {
            Duration ahead = Duration.between(clock.instant(), day.atTime(10, 0).toInstant(ZoneOffset.UTC));
            assertThat(ahead.isNegative()).as("the clock only moves forward, to " + day).isFalse();
            clock.advance(ahead);
        }

        private void record(String county, List<String> parties, String heldOn, String duty) {
            ResponseEntity<String> created = exchange(clerkOf(county), HttpMethod.POST, "/api/negotiations",
                    Map.of("welfareAreaId", county, "parties", parties, "heldOn", heldOn, "legalBases", List.of(duty)));
            assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
        }

        /** The outbox entries of one negotiation due (and occurrence, unless null), as the admin API lists them. */
        private List<JsonNode> negotiationEntries(String negotiationKey, String occurrence) {
            List<JsonNode> entries = new ArrayList<>();
            get(ADMIN, "/api/admin/notifications?limit=1000").get("notifications").forEach(entry -> {
                if (negotiationKey.equals(entry.path("negotiationKey").asText())
                        && (occurrence == null || occurrence.equals(entry.get("occurrence").asText()))) {
                    entries.add(entry);
                }
            });
            return entries;
        }
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

    /** Waits for {@code count} mails that mention {@code needle} (an agreement's id, a page's address). */
    private List<MailTestSupport.Mail> awaitMails(String needle, int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> SMTP.mailsMentioning(needle).size() >= count);
        List<MailTestSupport.Mail> mails = SMTP.mailsMentioning(needle);
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
