package fi.agreementregistry.api.reminders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.agreementregistry.api.MutableClock;
import fi.agreementregistry.api.RegistryHttpTest;
import fi.agreementregistry.core.agreement.KantaHame;
import fi.agreementregistry.core.party.PartyKind;
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
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static fi.agreementregistry.api.RegistryHttpTest.ADMIN;
import static fi.agreementregistry.api.RegistryHttpTest.PASSWORD;
import static fi.agreementregistry.api.RegistryHttpTest.clerkOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reminders of the statutory negotiations a county has still to hold, end to end as {@link RemindersHttpTest} does
 * for reviews: the whole registry on the in-memory store, a clock the tests move (only forward), a real SMTP server
 * (GreenMail) and {@link ReminderJob#runOnce()} called here. Päijät-Häme's county and Keski-Suomi's, whose mails link
 * to their county pages.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "registry.embedded.backend=memory",
        "registry.reminders.interval=PT1H",
        "registry.reminders.recipients[0].welfareArea=welfare-area:09",
        "registry.reminders.recipients[0].email=hyte@paijat-hame.example",
        "registry.reminders.recipients[0].name=Hyvinvointikoordinaattori",
        "registry.reminders.recipients[1].body=Integraatiovaliokunta",
        "registry.reminders.recipients[1].email=valiokunta@paijat-hame.example",
        "registry.public-base-url=https://sopimukset.example.fi",
        "registry.mail.from=sopimusrekisteri@example.fi"})
@ActiveProfiles("test")
@Import(NegotiationRemindersHttpTest.SettableClock.class)
class NegotiationRemindersHttpTest {

    private static final MailTestSupport SMTP = new MailTestSupport().start();
    private static final String PAIJAT_HAME = "welfare-area:09";
    private static final String PAIJAT_HAME_PAGE = "https://sopimukset.example.fi/ui/counties/" + PAIJAT_HAME;
    private static final String LAHTI = "municipality:398";
    private static final String ASIKKALA = "municipality:016";
    private static final List<String> MUNICIPALITIES = KantaHame.DIRECTORY.all().stream()
            .filter(p -> p.kind() == PartyKind.MUNICIPALITY && "09".equals(p.welfareAreaCode()))
            .map(p -> p.id().value()).toList();
    private static final String COORDINATOR = "hyte@paijat-hame.example";
    private static final String REGISTRY_OFFICE = "kirjaamo@paijat-hame.example";
    private static final String LAHTI_OFFICE = "kirjaamo@lahti.example";
    private static final String ASIKKALA_OFFICE = "kirjaamo@asikkala.example";
    private static final String HYTE_2026 = "612/2021 §7|welfare-area:09|2026-01-01";

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
    MutableClock clock;
    @Autowired
    ReminderJob job;

    private final ObjectMapper json = new ObjectMapper();

    /** A fresh SMTP server: the mails the other test's rounds sent are not this one's. */
    @BeforeEach
    void freshSmtp() {
        SMTP.stop();
        SMTP.start();
    }

