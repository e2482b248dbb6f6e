package fi.agreementregistry.api.reminders;

import fi.agreementregistry.api.config.RegistryProperties;
import fi.agreementregistry.core.agreement.AgreementId;
import fi.agreementregistry.core.agreement.AgreementStatus;
import fi.agreementregistry.projections.agreement.ReviewStatus;
import fi.agreementregistry.projections.review.FindReviews;
import fi.agreementregistry.projections.review.ReviewDeadline;
import fi.agreementregistry.projections.review.ReviewDeadlines;
import fi.agreementregistry.projections.agreement.AgreementView;
import fi.agreementregistry.projections.agreement.FindAgreement;
import fi.agreementregistry.projections.agreement.PartyView;
import fi.agreementregistry.projections.notification.ReminderReviews;
import com.mongodb.client.MongoDatabase;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Every {@code registry.reminders.interval}: plans the reminders whose day has come, then sends those due. Only in
 * the running server (not in a terminal command). Tests call {@link #runOnce()} with the application's clock moved.
 * <ol>
 * <li>Plan: for each open review ({@link ReminderReviews}, kept by the {@code @DisallowReplay} notifier from live
 * events only), the latest reminder whose day has come ({@link ReminderOccurrence}); if it is not the one planned
 * last, one outbox entry per recipient: the addresses configured for the review's responsible body and the contacts
 * of the agreement's parties (from the live agreement read model), one mail per address. The entries of the reminder
 * it replaces that are still unsent are cancelled: a registry that was down, or had no mail settings, for weeks sends
 * the current reminder, not a burst of stale ones.</li>
 * <li>The same for each statutory negotiation a county has still to hold ({@link NegotiationReminders}).</li>
 * <li>Send (only when mail is configured): take each due entry ({@link ReminderOutbox#claim}), check its review is
 * still open, or its negotiation still due to that address (else CANCELLED), send; SENT, or PENDING again after the
 * back-off, or FAILED after {@code max-attempts}.</li>
 * </ol>
 */
@ConditionalOnWebApplication
@Component
public class ReminderJob implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReminderJob.class);

    private final ReminderReviews reviews;
    private final ReminderOutbox outbox;
    private final NegotiationReminders negotiations;
    private final PartyContactStore contacts;
    private final ReminderMails mails;
    private final MailSender mail;
    private final ReminderProperties settings;
    private final QueryGateway queries;
    private final Clock clock;
    private final String instance;
    private ScheduledExecutorService scheduler;

    public ReminderJob(MongoDatabase database, ReminderOutbox outbox, NegotiationReminders negotiations,
                       PartyContactStore contacts, ReminderMails mails, MailSender mail, ReminderProperties settings,
                       QueryGateway queries, Clock clock, RegistryProperties registry) {
        this.reviews = new ReminderReviews(database);
        this.outbox = outbox;
        this.negotiations = negotiations;
        this.contacts = contacts;
        this.mails = mails;
        this.mail = mail;
        this.settings = settings;
        this.queries = queries;
        this.clock = clock;
        this.instance = registry.instanceId();
    }

    /** One round: plan, then send. */
    public synchronized void runOnce() {
        Instant now = clock.instant();
        seedOnce();
        plan(LocalDate.now(clock), now);
        negotiations.plan(LocalDate.now(clock), now);
        if (mail.configured()) {
            send(now);
        }
    }

    /**
     * Once per store: the reviews still open in the live review read model that were scheduled before reminders
     * existed (the notifier saw their events before it kept reviews) become open reviews here too.
     */
    private void seedOnce() {
        if (reviews.seeded()) {
            return;
        }
        for (ReviewStatus status : List.of(ReviewStatus.UPCOMING, ReviewStatus.DUE_SOON, ReviewStatus.OVERDUE)) {
            FindReviews query = new FindReviews(status, null, null, null, null, null, FindReviews.MAX_LIMIT, null);
            while (query != null) {
                ReviewDeadlines page = queries.query(query, ResponseTypes.instanceOf(ReviewDeadlines.class)).join();
                for (ReviewDeadline d : page.reviews()) {
                    if (d.agreementStatus() != AgreementStatus.SUPERSEDED
                            && d.agreementStatus() != AgreementStatus.TERMINATED) {
                        reviews.seed(d.review().reviewId(), d.agreementId(), d.review().dueBy(), d.review().kind(),
                                d.review().responsibleBody());
                    }
                }
                query = page.nextCursor() == null ? null : query.from(page.nextCursor());
            }
        }
        reviews.markSeeded();
    }

    private void plan(LocalDate today, Instant now) {
        for (ReminderReviews.OpenReview review : reviews.open()) {
            Optional<ReminderOccurrence> due = ReminderOccurrence.latest(review.dueBy(), today, settings.daysBefore(),
                    settings.overdueEveryDays());
            if (due.isEmpty() || due.get().key().equals(review.plannedOccurrence())) {
                continue;
            }
            ReminderOccurrence occurrence = due.get();
            AgreementView agreement = queries.query(new FindAgreement(AgreementId.of(review.agreementId())),
                    ResponseTypes.instanceOf(AgreementView.class)).join();
            if (agreement == null) {
                continue; // the read model has not caught up with the agreement yet: the next round plans it
            }
            Document about = new Document("reviewId", review.reviewId()).append("agreementId", review.agreementId())
                    .append("agreementTitle", agreement.title()).append("dueBy", review.dueBy().toString())
                    .append("reviewKind", review.kind()).append("responsibleBody", review.responsibleBody());
            List<String> planned = outbox.planEach(review.reviewId(), about, occurrence,
                    addressees(agreement, review).all(), review.plannedEntries(), now);
            reviews.markPlanned(review.reviewId(), occurrence.key(), planned);
            if (planned.isEmpty()) {
                log.info("Review {} of agreement {}: reminder {} has no recipients (no addresses for body '{}' "
                        + "or its parties)", review.reviewId(), review.agreementId(), occurrence.key(),
                        review.responsibleBody());
            }
        }
    }

    /** One per address: the body's first, then each party's contacts in the agreement's order. */
    private Addressees addressees(AgreementView agreement, ReminderReviews.OpenReview review) {
        Addressees to = new Addressees();
        for (ReminderProperties.Recipient r : settings.recipients()) {
            if (r.serves(review.responsibleBody())) {
                to.add(r, "body:" + r.body());
            }
        }
        for (PartyView party : agreement.parties()) {
            to.addContactsOf(party.partyId(), contacts);
        }
        return to;
    }

    private void send(Instant now) {
        Function<ReminderOutbox.Entry, Optional<String>> negotiationStillDue = null;
        for (String id : outbox.claimable(now)) {
            Optional<Document> claimed = outbox.claim(id, instance, now, settings.lease());
            if (claimed.isEmpty()) {
                continue; // another instance took it
            }
            ReminderOutbox.Entry entry = ReminderOutbox.entry(claimed.get());
            Optional<String> closed;
            if (entry.topic() == ReminderOutbox.Topic.NEGOTIATION) {
                if (negotiationStillDue == null) {
                    negotiationStillDue = negotiations.stillDue(LocalDate.now(clock));
                }
                closed = negotiationStillDue.apply(entry);
            } else {
                closed = reviews.closedReason(entry.reviewId());
            }
            if (closed.isPresent()) {
                outbox.cancelClaimed(id, instance, closed.get());
                continue;
            }
            try {
                mail.sender().orElseThrow().send(mails.compose(entry, mail.from(), LocalDate.now(clock)));
                outbox.sent(id, instance, clock.instant());
            } catch (RuntimeException e) { // MailException, or a mail that could not be written
                boolean giveUp = entry.attempts() >= settings.maxAttempts();
                Instant retryAt = giveUp ? null : clock.instant().plus(settings.backoffAfter(entry.attempts()));
                log.warn("Reminder {} to {}: attempt {} of {} failed ({}); {}", id, entry.email(), entry.attempts(),
                        settings.maxAttempts(), e.getMessage(), giveUp ? "given up" : "retrying at " + retryAt);
                outbox.failed(id, instance, String.valueOf(e.getMessage()), retryAt);
            }
        }
    }

    private void tick() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            log.warn("Reminders: this round failed; trying again in {}: {}", settings.interval(), e.toString());
        }
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "review-reminders");
            thread.setDaemon(true);
            return thread;
        });
        long millis = settings.interval().toMillis();
        scheduler.scheduleWithFixedDelay(this::tick, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
