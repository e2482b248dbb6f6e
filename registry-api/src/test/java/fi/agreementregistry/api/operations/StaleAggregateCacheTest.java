package fi.agreementregistry.api.operations;

import fi.agreementregistry.api.storage.cache.AggregateCache;
import fi.agreementregistry.core.BusinessRuleViolation;
import fi.agreementregistry.core.agreement.AgreementCommandResult;
import fi.agreementregistry.core.agreement.AgreementId;
import fi.agreementregistry.core.agreement.AgreementStatus;
import fi.agreementregistry.core.approval.RecordApproval;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.core.review.ReviewId;
import fi.agreementregistry.core.review.ScheduleReview;
import fi.agreementregistry.core.signature.AgreementSigned;
import fi.agreementregistry.core.signature.SignAgreement;
import fi.agreementregistry.core.signature.Signatory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static fi.agreementregistry.api.operations.TwoInstancesOneStoreTest.HAMEENLINNA;
import static fi.agreementregistry.api.operations.TwoInstancesOneStoreTest.KANTA_HAME_COUNTY;
import static fi.agreementregistry.api.operations.TwoInstancesOneStoreTest.draft;
import static fi.agreementregistry.api.operations.TwoInstancesOneStoreTest.find;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Two instances on one store, each with its aggregate cache: instance A holds an agreement in its cache while B
 * appends to it. A uses its copy without asking the store, so the command is decided on old state; whatever fails on
 * that copy (a rule, an If-Match ahead of it, the append on the store's unique key) is run once more on the stored
 * state. The client sees the answer it would have had without a cache: success when the command is valid on the
 * stored state, 412 with a stale If-Match, the rule's 409 when B's change made the command pointless; and the command
 * is applied once.
 */
class StaleAggregateCacheTest extends TwoInstancesTest {

    private static final LocalDate MEETING = LocalDate.of(2025, 9, 15);
    private static final LocalDate SIGNED_ON = LocalDate.of(2025, 10, 1);

    private AtomicInteger evictionsOnA;

    @BeforeEach
    void countEvictionsOnA() {
        evictionsOnA = new AtomicInteger();
        a.getBean(AggregateCache.class).registerCacheEntryListener(new Cache.EntryListenerAdapter() {
            @Override
            public void onEntryRemoved(Object key) {
                evictionsOnA.incrementAndGet();
            }
        });
    }

    @Test
    void aSignatureValidOnlyAfterAnApprovalRecordedThroughTheOtherInstanceSucceedsOnAStaleCopy() {
        AgreementId id = draft(a, "stale-sign");
        assertThat(approve(a, id, HAMEENLINNA, null).aggregateSequence()).isEqualTo(1);
        assertThat(a.getBean(AggregateCache.class).containsKey(id.value())).as("A caches the agreement").isTrue();

        // B records the county's approval; A's copy stays at sequence 1, where the county has not approved.
        assertThat(approve(b, id, KANTA_HAME_COUNTY, 1L).aggregateSequence()).isEqualTo(2);

        // On A's copy the rule refuses the county's signature (not-yet-approved); on the stored state it is valid.
        assertThat(sign(a, id, KANTA_HAME_COUNTY, null).aggregateSequence()).isEqualTo(3);
        assertThat(evictionsOnA).as("refused on the stale copy, which was evicted").hasValue(1);
        assertThat(conflictsOn(a)).as("refused before the append").isZero();

        assertThat(signaturesIn(id)).isEqualTo(1);
        assertThat(lastSequence(id)).isEqualTo(3);
    }

    @Test
    void anIfMatchWithTheFreshETagSucceedsOnAStaleCopyAndAStaleOneIsStillRefused() {
        AgreementId id = draft(a, "stale-if-match");
        assertThat(approve(a, id, HAMEENLINNA, null).aggregateSequence()).isEqualTo(1);
        assertThat(approve(b, id, KANTA_HAME_COUNTY, 1L).aggregateSequence()).isEqualTo(2);

        // The client saw ETag 2 (B's answer); A's copy is at 1: ahead of the copy, retried on the stored state.
        assertThat(scheduleReview(a, id, "review-a", 2L).aggregateSequence()).isEqualTo(3);
        assertThat(evictionsOnA).hasValue(1);
        assertThat(conflictsOn(a)).isZero();

        // B appends; a client still at ETag 3 matches A's copy, but not the store: its append loses on the unique key
        // and the retry on the stored state answers 412 (the API's answer to this exception).
        assertThat(scheduleReview(b, id, "review-b", 3L).aggregateSequence()).isEqualTo(4);
        assertThatThrownBy(() -> scheduleReview(a, id, "review-c", 3L))
                .isInstanceOfSatisfying(ConflictingAggregateVersionException.class, stale -> {
                    assertThat(stale.getExpectedVersion()).isEqualTo(3);
                    assertThat(stale.getActualVersion()).isEqualTo(4);
                });
        assertThat(conflictsOn(a)).as("the stale copy was found by the append").isEqualTo(1);
        assertThat(evictionsOnA).hasValue(2);
        assertThat(lastSequence(id)).isEqualTo(4);
    }

    @Test
    void aCommandValidOnTheStaleCopyIsDecidedAgainOnTheStoredStateAndTheRuleThenRefusesIt() {
        AgreementId id = draft(a, "stale-rule");
        approve(a, id, HAMEENLINNA, null);
        approve(a, id, KANTA_HAME_COUNTY, null);
        assertThat(sign(a, id, HAMEENLINNA, null).aggregateSequence()).isEqualTo(3);

        // Without an If-Match the command passes on the copy, where the county has not signed; its append loses on
        // the unique key and the retry finds B's signature: the same party's second one is refused.
        assertThat(sign(b, id, KANTA_HAME_COUNTY, 3L).aggregateSequence()).isEqualTo(5); // signed, entered into force
        assertThatThrownBy(() -> sign(a, id, KANTA_HAME_COUNTY, null))
                .isInstanceOfSatisfying(BusinessRuleViolation.class,
                        v -> assertThat(v.rule()).isEqualTo("already-signed"));
        assertThat(conflictsOn(a)).isEqualTo(1);
        assertThat(evictionsOnA).hasValue(1);

        assertThat(signaturesIn(id)).isEqualTo(2);
        assertThat(lastSequence(id)).isEqualTo(5);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(find(a, id).status()).isEqualTo(AgreementStatus.IN_FORCE);
            assertThat(find(a, id).aggregateSequence()).isEqualTo(5);
        });
    }

    @Test
    void aRaceBetweenAStaleCopyAndAFreshOneHasOneWinner() throws Exception {
        for (int round = 0; round < 3; round++) {
            AgreementId id = draft(a, "stale-race-" + round);
            approve(a, id, HAMEENLINNA, null);
            approve(b, id, KANTA_HAME_COUNTY, 1L); // A's copy stays at 1, B's is at 2

            CyclicBarrier together = new CyclicBarrier(2);
            List<CompletableFuture<Object>> racers = new ArrayList<>();
            for (ConfigurableApplicationContext instance : List.of(a, b)) {
                racers.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        together.await(10, TimeUnit.SECONDS);
                        return sign(instance, id, HAMEENLINNA, null);
                    } catch (Exception e) {
                        return e;
                    }
                }));
            }
            List<Object> outcomes = new ArrayList<>();
            for (CompletableFuture<Object> racer : racers) {
                outcomes.add(racer.get(30, TimeUnit.SECONDS));
            }
            assertThat(outcomes).filteredOn(AgreementCommandResult.class::isInstance).hasSize(1);
            // The API answers the loser with 409: the rule that a party signs once, or a second lost race.
            assertThat(outcomes).filteredOn(Throwable.class::isInstance).singleElement()
                    .satisfies(e -> assertThat(e).isInstanceOfAny(BusinessRuleViolation.class,
                            ConcurrencyException.class));
            assertThat(signaturesIn(id)).isEqualTo(1);
        }
    }

    private long signaturesIn(AgreementId id) {
        return a.getBean(EventStore.class).readEvents(id.value(), 0).asStream()
                .filter(event -> event.getPayload() instanceof AgreementSigned).count();
    }

    private long lastSequence(AgreementId id) {
        return a.getBean(EventStore.class).lastSequenceNumberFor(id.value()).orElseThrow();
    }

    /** Appends of this instance that lost to a concurrent append of the same aggregate. */
    private static long conflictsOn(ConfigurableApplicationContext instance) {
        Timer conflicts = instance.getBean(MeterRegistry.class).find("registry.eventstore.append")
                .tag("outcome", "ConcurrencyException").timer();
        return conflicts == null ? 0 : conflicts.count();
    }

    private static AgreementCommandResult approve(ConfigurableApplicationContext instance, AgreementId id,
                                                  PartyId party, Long ifMatch) {
        return instance.getBean(CommandGateway.class).sendAndWait(new RecordApproval(id, party, 1, "Kunnanhallitus",
                MEETING, "§ 30", "56/15.00.18/2023", "Hyväksytään puitesopimus.", ifMatch));
    }

    private static AgreementCommandResult sign(ConfigurableApplicationContext instance, AgreementId id,
                                               PartyId party, Long ifMatch) {
        return instance.getBean(CommandGateway.class).sendAndWait(new SignAgreement(id, party, 1,
                new Signatory("Kaija Kuntalainen", "kunnanjohtaja"), SIGNED_ON, ifMatch));
    }

    private static AgreementCommandResult scheduleReview(ConfigurableApplicationContext instance, AgreementId id,
                                                         String reviewId, Long ifMatch) {
        return instance.getBean(CommandGateway.class).sendAndWait(new ScheduleReview(id, ReviewId.of(reviewId),
                LocalDate.of(2027, 10, 1), null, "integraatiovaliokunta", "Väliarvio", ifMatch));
    }
}