    @Test
    void eachNegotiationDueIsRemindedOnceToTheCountyAndTheMunicipalitiesStillToNegotiate() {
        putContacts(PAIJAT_HAME, Map.of("email", REGISTRY_OFFICE, "language", "fi", "name", "Kirjaamo"));
        putContacts(LAHTI, Map.of("email", LAHTI_OFFICE, "language", "sv"));
        putContacts(ASIKKALA, Map.of("email", ASIKKALA_OFFICE, "language", "en"));
        // This council term's negotiation is held, and 2025's yearly one: what is left is 2026's, due by 31.12.2026.
        record(MUNICIPALITIES, "2025-09-01", "611/2021 §14");
        record(MUNICIPALITIES, "2025-08-29", "612/2021 §7");

        job.runOnce();
        assertThat(SMTP.mailsMentioning(PAIJAT_HAME_PAGE)).as("61 days or more ahead: nothing yet").isEmpty();

        advanceTo(LocalDate.of(2026, 11, 1)); // 60 days before
        job.runOnce();
        List<MailTestSupport.Mail> first = awaitMails(4);
        assertThat(first).extracting(MailTestSupport.Mail::to)
                .containsExactlyInAnyOrder(COORDINATOR, REGISTRY_OFFICE, LAHTI_OFFICE, ASIKKALA_OFFICE);
        MailTestSupport.Mail finnish = to(first, REGISTRY_OFFICE);
        assertThat(finnish.subject()).isEqualTo("Muistutus: lakisääteinen neuvottelu 31.12.2026 mennessä – "
                + "Päijät-Hämeen hyvinvointialue");
        assertThat(finnish.text()).startsWith("Hei Kirjaamo,\n\nNeuvottelun määräaikaan on 60 päivää.")
                .contains("Hyvinvointialue: Päijät-Hämeen hyvinvointialue",
                        "Neuvottelu: Hyte-neuvottelu (612/2021 7 §, vuosittain)", "Kausi: 1.1.2026–31.12.2026",
                        "Määräaika: 31.12.2026", "Asikkala", "Lahti", PAIJAT_HAME_PAGE);
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
        // The responsible body's address gets the reviews of its body, not the county's negotiations.
        assertThat(SMTP.mailsMentioning("/ui/counties/")).noneMatch(mail -> mail.to().startsWith("valiokunta@"));

        job.runOnce();
        assertThat(SMTP.mailsMentioning(PAIJAT_HAME_PAGE)).as("each once").hasSize(4);

        // Lahti negotiates on 10.11.2026: the 14 days' reminder goes to the others only.
        advanceTo(LocalDate.of(2026, 11, 10));
        record(List.of(LAHTI), "2026-11-10", "612/2021 §7");
        SMTP.stop(); // that reminder cannot go out yet
        advanceTo(LocalDate.of(2026, 12, 17));
        job.runOnce();
        List<JsonNode> fourteen = entries(HYTE_2026, "before-14d");
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
        record(MUNICIPALITIES.stream().filter(m -> !m.equals(LAHTI)).toList(), "2026-12-17", "612/2021 §7");
        SMTP.start();
        clock.advance(Duration.ofMinutes(2));
        job.runOnce();
        assertThat(entries(HYTE_2026, "before-14d")).allSatisfy(entry -> {
            assertThat(entry.get("state").asText()).isEqualTo("CANCELLED");
            assertThat(entry.get("cancelledReason").asText()).isEqualTo("negotiation held: no longer due");
        });
        advanceTo(LocalDate.of(2026, 12, 31));
        job.runOnce();
        advanceTo(LocalDate.of(2027, 1, 7));
        job.runOnce();
        assertThat(SMTP.mailsMentioning(PAIJAT_HAME_PAGE)).as("nothing left due: 2027's is 60 days off and more")
                .isEmpty();
        assertThat(entries(HYTE_2026, null)).extracting(e -> e.get("occurrence").asText())
                .containsOnly("before-60d", "before-14d");
    }

