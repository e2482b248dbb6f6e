package fi.agreementregistry.api.storage.eventstore;

import fi.agreementregistry.api.operations.TimedEventStorageEngine;
import fi.agreementregistry.api.operations.TwoInstancesTest;
import fi.agreementregistry.core.agreement.AgreementId;
import fi.agreementregistry.projections.agreement.AgreementSummaryProjection;
import fi.agreementregistry.projections.history.AgreementHistoryProjection;
import fi.agreementregistry.projections.party.PartyPortfolioProjection;
import fi.agreementregistry.projections.rebuild.ConsistencyCheck;
import fi.agreementregistry.projections.rebuild.ProjectionReplays;
import fi.agreementregistry.projections.rebuild.ReplayStatus;
import fi.agreementregistry.projections.rebuild.ReplayTestHooks;
import fi.agreementregistry.projections.review.ReviewDeadlineProjection;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static fi.agreementregistry.api.operations.TwoInstancesOneStoreTest.HAMEENLINNA;
import static fi.agreementregistry.api.operations.TwoInstancesOneStoreTest.KANTA_HAME_COUNTY;
import static fi.agreementregistry.api.operations.TwoInstancesOneStoreTest.approve;
import static fi.agreementregistry.api.operations.TwoInstancesOneStoreTest.draft;
import static fi.agreementregistry.api.operations.TwoInstancesOneStoreTest.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12, 1: every read model is rebuilt blue/green while four writers, on two registry instances sharing one
 * store, keep appending, and one append is held between allocating its global number and storing it (a latch) on
 * one side of the switch or the other. Afterwards the consistency check, which compares every document with a fresh
 * fold of its agreement's events, reports nothing: no event was lost or applied out of order in the rebuilt
 * generations. Each round releases the held append at a different point: before any replay may switch (the live
 * processor applies it to the old generation while the rebuild still lists it as missing), after every replay has
 * switched (the live processor delivers it into the new generation), and while the replays run.
 * <p>
 * The exact interleavings the switch rule guards against are pinned down on tokens in {@code ReplayHandoverTest}.
 */
class ReplayUnderLiveTrafficTest extends TwoInstancesTest {

    private static final List<String> READ_MODELS = List.of(AgreementSummaryProjection.PROCESSING_GROUP,
            AgreementHistoryProjection.PROCESSING_GROUP, ReviewDeadlineProjection.PROCESSING_GROUP,
            PartyPortfolioProjection.PROCESSING_GROUP);

    enum Release { BEFORE_THE_SWITCH, AFTER_EVERY_SWITCH, WHILE_REPLAYING }

