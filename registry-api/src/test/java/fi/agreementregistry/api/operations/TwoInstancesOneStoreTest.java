package fi.agreementregistry.api.operations;

import fi.agreementregistry.core.BusinessRuleViolation;
import fi.agreementregistry.core.agreement.AgreementId;
import fi.agreementregistry.core.agreement.AgreementKind;
import fi.agreementregistry.core.agreement.AgreementStatus;
import fi.agreementregistry.core.agreement.CouncilTerm;
import fi.agreementregistry.core.agreement.DraftAgreement;
import fi.agreementregistry.core.approval.RecordApproval;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.core.signature.AgreementSigned;
import fi.agreementregistry.core.signature.SignAgreement;
import fi.agreementregistry.core.signature.Signatory;
import fi.agreementregistry.projections.agreement.AgreementView;
import fi.agreementregistry.projections.agreement.FindAgreement;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two registry instances in one JVM on one MongoDB (the embedded server, reached through a URI as a real replica
 * set would be): one history whichever instance takes a command, one owner per processor segment, and the other
 * instance taking the segments over when the first stops. Driven through each instance's Axon gateways.
 */
public class TwoInstancesOneStoreTest extends TwoInstancesTest {

    private static final String PROCESSOR = "read-models";
    public static final PartyId HAMEENLINNA = PartyId.of("municipality:109");
    public static final PartyId KANTA_HAME_COUNTY = PartyId.of("welfare-area:07");
    /** Far longer than the test waits: a takeover within it shows the stopping instance released its claims. */
    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(120);

    @Override
    protected List<String> settings() {
        return List.of("--axon.eventhandling.processors." + PROCESSOR + ".initial-segment-count=2",
                "--axon.eventhandling.processors." + PROCESSOR + ".thread-count=2",
                "--axon.eventhandling.processors." + PROCESSOR + ".token-claim-interval=100",
                "--axon.eventhandling.tokenstore.claim-timeout=" + CLAIM_TIMEOUT.toSeconds() + "s");
    }