    @Test
    void anOverdueNegotiationIsRemindedEveryWeekUntilItIsHeld() {
        // Keski-Suomi's county has recorded none: the first county term's negotiation (due by 31.5.2025) and the
        // yearly one are overdue.
        String keskiSuomi = "https://sopimukset.example.fi/ui/counties/welfare-area:15";
        putContacts("welfare-area:15", Map.of("email", "registry@keski-suomi.example", "language", "en",
                "name", "Registry office"));
        job.runOnce();
        List<MailTestSupport.Mail> overdue = awaitMailsMentioning(keskiSuomi, 2);
        MailTestSupport.Mail term = overdue.stream().filter(m -> m.text().contains("611/2021")).findFirst().orElseThrow();
        assertThat(term.subject()).isEqualTo("Overdue: statutory negotiation was due by 31 May 2025 – "
                + "Keski-Suomen hyvinvointialue");
        assertThat(term.text()).startsWith("Hello Registry office,\n\nThe negotiation is ").contains("days overdue.",
                "Negotiation: Cooperation negotiation (611/2021 s. 14, per council term)",
                "Period: 1 March 2022–31 May 2025", "Jyväskylä", "Muurame");
        job.runOnce();
        assertThat(SMTP.mailsMentioning(keskiSuomi)).hasSize(2);
        clock.advance(Duration.ofDays(7));
        job.runOnce();
        assertThat(awaitMailsMentioning(keskiSuomi, 4)).extracting(MailTestSupport.Mail::subject)
                .filteredOn(subject -> subject.contains("31 May 2025")).hasSize(2);

        // Held today with every municipality: the council term's reminders stop, the yearly one's go on.
        List<String> all = KantaHame.DIRECTORY.all().stream()
                .filter(p -> p.kind() == PartyKind.MUNICIPALITY && "15".equals(p.welfareAreaCode()))
                .map(p -> p.id().value()).toList();
        record("welfare-area:15", all, LocalDate.now(clock).toString(), "611/2021 §14");
        clock.advance(Duration.ofDays(7));
        job.runOnce();
        List<MailTestSupport.Mail> later = awaitMailsMentioning(keskiSuomi, 5);
        assertThat(later).extracting(MailTestSupport.Mail::subject)
                .filteredOn(subject -> subject.contains("31 May 2025")).hasSize(2);
    }

    // --- helpers

    private void advanceTo(LocalDate day) {
        Duration ahead = Duration.between(clock.instant(), day.atTime(10, 0).toInstant(ZoneOffset.UTC));
        assertThat(ahead.isNegative()).as("the clock only moves forward, to " + day).isFalse();
        clock.advance(ahead);
    }

    private void record(List<String> parties, String heldOn, String duty) {
        record(PAIJAT_HAME, parties, heldOn, duty);
    }

    private void record(String county, List<String> parties, String heldOn, String duty) {
        ResponseEntity<String> created = exchange(clerkOf(county), HttpMethod.POST, "/api/negotiations",
                Map.of("welfareAreaId", county, "parties", parties, "heldOn", heldOn, "legalBases", List.of(duty)));
        assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
    }

    private void putContacts(String partyId, Map<String, String> contact) {
        ResponseEntity<String> put = exchange(ADMIN, HttpMethod.PUT, "/api/parties/" + partyId + "/contacts",
                Map.of("contacts", List.of(contact)));
        assertThat(put.getStatusCode().value()).as(put.getBody()).isEqualTo(200);
    }

    private List<MailTestSupport.Mail> awaitMails(int count) {
        return awaitMailsMentioning(PAIJAT_HAME_PAGE, count);
    }

    private static List<MailTestSupport.Mail> awaitMailsMentioning(String needle, int count) {
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

    /** The outbox entries of one negotiation due (and occurrence, unless null), as the admin API lists them. */
    private List<JsonNode> entries(String negotiationKey, String occurrence) {
        ResponseEntity<String> listed = exchange(ADMIN, HttpMethod.GET, "/api/admin/notifications?limit=1000", null);
        assertThat(listed.getStatusCode().value()).as(listed.getBody()).isEqualTo(200);
        List<JsonNode> entries = new ArrayList<>();
        read(listed).get("notifications").forEach(entry -> {
            if (negotiationKey.equals(entry.path("negotiationKey").asText())
                    && (occurrence == null || occurrence.equals(entry.get("occurrence").asText()))) {
                entries.add(entry);
            }
        });
        return entries;
    }

    private ResponseEntity<String> exchange(String user, HttpMethod method, String path, Object body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.withBasicAuth(user, PASSWORD).exchange(path, method, new HttpEntity<>(body, headers), String.class);
    }

    private JsonNode read(ResponseEntity<String> response) {
        try {
            return json.readTree(response.getBody());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.getBody(), e);
        }
    }
}
