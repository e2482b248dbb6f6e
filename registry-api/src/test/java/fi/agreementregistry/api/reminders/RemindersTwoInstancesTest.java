package fi.agreementregistry.api.reminders;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import fi.agreementregistry.api.MutableClock;
import fi.agreementregistry.api.RegistryApplication;
import fi.agreementregistry.api.operations.TwoInstancesOneStoreTest;
import fi.agreementregistry.api.storage.embedded.EmbeddedMongoServer;
import fi.agreementregistry.core.agreement.AgreementId;
import fi.agreementregistry.core.review.ReviewId;
import fi.agreementregistry.core.review.ScheduleReview;
import fi.agreementregistry.projections.agreement.AgreementView;
import fi.agreementregistry.projections.agreement.FindAgreement;
import fi.agreementregistry.projections.notification.ReminderReviews;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two registry instances on one store, both running the reminders job at the same moments (their own timers are an
 * hour; the test runs both rounds at once, many times): every recipient gets each reminder once.
 */
class RemindersTwoInstancesTest {

    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-03-02T06:00:00Z"));


    private final MailTestSupport smtp = new MailTestSupport();
    private EmbeddedMongoServer mongo;
    private ConfigurableApplicationContext a;
    private ConfigurableApplicationContext b;

    @BeforeEach
    void start() {
        smtp.start();
        mongo = EmbeddedMongoServer.inMemory();
        a = instance();
        b = instance();
    }

    @AfterEach
    void stop() {
        for (ConfigurableApplicationContext instance : new ConfigurableApplicationContext[]{a, b}) {
            if (instance != null && instance.isActive()) {
                instance.close();
            }
        }
        if (mongo != null) {
            mongo.close();
        }
        smtp.stop();
    }

    private ConfigurableApplicationContext instance() {
        // Both instances' clock, registered by hand (a configuration class in the test sources could be found by
        // the scanning of other tests' plain SpringApplication runs).
        return new SpringApplicationBuilder(RegistryApplication.class).initializers(context ->
                ((GenericApplicationContext) context).registerBean("sharedClock", Clock.class, () -> CLOCK,
                        definition -> definition.setPrimary(true))).run(
                "--server.port=0", "--registry.mongodb.uri=" + mongo.connectionString(),
                "--registry.mail.host=127.0.0.1", "--registry.mail.port=" + smtp.port(),
                "--registry.reminders.interval=PT1H",
                "--registry.reminders.recipients[0].body=Integraatiovaliokunta",
                "--registry.reminders.recipients[0].email=valiokunta@kanta-hame.example",
                "--registry.reminders.recipients[1].body=Integraatiovaliokunta",
                "--registry.reminders.recipients[1].email=sihteeri@kanta-hame.example",
                "--registry.reminders.recipients[1].language=sv");
    }

    @Test
    void twoInstancesSendEachReminderToEachRecipientOnce() throws Exception {
        AgreementId id = TwoInstancesOneStoreTest.draft(a, "kanta-hame-reminders");
        a.getBean(PartyContactStore.class).replace("municipality:109",
                List.of(new Contact("kirjaamo@hameenlinna.example", "fi", null)), "test", CLOCK.instant(), null);
        LocalDate today = LocalDate.now(CLOCK);
        List<String> reviews = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String review = "review-" + i;
            // Due from 14 days ahead to the due date: the first rounds send a reminder of each at once.
            a.getBean(CommandGateway.class).sendAndWait(new ScheduleReview(id, ReviewId.of(review),
                    today.plusDays(14 - i), "AGREEMENT_EVALUATION", "Integraatiovaliokunta", null, null));
            reviews.add(review);
        }
        MongoDatabase database = a.getBean(MongoDatabase.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> reviews.stream().allMatch(r ->
                database.getCollection(ReminderReviews.COLLECTION).find(Filters.eq("_id", r)).first() != null)
                && b.getBean(QueryGateway.class).query(new FindAgreement(id),
                ResponseTypes.instanceOf(AgreementView.class)).join() != null);

        for (int day = 0; day < 22; day++) {
            roundsAtOnce();
            roundsAtOnce();
            CLOCK.advance(Duration.ofDays(1));
        }

        // Each review (due 10 to 14 days after day 0), each of its 3 recipients: on day 0 the 14 days' reminder
        // (the latest passed), then the due date's and the one a week late (day 17 to 21); never one twice.
        List<MailTestSupport.Mail> mails = smtp.mailsMentioning("/ui/agreements/" + id.value());
        assertThat(mails).extracting(m -> m.to() + "\n" + m.subject() + "\n" + m.text()).doesNotHaveDuplicates();
        assertThat(mails).hasSize(5 * 3 * 3);
        // Hämeenlinna's clerk also gets the reminders of Kanta-Häme's statutory negotiations
        // (RemindersHttpTest.StatutoryNegotiations).
        List<ReminderOutbox.Entry> sent = a.getBean(ReminderOutbox.class).list(ReminderOutbox.State.SENT, 1000)
                .stream().filter(entry -> entry.topic() == ReminderOutbox.Topic.REVIEW).toList();
        assertThat(sent).hasSize(45).allSatisfy(entry -> assertThat(entry.attempts()).isEqualTo(1));
        assertThat(sent).extracting(ReminderOutbox.Entry::occurrence).containsOnly("before-14d", "due-date",
                "overdue-7d");
    }

    /** Both instances' rounds started together. */
    private void roundsAtOnce() throws Exception {
        CyclicBarrier together = new CyclicBarrier(2);
        List<CompletableFuture<Void>> rounds = new ArrayList<>();
        for (ConfigurableApplicationContext instance : List.of(a, b)) {
            rounds.add(CompletableFuture.runAsync(() -> {
                try {
                    together.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                instance.getBean(ReminderJob.class).runOnce();
            }));
        }
        for (CompletableFuture<Void> round : rounds) {
            round.get();
        }
    }
}
