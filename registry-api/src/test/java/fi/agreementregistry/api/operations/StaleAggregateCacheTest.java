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
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.time.LocalDate;
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
 * appends to it. A notices its copy is behind the store, drops it and decides on the stored state, so the client sees
 * the answer it would have had without a cache: success with the current If-Match, 412 with a stale one, the rule's
 * 409 when B's change made the command pointless. (A race between that check and the append is a plain conflict,
 * retried once: {@code TwoInstancesOneStoreTest}.)
 */
class StaleAggregateCacheTest extends TwoInstancesTest {

    private static final LocalDate MEETING = LocalDate.of(2025, 9, 15);
    private static final LocalDate SIGNED_ON = LocalDate.of(2025, 10, 1);

    @Test
    void aCommandOnAnInstanceWhoseCachedCopyIsStaleIsDecidedOnTheStoredState() {
        AgreementId id = draft(a, "stale-cache");
        assertThat(approve(a, id, HAMEENLINNA, null).aggregateSequence()).isEqualTo(1);
        AggregateCache cacheOfA = a.getBean(AggregateCache.class);
        assertThat(cacheOfA.containsKey(id.value())).as("A caches the agreement").isTrue();
        AtomicInteger evictions = new AtomicInteger();
        cacheOfA.registerCacheEntryListener(new Cache.EntryListenerAdapter() {
            @Override
            public void onEntryRemoved(Object key) {
                evictions.incrementAndGet();
            }
        });

        // B appends; A's copy stays at sequence 1.
        assertThat(approve(b, id, KANTA_HAME_COUNTY, 1L).aggregateSequence()).isEqualTo(2);

        // The current If-Match on A: no 409, the signature lands after B's approval.
        assertThat(sign(a, id, HAMEENLINNA, 2L).aggregateSequence()).isEqualTo(3);
        assertThat(evictions).as("the stale copy was used and evicted").hasValue(1);
        assertThat(conflictsOn(a)).isZero();

        // A stale If-Match on A is still refused (412 in the API), after the retry on the stored state.
        assertThat(scheduleReview(b, id, "review-b", 3L).aggregateSequence()).isEqualTo(4);
        assertThatThrownBy(() -> scheduleReview(a, id, "review-a", 3L))
                .isInstanceOf(ConflictingAggregateVersionException.class);
        assertThat(conflictsOn(a)).isZero();
        assertThat(evictions).hasValue(2);

        // A rule is checked again on the retry: B's signature made A's the same party's second one.
        assertThat(scheduleReview(a, id, "review-a", null).aggregateSequence()).isEqualTo(5);
        assertThat(sign(b, id, KANTA_HAME_COUNTY, 5L).aggregateSequence()).isEqualTo(7); // signed, entered into force
        assertThatThrownBy(() -> sign(a, id, KANTA_HAME_COUNTY, null))
                .isInstanceOfSatisfying(BusinessRuleViolation.class,
                        v -> assertThat(v.rule()).isEqualTo("already-signed"));
        assertThat(evictions).hasValue(3);
        assertThat(conflictsOn(a)).as("stale copies are found before the command runs, not by a failed append")
                .isZero();

        EventStore store = a.getBean(EventStore.class);
        assertThat(store.readEvents(id.value(), 0).asStream().count()).isEqualTo(8);
        assertThat(store.readEvents(id.value(), 0).asStream()
                .filter(event -> event.getPayload() instanceof AgreementSigned).count()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(find(a, id).status()).isEqualTo(AgreementStatus.IN_FORCE);
            assertThat(find(a, id).aggregateSequence()).isEqualTo(7);
        });
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