    @Test
    void replaysOfEveryReadModelUnderFourWritersAndAHeldAppendLoseNothing() throws Exception {
        MongoEventStorageEngine engineB = engine(b);
        AtomicInteger agreements = new AtomicInteger();
        for (int i = 0; i < 5; i++) {
            writeOneAgreement(a, "seed-" + i);
        }
        for (Release release : Release.values()) {
            CountDownLatch allocated = new CountDownLatch(1);
            CountDownLatch go = new CountDownLatch(1);
            engineB.afterAllocation = numbers -> {
                if (Thread.currentThread().getName().startsWith("held-writer")) {
                    allocated.countDown();
                    awaitLatch(go);
                }
            };
            AtomicBoolean writing = new AtomicBoolean(true);
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                ConfigurableApplicationContext instance = w % 2 == 0 ? a : b;
                String prefix = release + "-w" + w + "-";
                writers.add(CompletableFuture.runAsync(() -> {
                    while (writing.get()) {
                        writeOneAgreement(instance, prefix + agreements.incrementAndGet());
                    }
                }));
            }
            String heldId = release + "-held";
            CompletableFuture<Void> held = new CompletableFuture<>();
            Thread heldWriter = new Thread(() -> {
                try {
                    draft(b, heldId);
                    held.complete(null);
                } catch (Throwable t) {
                    held.completeExceptionally(t);
                }
            }, "held-writer-" + release);
            heldWriter.start();
            assertThat(allocated.await(30, TimeUnit.SECONDS)).isTrue();
            awaitEventsAfterTheHeldOne(engineB, 20);

            ProjectionReplays replays = a.getBean(ProjectionReplays.class);
            ReplayTestHooks.holdSwitches(replays, release == Release.BEFORE_THE_SWITCH);
            List<String> ids = new ArrayList<>();
            for (String readModel : READ_MODELS) {
                ids.add(replays.start(readModel, "test").id());
            }
            switch (release) {
                case BEFORE_THE_SWITCH -> {
                    // Every rebuild has read past the held number, so each lists it as missing; then it is stored
                    // and the live processors apply it to the old generations.
                    await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream().allMatch(id ->
                            replays.status(id).orElseThrow().eventsDone() > 0));
                    go.countDown();
                    held.get(30, TimeUnit.SECONDS);
                    TrackingToken withHeld = a.getBean(EventStore.class).createHeadToken();
                    await().atMost(Duration.ofSeconds(30)).until(() -> everyLiveProcessorCovers(withHeld));
                    assertThat(ids).allSatisfy(id ->
                            assertThat(replays.status(id).orElseThrow().status()).isEqualTo("RUNNING"));
                    ReplayTestHooks.holdSwitches(replays, false);
                }
                case AFTER_EVERY_SWITCH -> {
                    await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream().allMatch(id ->
                            !replays.status(id).orElseThrow().status().equals("RUNNING")));
                    go.countDown();
                    held.get(30, TimeUnit.SECONDS);
                }
                case WHILE_REPLAYING -> {
                    go.countDown();
                    held.get(30, TimeUnit.SECONDS);
                }
            }
            await().atMost(Duration.ofSeconds(120)).until(() -> ids.stream().allMatch(id ->
                    replays.status(id).orElseThrow().status().equals("COMPLETED")));
            writing.set(false);
            CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            engineB.afterAllocation = numbers -> { };

            await().atMost(Duration.ofSeconds(60)).until(this::everyProcessorHasReadEverything);
            ConsistencyCheck.Report report = a.getBean(ConsistencyCheck.class).check();
            assertThat(report.mismatches()).as("round %s", release).isEmpty();
            assertThat(report.consistent()).isTrue();
            assertThat(report.agreements()).isGreaterThan(5);
        }
    }

    /**
     * The first interleaving of issue 12, forced with latches: a writer holds a global number while later events are
     * stored; the rebuild reads past it (listing it as missing) and reaches the head as it was at the start; then the
     * held event is stored, the live processor applies it to the old generation, and the rebuild is held just before
     * applying it. A switch now would lose the event in the new generation (the rebuild stops before it applies it,
     * and the live processor has passed it): reads must not switch while the rebuild is held there, and once it goes
     * on, the event is in the rebuilt generation.
     */
    @Test
    void noSwitchWhileTheRebuildMissesALateEventTheLiveProcessorApplied() throws Exception {
        MongoEventStorageEngine engineB = engine(b);
        for (int i = 0; i < 3; i++) {
            writeOneAgreement(a, "before-" + i);
        }
        CountDownLatch allocated = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        engineB.afterAllocation = numbers -> {
            if (Thread.currentThread().getName().equals("held-writer")) {
                allocated.countDown();
                awaitLatch(go);
            }
        };
        String heldId = "late-draft";
        CompletableFuture<Void> held = new CompletableFuture<>();
        new Thread(() -> {
            try {
                draft(b, heldId);
                held.complete(null);
            } catch (Throwable t) {
                held.completeExceptionally(t);
            }
        }, "held-writer").start();
        assertThat(allocated.await(30, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 3; i++) {
            writeOneAgreement(a, "after-" + i);                                 // stored after the held number
        }

        ProjectionReplays replays = a.getBean(ProjectionReplays.class);
        ReplayTestHooks.holdSwitches(replays, true);
        CountDownLatch rebuildAtLateEvent = new CountDownLatch(1);
        CountDownLatch rebuildGoesOn = new CountDownLatch(1);
        ReplayTestHooks.beforeRebuildHandles(replays, event -> {
            if (event instanceof DomainEventMessage<?> domain && heldId.equals(domain.getAggregateIdentifier())) {
                rebuildAtLateEvent.countDown();
                awaitLatch(rebuildGoesOn);
            }
        });
        String id = replays.start(AgreementSummaryProjection.PROCESSING_GROUP, "test").id();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            ReplayStatus status = replays.status(id).orElseThrow();
            return status.eventsDone() >= status.eventsTotal();              // past the held number, at the head
        });

        go.countDown();
        held.get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> a.getBean(com.mongodb.client.MongoDatabase.class)
                .getCollection("agreement_summaries").find(new org.bson.Document("_id", heldId)).first() != null);
        assertThat(rebuildAtLateEvent.await(30, TimeUnit.SECONDS)).as("the rebuild reads the late event").isTrue();

        ReplayTestHooks.holdSwitches(replays, false);
        // Longer than a processor's worker termination timeout (5 s): a rebuild stopped meanwhile would be gone.
        await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(8)).until(() ->
                replays.status(id).orElseThrow().status().equals("RUNNING"));
        rebuildGoesOn.countDown();
        await().atMost(Duration.ofSeconds(60)).until(() -> replays.status(id).orElseThrow().status().equals("COMPLETED"));

        engineB.afterAllocation = numbers -> { };
        await().atMost(Duration.ofSeconds(60)).until(this::everyProcessorHasReadEverything);
        ConsistencyCheck.Report report = a.getBean(ConsistencyCheck.class).check();
        assertThat(report.mismatches()).isEmpty();
        assertThat(a.getBean(com.mongodb.client.MongoDatabase.class).getCollection("agreement_summaries__g1")
                .find(new org.bson.Document("_id", heldId)).first()).as("the late draft, rebuilt").isNotNull();
    }

    private static void writeOneAgreement(ConfigurableApplicationContext instance, String id) {
        AgreementId agreement = draft(instance, id);
        approve(instance, agreement, HAMEENLINNA);
        approve(instance, agreement, KANTA_HAME_COUNTY);
        sign(instance, agreement, HAMEENLINNA);
        sign(instance, agreement, KANTA_HAME_COUNTY);
    }

    private static MongoEventStorageEngine engine(ConfigurableApplicationContext instance) {
        EventStorageEngine engine = instance.getBean(EventStorageEngine.class);
        return (MongoEventStorageEngine) (engine instanceof TimedEventStorageEngine timed ? timed.delegate() : engine);
    }

    /** Writers have stored events after the held number, so every tracker reads past it. */
    private static void awaitEventsAfterTheHeldOne(MongoEventStorageEngine engine, int events) {
        long before = engine.lastStoredPosition();
        await().atMost(Duration.ofSeconds(60)).until(() -> engine.lastStoredPosition() >= before + events);
    }

    private boolean everyProcessorHasReadEverything() {
        return everyLiveProcessorCovers(a.getBean(EventStore.class).createHeadToken());
    }

    /** Every segment of every read model's live processor, on whichever instance holds it, has read up to the token. */
    private boolean everyLiveProcessorCovers(TrackingToken head) {
        return READ_MODELS.stream().allMatch(group -> {
            List<TrackingToken> tokens = tokensOf(group);
            return !tokens.isEmpty() && tokens.stream().allMatch(token -> token != null && covers(token, head));
        });
    }

    private List<TrackingToken> tokensOf(String group) {
        List<TrackingToken> tokens = new ArrayList<>();
        for (ConfigurableApplicationContext instance : List.of(a, b)) {
            StreamingEventProcessor processor = instance.getBean(EventProcessingConfiguration.class)
                    .eventProcessorByProcessingGroup(group, StreamingEventProcessor.class).orElseThrow();
            for (EventTrackerStatus status : processor.processingStatus().values()) {
                tokens.add(status.getTrackingToken());
            }
        }
        return tokens;
    }

    private static boolean covers(TrackingToken token, TrackingToken head) {
        TrackingToken lower = WrappedToken.unwrapLowerBound(token);
        return head == null || lower != null && ((GapAwareTrackingToken) lower).covers(head);
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the held append was never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