    @Test
    void commandsToEitherInstanceLandInOneHistoryAndBothServeTheSameReadModel() {
        AgreementId id = draft(a, "kanta-hame-2025-2029");
        approve(b, id, HAMEENLINNA);
        approve(b, id, KANTA_HAME_COUNTY);
        sign(a, id, HAMEENLINNA);
        sign(b, id, KANTA_HAME_COUNTY);

        for (ConfigurableApplicationContext instance : List.of(a, b)) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                AgreementView view = find(instance, id);
                assertThat(view).isNotNull();
                assertThat(view.status()).isEqualTo(AgreementStatus.IN_FORCE);
                assertThat(view.aggregateSequence()).isEqualTo(5);
            });
            assertThat(instance.getBean(EventStore.class).readEvents(id.value(), 0).asStream().count()).isEqualTo(6);
        }
    }

    @Test
    void racingCommandsThroughBothInstancesStoreOneSignatureAndRefuseTheOtherAsAConflict() throws Exception {
        for (int round = 0; round < 3; round++) {
            AgreementId id = draft(a, "race-" + round);
            approve(a, id, HAMEENLINNA);

            CyclicBarrier together = new CyclicBarrier(2);
            List<CompletableFuture<Object>> racers = new ArrayList<>();
            for (ConfigurableApplicationContext instance : List.of(a, b)) {
                racers.add(CompletableFuture.supplyAsync(() -> {
                    awaitBarrier(together);
                    try {
                        return sign(instance, id, HAMEENLINNA);
                    } catch (RuntimeException e) {
                        return e;
                    }
                }));
            }
            List<Object> outcomes = new ArrayList<>();
            for (CompletableFuture<Object> racer : racers) {
                outcomes.add(racer.get());
            }
            assertThat(outcomes).filteredOn(o -> !(o instanceof Throwable)).hasSize(1);
            // The API answers both with 409: a concurrent change, or the rule that a party signs once.
            assertThat(outcomes).filteredOn(o -> o instanceof Throwable).singleElement()
                    .satisfies(e -> assertThat(e).isInstanceOfAny(ConcurrencyException.class,
                            AggregateStreamCreationException.class, BusinessRuleViolation.class));
            long signatures = b.getBean(EventStore.class).readEvents(id.value(), 0).asStream()
                    .filter(event -> event.getPayload() instanceof AgreementSigned).count();
            assertThat(signatures).isEqualTo(1);
        }
    }

    @Test
    void eachSegmentIsClaimedByOneInstanceAndTheOtherTakesOverWhenItStops() {
        assertThat(b.getBean(TokenStore.class).fetchSegments(PROCESSOR)).containsExactlyInAnyOrder(0, 1);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            Set<Integer> byA = claimed(a);
            Set<Integer> byB = claimed(b);
            Set<Integer> both = new HashSet<>(byA);
            both.retainAll(byB);
            assertThat(both).as("segments claimed by both instances").isEmpty();
            Set<Integer> all = new HashSet<>(byA);
            all.addAll(byB);
            assertThat(all).containsExactlyInAnyOrder(0, 1);
        });
        List<AgreementId> before = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            before.add(draft(b, "before-stop-" + i));
        }
        for (AgreementId id : before) {
            await().atMost(Duration.ofSeconds(10)).until(() -> find(b, id) != null);
        }

        a.close();

        // Well inside the claim timeout: A released its claims on shutdown instead of leaving them to expire.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(claimed(b)).containsExactlyInAnyOrder(0, 1));
        List<AgreementId> after = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            after.add(draft(b, "after-stop-" + i));
        }
        for (AgreementId id : after) {
            await().atMost(Duration.ofSeconds(10)).until(() -> find(b, id) != null);
        }
        assertThat(b.getBean(EventProcessorHealthIndicator.class).health().getStatus().getCode()).isEqualTo("UP");
    }

    private static Set<Integer> claimed(ConfigurableApplicationContext instance) {
        StreamingEventProcessor processor = instance.getBean(EventProcessingConfiguration.class)
                .eventProcessor(PROCESSOR, StreamingEventProcessor.class).orElseThrow();
        return new HashSet<>(processor.processingStatus().keySet());
    }

    public static AgreementId draft(ConfigurableApplicationContext instance, String id) {
        AgreementId agreementId = AgreementId.of(id);
        instance.getBean(CommandGateway.class).sendAndWait(new DraftAgreement(agreementId,
                "Puitesopimus Hämeenlinnan ja Kanta-Hämeen hyvinvointialueen yhteistyöstä",
                AgreementKind.FRAMEWORK_AGREEMENT, "Kanta-Häme", CouncilTerm.parse("2025-2029"),
                List.of(HAMEENLINNA, KANTA_HAME_COUNTY), List.of("Osapuolet ovat tasavertaisia kumppaneita."),
                List.of("Työllisyys ja elinvoima"), List.of(), null, LocalDate.of(2025, 9, 1)));
        return agreementId;
    }

    public static Object approve(ConfigurableApplicationContext instance, AgreementId id, PartyId party) {
        return instance.getBean(CommandGateway.class).sendAndWait(new RecordApproval(id, party, 1, "Kunnanhallitus",
                LocalDate.of(2025, 9, 15), "§ 30", "56/15.00.18/2023", "Hyväksytään puitesopimus.", null));
    }

    public static Object sign(ConfigurableApplicationContext instance, AgreementId id, PartyId party) {
        return instance.getBean(CommandGateway.class).sendAndWait(new SignAgreement(id, party, 1,
                new Signatory("Kaija Kuntalainen", "kunnanjohtaja"), LocalDate.of(2025, 10, 1), null));
    }

    static AgreementView find(ConfigurableApplicationContext instance, AgreementId id) {
        return instance.getBean(QueryGateway.class)
                .query(new FindAgreement(id), ResponseTypes.instanceOf(AgreementView.class)).join();
    }

    private static void awaitBarrier(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
