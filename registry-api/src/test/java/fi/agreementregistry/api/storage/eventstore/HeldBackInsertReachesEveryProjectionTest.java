package fi.agreementregistry.api.storage.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.model.Filters;
import fi.agreementregistry.api.RegistryHttpTest;
import fi.agreementregistry.api.operations.TimedEventStorageEngine;
import fi.agreementregistry.projections.agreement.AgreementSummaryProjection;
import fi.agreementregistry.projections.history.AgreementHistoryProjection;
import fi.agreementregistry.projections.party.PartyPortfolioProjection;
import fi.agreementregistry.projections.review.ReviewDeadlineProjection;
import fi.agreementregistry.projections.support.ReadModelCollections;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 5, faults: two writers append to different agreements while the first one's insert is held back longer
 * than the engine's gap timeout. The trackers give up on the held number (a tombstone claims it), the held writer's
 * insert then fails on the unique index, and it retries with fresh global numbers: its event reaches every
 * projection in the running application, and the consistency check has nothing to report.
 * <p>
 * The test clock is fixed, so the only gap timeout that can expire is zero: the held number is abandoned the
 * second time a tracker looks at it, which the test waits for before it lets the writer go on.
 */
@TestPropertySource(properties = "registry.event-store.gap-timeout=PT0S")
class HeldBackInsertReachesEveryProjectionTest extends RegistryHttpTest {

    private static final List<String> PROJECTIONS = List.of(AgreementSummaryProjection.PROCESSING_GROUP,
            AgreementHistoryProjection.PROCESSING_GROUP, ReviewDeadlineProjection.PROCESSING_GROUP,
            PartyPortfolioProjection.PROCESSING_GROUP);

    @Autowired
    EventStorageEngine engine;

    @Autowired
    ReadModelCollections collections;

    private final CountDownLatch release = new CountDownLatch(1);

    private MongoEventStorageEngine mongoEngine() {
        return (MongoEventStorageEngine) (engine instanceof TimedEventStorageEngine timed ? timed.delegate() : engine);
    }

    @AfterEach
    void removeHook() {
        release.countDown();
        mongoEngine().afterAllocation = numbers -> { };
    }

    @Test
    void aDraftHeldBackPastTheGapTimeoutIsRetriedAndReachesEveryProjection() throws Exception {
        CountDownLatch allocated = new CountDownLatch(1);
        AtomicBoolean held = new AtomicBoolean();
        List<Long> heldNumbers = new CopyOnWriteArrayList<>();
        mongoEngine().afterAllocation = numbers -> {
            if (held.compareAndSet(false, true)) {   // writer 1's first attempt only; its retry goes straight on
                heldNumbers.addAll(numbers);
                allocated.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };

        // Writer 1: the draft of agreement A takes its global number and stops before its insert.
        CompletableFuture<ResponseEntity<String>> writer1 = CompletableFuture.supplyAsync(
                () -> post("/api/agreements", kantaHameDraft()));
        assertThat(allocated.await(30, TimeUnit.SECONDS)).isTrue();

        // Writer 2: agreement B, drafted and approved, stored behind the held number and projected everywhere.
        String b = draftKantaHame();
        assertThat(post("/api/agreements/" + b + "/approvals", approval("municipality:109", 1, "2026-01-12"))
                .getStatusCode().value()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertInEveryProjection(b, 1));

        // The trackers passed the held number and, the gap timeout over, claimed it with a tombstone.
        await().atMost(Duration.ofSeconds(30)).until(() -> abandoned(heldNumbers));
        assertThat(writer1).as("writer 1 is still held").isNotDone();

        release.countDown();
        ResponseEntity<String> drafted = writer1.get(30, TimeUnit.SECONDS);
        assertThat(drafted.getStatusCode().value()).as(drafted.getBody()).isEqualTo(201);
        String a = body(drafted).get("agreementId").asText();

        // Stored once, under fresh numbers beyond the abandoned ones.
        List<Document> commits = database.getCollection("domain_events")
                .find(Filters.eq("aggregateKeys", a + "/0")).into(new ArrayList<>());
        assertThat(commits).hasSize(1);
        assertThat(commits.get(0).getList("globalIndexes", Number.class))
                .allSatisfy(n -> assertThat(n.longValue()).isGreaterThan(heldNumbers.get(heldNumbers.size() - 1)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertInEveryProjection(a, 0));
        assertThat(body(get("/api/agreements/" + a)).get("status").asText()).isEqualTo("DRAFT");
        assertThat(body(get("/api/agreements/" + a + "/history")).get("entries")).hasSize(1);
        assertThat(mismatchesOf(a, b)).as("consistency check").isEmpty();
    }

    /** Each of the four read models holds the agreement up to the given sequence. */
    private void assertInEveryProjection(String agreementId, long sequence) {
        Document summary = live(AgreementSummaryProjection.PROCESSING_GROUP, "agreement_summaries")
                .find(Filters.eq("_id", agreementId)).first();
        assertThat(summary).as("agreement-summary").isNotNull();
        assertThat(summary.get("aggregateSequence", Number.class).longValue()).isEqualTo(sequence);

        long historyEntries = live(AgreementHistoryProjection.PROCESSING_GROUP, "agreement_history")
                .countDocuments(Filters.eq("agreementId", agreementId));
        assertThat(historyEntries).as("agreement-history").isEqualTo(sequence + 1);

        // Review deadlines keep the agreement from its draft on (approvals do not concern them).
        assertThat(live(ReviewDeadlineProjection.PROCESSING_GROUP, "review_agreements")
                .countDocuments(Filters.eq("_id", agreementId))).as("review-deadlines").isEqualTo(1);

        Document portfolio = live(PartyPortfolioProjection.PROCESSING_GROUP, "party_portfolio_agreements")
                .find(Filters.eq("_id", agreementId)).first();
        assertThat(portfolio).as("party-portfolio").isNotNull();
        assertThat(portfolio.get("aggregateSequence", Number.class).longValue()).isEqualTo(sequence);
    }

    private com.mongodb.client.MongoCollection<Document> live(String processor, String collection) {
        assertThat(PROJECTIONS).contains(processor);
        return database.getCollection(collections.live(processor).of(collection));
    }

    private boolean abandoned(List<Long> numbers) {
        return !numbers.isEmpty() && numbers.stream().allMatch(n -> database.getCollection("domain_events")
                .countDocuments(Filters.and(Filters.eq("globalIndexes", n), Filters.eq("tombstone", true),
                        Filters.eq("reason", "abandoned"))) == 1);
    }

    private List<JsonNode> mismatchesOf(String... agreementIds) {
        List<String> ids = List.of(agreementIds);
        List<JsonNode> found = new ArrayList<>();
        body(as(ADMIN).get("/api/admin/consistency")).get("mismatches").forEach(m -> {
            if (ids.contains(m.get("agreementId").asText())) {
                found.add(m);
            }
        });
        return found;
    }
}
