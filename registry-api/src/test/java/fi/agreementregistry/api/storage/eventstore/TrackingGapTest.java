package fi.agreementregistry.api.storage.eventstore;

import fi.agreementregistry.api.MutableClock;

import com.mongodb.client.model.Filters;
import fi.agreementregistry.api.storage.embedded.InMemoryMongo;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static fi.agreementregistry.api.storage.eventstore.StoreTestSupport.event;
import static fi.agreementregistry.api.storage.eventstore.StoreTestSupport.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrackingGapTest {

    private static final Duration GAP_TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension
    final InMemoryMongo mongo = new InMemoryMongo();
    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T12:00:00Z"));
    private final CountDownLatch allocated = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
    }

    @Test
    void trackerThatPassedAGapStillReceivesTheLateEvent() throws Exception {
        MongoEventStorageEngine engine = engine(100, 10_000);
        String late = newId();
        CompletableFuture<Void> stalled = stalledWriter(engine, late);   // holds global number 1
        engine.appendEvents(event(newId(), 0));                            // number 2, visible first

        List<? extends TrackedEventMessage<?>> first = read(engine, null);
        assertThat(first).hasSize(1);
        TrackingToken passed = first.get(0).trackingToken();
        assertThat(passed).isEqualTo(GapAwareTrackingToken.newInstance(2, List.of(1L)));

        release.countDown();
        stalled.get(10, TimeUnit.SECONDS);

        List<? extends TrackedEventMessage<?>> second = read(engine, passed);
        assertThat(second).hasSize(1);
        assertThat(((DomainEventMessage<?>) second.get(0)).getAggregateIdentifier()).isEqualTo(late);
        assertThat(second.get(0).trackingToken()).isEqualTo(GapAwareTrackingToken.newInstance(2, List.of()));
    }

    @Test
    void writerStalledPastTheGapTimeoutIsTombstonedAndRetriesWithAFreshNumberSoNoTrackerMissesIt()
            throws Exception {
        MongoEventStorageEngine engine = engine(100, 10_000);
        String late = newId();
        CompletableFuture<Void> stalled = stalledWriter(engine, late);   // holds global number 1
        engine.appendEvents(event(newId(), 0));                            // number 2

        TrackingToken passed = read(engine, null).get(0).trackingToken();
        clock.advance(GAP_TIMEOUT.minusSeconds(1));
        assertThat(read(engine, passed)).isEmpty();
        assertThat(tombstoneHolding(1)).as("not yet abandoned").isNull();

        clock.advance(Duration.ofSeconds(2));                              // missing for longer than the timeout
        assertThat(read(engine, passed)).isEmpty();
        assertThat(tombstoneHolding(1)).as("tracker claimed number 1").isNotNull();

        release.countDown();
        stalled.get(10, TimeUnit.SECONDS);                                 // the writer retried: no error

        List<? extends TrackedEventMessage<?>> after = read(engine, passed);
        assertThat(after).hasSize(1);
        assertThat(((DomainEventMessage<?>) after.get(0)).getAggregateIdentifier()).isEqualTo(late);
        assertThat(after.get(0).trackingToken()).isEqualTo(GapAwareTrackingToken.newInstance(3, List.of()));
        assertThat(engine.readEvents(late).asStream()).hasSize(1);
    }

    @Test
    void stalledWriterRetryIsStillCheckedAgainstTheAggregateSequence() throws Exception {
        MongoEventStorageEngine engine = engine(100, 10_000);
        String id = newId();
        engine.appendEvents(event(id, 0));
        CompletableFuture<Void> stalled = stalledWriter(engine, id, 1);     // holds number 2 for (id, 1)
        engine.appendEvents(event(newId(), 0));                             // number 3
        TrackingToken passed = read(engine, GapAwareTrackingToken.newInstance(1, List.of())).get(0).trackingToken();
        clock.advance(GAP_TIMEOUT.plusSeconds(1));
        read(engine, passed);                                                // claims number 2
        engine.afterAllocation = numbers -> { };
        engine.appendEvents(event(id, 1));                                   // a competitor takes (id, 1)

        release.countDown();
        assertThatThrownBy(() -> stalled.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(org.axonframework.modelling.command.ConcurrencyException.class);
        assertThat(engine.readEvents(id).asStream()).hasSize(2);
    }

    @Test
    void aRunOfTombstonesLongerThanABatchDoesNotStallTracking() {
        MongoEventStorageEngine engine = engine(5, 10_000);
        String taken = newId();
        engine.appendEvents(event(taken, 0));
        for (int i = 0; i < 17; i++) {                                        // 17 failed appends -> tombstones 2..18
            assertThatThrownBy(() -> engine.appendEvents(event(taken, 0))).isNotNull();
        }
        TrackingToken afterFirst = read(engine, null).get(0).trackingToken();
        assertThat(read(engine, afterFirst)).as("only tombstones ahead").isEmpty();

        String next = newId();
        engine.appendEvents(event(next, 0));                                 // number 19
        List<? extends TrackedEventMessage<?>> tracked = read(engine, afterFirst);
        assertThat(tracked).hasSize(1);
        assertThat(((DomainEventMessage<?>) tracked.get(0)).getAggregateIdentifier()).isEqualTo(next);
        assertThat(tracked.get(0).trackingToken()).isEqualTo(GapAwareTrackingToken.newInstance(19, List.of()));
    }

    @Test
    void aGapOlderThanMaxGapOffsetIsClaimedBeforeItIsDroppedFromTheToken() throws Exception {
        MongoEventStorageEngine engine = engine(100, 3);
        String late = newId();
        CompletableFuture<Void> stalled = stalledWriter(engine, late);      // holds number 1
        for (int i = 0; i < 6; i++) {
            engine.appendEvents(event(newId(), 0));                          // numbers 2..7
        }
        List<? extends TrackedEventMessage<?>> tracked = read(engine, null);
        assertThat(tracked).hasSize(6);
        TrackingToken last = tracked.get(5).trackingToken();
        assertThat(((GapAwareTrackingToken) last).getGaps()).isEmpty();
        assertThat(tombstoneHolding(1)).isNotNull();

        release.countDown();
        stalled.get(10, TimeUnit.SECONDS);
        List<? extends TrackedEventMessage<?>> after = read(engine, last);
        assertThat(after).extracting(m -> m.trackingToken().position().getAsLong()).containsExactly(8L);
    }

    // Every path that passes a global number either reads it or claims it with a tombstone (or keeps it as a gap).

    @Test
    void aStreamFromNothingClaimsTheNumbersItPassesBeyondMaxGapOffset() {
        MongoEventStorageEngine engine = engine(5, 3);
        allocateWithoutStoring(10);                                          // numbers 1..10 in flight
        String first = newId();
        engine.appendEvents(event(first, 0));                                // number 11

        List<? extends TrackedEventMessage<?>> tracked = read(engine, null);
        assertThat(tracked).hasSize(1);
        assertThat(tracked.get(0).trackingToken())
                .as("kept as gaps: the 3 numbers behind 11").isEqualTo(GapAwareTrackingToken.newInstance(11, List.of(8L, 9L, 10L)));
        for (long n = 1; n <= 7; n++) {
            assertThat(tombstoneHolding(n)).as("number %d passed, so claimed", n).isNotNull();
        }
        assertThat(tombstoneHolding(8)).isNull();
    }

    @Test
    void aJumpOverEmptyWindowsClaimsTheNumbersItPassesBeyondMaxGapOffset() {
        MongoEventStorageEngine engine = engine(5, 3);
        engine.appendEvents(event(newId(), 0));                              // number 1
        TrackingToken afterFirst = read(engine, null).get(0).trackingToken();
        allocateWithoutStoring(12);                                          // 2..13 in flight
        engine.appendEvents(event(newId(), 0));                              // number 14

        List<? extends TrackedEventMessage<?>> tracked = read(engine, afterFirst);
        assertThat(tracked).hasSize(1);
        assertThat(tracked.get(0).trackingToken())
                .isEqualTo(GapAwareTrackingToken.newInstance(14, List.of(11L, 12L, 13L)));
        for (long n = 2; n <= 10; n++) {
            assertThat(tombstoneHolding(n)).as("number %d passed, so claimed", n).isNotNull();
        }
    }

    @Test
    void aHeadTokenKeepsEveryNumberInFlightBelowItAsAGap() {
        MongoEventStorageEngine engine = withTwoToFourInFlightBelowFourteen(engine(5, 100));
        assertThat(engine.createHeadToken()).as("2..4 lie below the last batch, and are still kept")
                .isEqualTo(GapAwareTrackingToken.newInstance(14, List.of(2L, 3L, 4L)));
        assertThat(engine.lastStoredPosition()).isEqualTo(14);
    }

    @Test
    void aHeadTokenClaimsNumbersInFlightFurtherBackThanMaxGapOffset() {
        MongoEventStorageEngine engine = withTwoToFourInFlightBelowFourteen(engine(5, 5));
        assertThat(engine.createHeadToken()).isEqualTo(GapAwareTrackingToken.newInstance(14, List.of()));
        for (long n = 2; n <= 4; n++) {
            assertThat(tombstoneHolding(n)).as("number %d passed, so claimed", n).isNotNull();
        }
    }

    @Test
    void aTokenAtATimeKeepsTheNumbersInFlightBelowItAsGaps() {
        MongoEventStorageEngine engine = engine(5, 100);
        Instant later = clock.instant().plus(Duration.ofMinutes(1));
        engine.appendEvents(StoreTestSupport.eventAt(newId(), 0, later.minus(Duration.ofHours(1))));   // number 1
        allocateWithoutStoring(2);                                           // 2..3 in flight
        engine.appendEvents(StoreTestSupport.eventAt(newId(), 0, later));    // number 4, recorded later
        // Just before number 4: 2 and 3 are in flight, so the token stays at 1 and reads them when they come.
        assertThat(engine.createTokenAt(later.minusSeconds(1)))
                .isEqualTo(GapAwareTrackingToken.newInstance(1, List.of()));
        allocateWithoutStoring(1);                                           // 5 in flight
        engine.appendEvents(StoreTestSupport.eventAt(newId(), 0, later.plusSeconds(1)));   // number 6
        assertThat(engine.createTokenAt(later.plusMillis(500))).as("2 and 3 lie below it: gaps; 5, missing at the top, comes after it")
                .isEqualTo(GapAwareTrackingToken.newInstance(4, List.of(2L, 3L)));
    }

    @Test
    void gapClocksOfNumbersNoTrackerWaitsForAreForgotten() throws Exception {
        MongoEventStorageEngine engine = engine(100, 10_000);
        CompletableFuture<Void> stalled = stalledWriter(engine, newId());   // holds number 1
        engine.appendEvents(event(newId(), 0));                              // number 2
        read(engine, null);                                                  // a tracker sees 1 missing
        assertThat(engine.gapClocks()).isEqualTo(1);
        clock.advance(GAP_TIMEOUT.multipliedBy(2).plusSeconds(1));
        read(engine, GapAwareTrackingToken.newInstance(2, List.of()));       // another tracker, past it
        assertThat(engine.gapClocks()).as("the first tracker's segment moved away").isZero();
        release.countDown();
        stalled.get(10, TimeUnit.SECONDS);
    }

    /** Number 1 stored, 2..4 allocated but not (yet) stored, 5..14 stored. */
    private MongoEventStorageEngine withTwoToFourInFlightBelowFourteen(MongoEventStorageEngine engine) {
        engine.appendEvents(event(newId(), 0));                              // number 1
        allocateWithoutStoring(3);                                           // 2..4 in flight
        for (int i = 0; i < 10; i++) {
            engine.appendEvents(event(newId(), 0));                          // 5..14
        }
        return engine;
    }

    /** Moves the global counter on as writers that allocated numbers and have not stored them yet would. */
    private void allocateWithoutStoring(int count) {
        mongo.client().getDatabase(StoreTestSupport.DATABASE).getCollection("event_counters")
              .updateOne(Filters.eq("_id", "domain_events"), new Document("$inc", new Document("value", (long) count)));
    }

    private MongoEventStorageEngine engine(int batchSize, int maxGapOffset) {
        MongoEventStorageEngine engine = StoreTestSupport.engineBuilder(mongo.client())
                                                         .batchSize(batchSize)
                                                         .maxGapOffset(maxGapOffset)
                                                         .gapTimeout(GAP_TIMEOUT)
                                                         .clock(clock)
                                                         .build();
        engine.afterAllocation = numbers -> {
            if (Thread.currentThread().getName().startsWith("stalled-writer")) {
                allocated.countDown();
                try {
                    if (!release.await(20, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("never released");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        return engine;
    }

    private CompletableFuture<Void> stalledWriter(MongoEventStorageEngine engine, String aggregateId) throws Exception {
        return stalledWriter(engine, aggregateId, 0);
    }

    /** Starts an append that stops between allocating its global number and inserting (until released). */
    private CompletableFuture<Void> stalledWriter(MongoEventStorageEngine engine, String aggregateId, long sequence)
            throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread writer = new Thread(() -> {
            try {
                engine.appendEvents(event(aggregateId, sequence));
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        }, "stalled-writer");
        writer.start();
        assertThat(allocated.await(10, TimeUnit.SECONDS)).isTrue();
        return done;
    }

    private static List<? extends TrackedEventMessage<?>> read(MongoEventStorageEngine engine, TrackingToken from) {
        return engine.readEvents(from, false).collect(Collectors.toList());
    }

    private Document tombstoneHolding(long number) {
        return mongo.client().getDatabase(StoreTestSupport.DATABASE).getCollection("domain_events")
                     .find(Filters.and(Filters.eq("globalIndexes", number), Filters.eq("tombstone", true))).first();
    }
}
