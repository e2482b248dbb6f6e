package fi.agreementregistry.api.idempotency;

import fi.agreementregistry.api.MutableClock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import fi.agreementregistry.api.RegistryHttpTest;
import fi.agreementregistry.core.agreement.DraftAgreement;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.bson.Document;
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

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static fi.agreementregistry.api.RegistryHttpTest.clerkOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12, section 8: an Idempotency-Key left pending by a registry that stopped mid-request. The marker's lease
 * (here 3 minutes, by the application's clock, which this test moves on by hand) keeps copies out while the first
 * request may still run; after it, a retry gets the outcome of the events the first request stored, or runs when
 * it stored none. Keys expire after the retention and the registry purges them itself.
 * <p>
 * "Cut off" below leaves a marker in the state {@code kill -9} leaves it in: the request's events are stored (or not),
 * its response is not. {@code IdempotencySurvivesKillTest} does it with a real {@code kill -9}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "registry.embedded.backend=memory",
        "registry.api.idempotency-lease=PT3M",
        "registry.api.idempotency-purge-interval=PT0.1S"})
@ActiveProfiles("test")
@Import(IdempotencyLeaseHttpTest.SettableClock.class)
class IdempotencyLeaseHttpTest {

    private static final Duration LEASE = Duration.ofMinutes(3);
    private static final String CLERK = clerkOf("municipality:109");
    private static final String COMMITTEE = RegistryHttpTest.COMMITTEE;

    @TestConfiguration
    static class SettableClock {
        @Bean
        @Primary
        MutableClock settableClock() {
            return new MutableClock(RegistryHttpTest.NOW);
        }

        @Bean
        HeldDraft heldDraft(CommandBus commandBus) {
            HeldDraft held = new HeldDraft();
            commandBus.registerHandlerInterceptor(held);
            return held;
        }
    }

    /** Holds the first draft titled {@value #TITLE} in its command handler until released: a request that stalls. */
    static final class HeldDraft implements MessageHandlerInterceptor<CommandMessage<?>> {
        static final String TITLE = "Pysähtyvä luonnos";
        final CountDownLatch holding = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final AtomicBoolean first = new AtomicBoolean(true);

        @Override
        public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain)
                throws Exception {
            if (unitOfWork.getMessage().getPayload() instanceof DraftAgreement draft && TITLE.equals(draft.title())
                    && first.getAndSet(false)) {
                holding.countDown();
                if (!release.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
            }
            return chain.proceed();
        }
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    MongoDatabase database;
    @Autowired
    IdempotencyKeyPurge purge;
    @Autowired
    HeldDraft heldDraft;
    @Autowired
    MutableClock clock;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aRequestCutOffAfterItsAppendGets409WithinTheLeaseAndItsStoredOutcomeAfterIt() throws Exception {
        String draftKey = key();
        ResponseEntity<String> drafted = post(CLERK, "/api/agreements", RegistryHttpTest.kantaHameDraft(), draftKey);
        assertThat(drafted.getStatusCode().value()).as(drafted.getBody()).isEqualTo(201);
        String id = json.readTree(drafted.getBody()).get("agreementId").asText();
        assertRecoveredAfterTheLease(CLERK, "/api/agreements", RegistryHttpTest.kantaHameDraft(), draftKey, drafted);

        String base = "/api/agreements/" + id;
        assertEveryCutOffRecovers(CLERK, base + "/parties", Map.of("partyId", "municipality:091"));
        assertEveryCutOffRecovers(CLERK, base + "/principles", Map.of("principles",
                List.of("Osapuolet ovat tasavertaisia kumppaneita.", "Yhteistyötä arvioidaan vuosittain."),
                "rationale", "Arviointi vuosittain", "proposedOn", "2026-01-05"));
        assertEveryCutOffRecovers(CLERK, base + "/approvals", Map.of("partyId", "municipality:109", "version", 2,
                "decisionBody", "Kunnanhallitus", "meetingDate", "2026-01-10", "section", "§ 30",
                "diaryNumber", "56/15.00.18/2023", "decisionText", "Hyväksytään puitesopimus."));
        assertEveryCutOffRecovers(CLERK, base + "/signatures", Map.of("partyId", "municipality:109", "version", 2,
                "signatory", Map.of("name", "Kaija Kuntalainen", "title", "kaupunginjohtaja"), "signedOn", "2026-01-20"));
        ResponseEntity<String> scheduled = assertEveryCutOffRecovers(COMMITTEE, base + "/reviews",
                Map.of("dueBy", "2027-05-31", "responsibleBody", "Integraatiovaliokunta", "scheduledOn", "2026-02-01"));
        String reviewId = json.readTree(scheduled.getBody()).get("reviewId").asText();
        assertEveryCutOffRecovers(COMMITTEE, base + "/reviews/" + reviewId + "/completion",
                Map.of("completedOn", "2026-03-01", "outcome", "NO_CHANGES", "minutesReference", "IV 1/2026 § 4"));
        assertEveryCutOffRecovers(CLERK, base + "/termination", Map.of("terminatedOn", "2026-03-01",
                "reason", "Korvataan uudella sopimuksella."));

        String predecessor = json.readTree(post(CLERK, "/api/agreements", RegistryHttpTest.kantaHameDraft(), key())
                .getBody()).get("agreementId").asText();
        String successor = json.readTree(post(CLERK, "/api/agreements", RegistryHttpTest.kantaHameDraft(), key())
                .getBody()).get("agreementId").asText();
        assertEveryCutOffRecovers(CLERK, "/api/agreements/" + predecessor + "/supersession",
                Map.of("successorId", successor, "supersededOn", "2026-03-01"));
    }

    @Test
    void theNegotiationCommandsReplayTheirAnswerAndRecoverItAfterACutOff() throws Exception {
        String countyClerk = clerkOf("welfare-area:07");
        Map<String, Object> negotiation = Map.of("welfareAreaId", "welfare-area:07",
                "parties", List.of("municipality:109"), "heldOn", "2025-10-01", "legalBases", List.of("612/2021 §7"),
                "topics", List.of("Hyvinvoinnin ja terveyden edistäminen"),
                "measures", List.of(Map.of("text", "Yhteinen hyvinvointikertomuksen seuranta",
                        "responsiblePartyIds", List.of("municipality:109"), "dueBy", "2026-06-30")));
        // A plain retry with the same key gets the same answer and records nothing again.
        String key = key();
        ResponseEntity<String> recorded = post(countyClerk, "/api/negotiations", negotiation, key);
        assertThat(recorded.getStatusCode().value()).as(recorded.getBody()).isEqualTo(201);
        long events = storedEventCount();
        ResponseEntity<String> replayed = post(countyClerk, "/api/negotiations", negotiation, key);
        assertThat(replayed.getHeaders().getFirst(IdempotencyFilter.REPLAYED)).isEqualTo("true");
        assertThat(replayed.getHeaders().getLocation()).isEqualTo(recorded.getHeaders().getLocation());
        assertThat(json.readTree(replayed.getBody())).isEqualTo(json.readTree(recorded.getBody()));
        assertThat(storedEventCount()).isEqualTo(events);

        ResponseEntity<String> cutOff = assertEveryCutOffRecovers(countyClerk, "/api/negotiations", negotiation);
        String id = json.readTree(cutOff.getBody()).get("id").asText();
        assertThat(json.readTree(cutOff.getBody()).get("measures").get(0).get("status").asText()).isEqualTo("PLANNED");
        ResponseEntity<String> added = assertEveryCutOffRecovers(countyClerk, "/api/negotiations/" + id + "/measures",
                Map.of("text", "Liikuntapaikkojen esteettömyyskartoitus", "responsiblePartyIds",
                        List.of("welfare-area:07"), "dueBy", "2026-09-30", "agreedOn", "2026-01-10"));
        String measureId = json.readTree(added.getBody()).get("measureId").asText();
        assertEveryCutOffRecovers(countyClerk, "/api/negotiations/" + id + "/measures/" + measureId + "/status",
                Map.of("status", "IN_PROGRESS", "on", "2026-02-01", "note", "Kartoitus aloitettu"));
        // The negotiation's own ETag followed every command once: recorded, a measure, its status.
        ResponseEntity<String> read = http.withBasicAuth(RegistryHttpTest.AUDITOR, RegistryHttpTest.PASSWORD)
                .getForEntity("/api/negotiations/" + id, String.class);
        assertThat(read.getHeaders().getETag()).isEqualTo("\"2\"");
    }

    @Test
    void aRequestCutOffBeforeItStoredAnythingRunsOnceTheLeaseEnds() throws Exception {
        // The same body under a key whose request was cut off before its command was dispatched, and under one
        // whose command was recorded but never appended: both run once the lease ends, each exactly once.
        Map<String, Object> draft = RegistryHttpTest.kantaHameDraft();
        String template = key();
        ResponseEntity<String> first = post(CLERK, "/api/agreements", draft, template);
        assertThat(first.getStatusCode().value()).isEqualTo(201);
        for (List<Document> commands : List.of(List.<Document>of(), List.of(new Document("aggregateId",
                UUID.randomUUID().toString()).append("traceId", UUID.randomUUID().toString())))) {
            String key = key();
            Document marker = keys().find(Filters.eq("_id", markerId(CLERK, template))).first();
            keys().insertOne(new Document(marker).append("_id", markerId(CLERK, key)).append("state", "PENDING")
                    .append("attempt", UUID.randomUUID().toString()).append("leasedAt", java.util.Date.from(clock.instant()))
                    .append("commands", commands));
            long events = storedEventCount();

            ResponseEntity<String> early = post(CLERK, "/api/agreements", draft, key);
            assertThat(early.getStatusCode().value()).isEqualTo(409);
            assertThat(storedEventCount()).isEqualTo(events);

            clock.advance(LEASE.plusSeconds(1));
            ResponseEntity<String> ran = post(CLERK, "/api/agreements", draft, key);
            assertThat(ran.getStatusCode().value()).as(ran.getBody()).isEqualTo(201);
            assertThat(ran.getHeaders().getFirst(IdempotencyFilter.REPLAYED)).isNull();
            assertThat(ran.getHeaders().getLocation()).isNotEqualTo(first.getHeaders().getLocation());
            assertThat(storedEventCount()).isEqualTo(events + 1);

            ResponseEntity<String> again = post(CLERK, "/api/agreements", draft, key);
            assertThat(again.getBody()).isEqualTo(ran.getBody());
            assertThat(again.getHeaders().getFirst(IdempotencyFilter.REPLAYED)).isEqualTo("true");
            assertThat(storedEventCount()).isEqualTo(events + 1);
        }
    }

    @Test
    void aRequestThatOutlivesItsLeaseStoresNothingOnceARetryHasTakenOver() throws Exception {
        Map<String, Object> draft = new java.util.HashMap<>(RegistryHttpTest.kantaHameDraft());
        draft.put("title", HeldDraft.TITLE);
        String key = key();
        CompletableFuture<ResponseEntity<String>> stalled = CompletableFuture.supplyAsync(() -> {
            try {
                return post(CLERK, "/api/agreements", draft, key);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            assertThat(heldDraft.holding.await(30, TimeUnit.SECONDS)).as("the first request reached its handler").isTrue();
            clock.advance(LEASE.plusSeconds(1));
            ResponseEntity<String> retry = post(CLERK, "/api/agreements", draft, key);
            assertThat(retry.getStatusCode().value()).as(retry.getBody()).isEqualTo(201);
        } finally {
            heldDraft.release.countDown();
        }
        ResponseEntity<String> first = stalled.get(30, TimeUnit.SECONDS);
        assertThat(first.getStatusCode().value()).as(first.getBody()).isEqualTo(409);
        assertThat(first.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(json.readTree(first.getBody()).get("type").asText()).endsWith("idempotency-key-in-progress");

        long drafts = 0;
        for (Document commit : database.getCollection("domain_events").find(Filters.exists("tombstone", false))) {
            for (Document event : commit.getList("events", Document.class)) {
                if (event.getString("payload").contains(HeldDraft.TITLE)) {
                    drafts++;
                }
            }
        }
        assertThat(drafts).as("drafts stored for the one key").isEqualTo(1);
        ResponseEntity<String> later = post(CLERK, "/api/agreements", draft, key);
        assertThat(later.getHeaders().getFirst(IdempotencyFilter.REPLAYED)).isEqualTo("true");
    }

    @Test
    void aKeyExpiresAfterTheRetentionAndTheRegistryPurgesItByItsClock() throws Exception {
        Map<String, Object> draft = RegistryHttpTest.kantaHameDraft();
        String old = key();
        ResponseEntity<String> first = post(CLERK, "/api/agreements", draft, old);
        assertThat(first.getStatusCode().value()).isEqualTo(201);
        clock.advance(Duration.ofHours(23));
        String fresh = key();
        assertThat(post(CLERK, "/api/agreements", draft, fresh).getStatusCode().value()).isEqualTo(201);
        assertThat(post(CLERK, "/api/agreements", draft, old).getHeaders().getFirst(IdempotencyFilter.REPLAYED))
                .as("a day has not passed: the old key still answers with its response").isEqualTo("true");

        clock.advance(Duration.ofHours(1).plusSeconds(1));
        // The purge runs every 0.1 s here; it deletes the key a day old and keeps the one an hour old.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> keys().countDocuments(Filters.eq("_id", markerId(CLERK, old))) == 0);
        assertThat(keys().countDocuments(Filters.eq("_id", markerId(CLERK, fresh)))).isEqualTo(1);

        long events = storedEventCount();
        ResponseEntity<String> reused = post(CLERK, "/api/agreements", draft, old);
        assertThat(reused.getStatusCode().value()).isEqualTo(201);
        assertThat(reused.getHeaders().getFirst(IdempotencyFilter.REPLAYED)).as("an expired key is new again").isNull();
        assertThat(reused.getHeaders().getLocation()).isNotEqualTo(first.getHeaders().getLocation());
        assertThat(storedEventCount()).isEqualTo(events + 1);
    }

    @Test
    void anExpiredKeyIsNewAgainEvenBeforeThePurgeRuns() throws Exception {
        Map<String, Object> draft = RegistryHttpTest.kantaHameDraft();
        String key = key();
        ResponseEntity<String> first = post(CLERK, "/api/agreements", draft, key);
        purge.stop();
        try {
            clock.advance(Duration.ofDays(1).plusSeconds(1));
            assertThat(keys().countDocuments(Filters.eq("_id", markerId(CLERK, key)))).as("not purged yet").isEqualTo(1);

            ResponseEntity<String> reused = post(CLERK, "/api/agreements", draft, key);
            assertThat(reused.getStatusCode().value()).isEqualTo(201);
            assertThat(reused.getHeaders().getFirst(IdempotencyFilter.REPLAYED)).isNull();
            assertThat(reused.getHeaders().getLocation()).isNotEqualTo(first.getHeaders().getLocation());
        } finally {
            purge.start();
        }
    }

    /** Runs the command with a key, then checks the cut-off retry; returns the original response. */
    private ResponseEntity<String> assertEveryCutOffRecovers(String user, String path, Object body) throws Exception {
        String key = key();
        ResponseEntity<String> original = post(user, path, body, key);
        assertThat(original.getStatusCode().is2xxSuccessful()).as(path + ": " + original.getBody()).isTrue();
        assertRecoveredAfterTheLease(user, path, body, key, original);
        return original;
    }

    private void assertRecoveredAfterTheLease(String user, String path, Object body, String key,
                                              ResponseEntity<String> original) throws Exception {
        long events = storedEventCount();
        cutOffAfterTheAppend(user, key);

        clock.advance(LEASE.minusMinutes(1));
        ResponseEntity<String> within = post(user, path, body, key);
        assertThat(within.getStatusCode().value()).as(path).isEqualTo(409);
        assertThat(within.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(json.readTree(within.getBody()).get("type").asText()).endsWith("idempotency-key-in-progress");
        assertThat(within.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("60");

        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        for (int retry = 0; retry < 2; retry++) {
            ResponseEntity<String> recovered = post(user, path, body, key);
            assertThat(recovered.getStatusCode()).as(path).isEqualTo(original.getStatusCode());
            assertThat(recovered.getHeaders().getFirst(IdempotencyFilter.REPLAYED)).isEqualTo("true");
            assertThat(recovered.getHeaders().getLocation()).as(path).isEqualTo(original.getHeaders().getLocation());
            assertThat(recovered.getHeaders().getETag()).as(path).isEqualTo(original.getHeaders().getETag());
            assertThat(recovered.getHeaders().getContentType()).isEqualTo(original.getHeaders().getContentType());
            JsonNode expected = json.readTree(original.getBody());
            assertThat(json.readTree(recovered.getBody())).as(path).isEqualTo(expected);
            assertThat(storedEventCount()).as("nothing stored again for " + path).isEqualTo(events);
        }
    }

    /** What a crash between the append and storing the response leaves: the marker pending, no response. */
    private void cutOffAfterTheAppend(String user, String key) {
        Document done = keys().find(Filters.eq("_id", markerId(user, key))).first();
        long changed = keys().updateOne(Filters.eq("_id", markerId(user, key)), Updates.combine(
                Updates.set("state", "PENDING"), Updates.set("attempt", done.getString("completedBy")),
                Updates.unset("completedBy"), Updates.unset("status"), Updates.unset("headers"),
                Updates.unset("contentType"), Updates.unset("body"), Updates.unset("recovered"))).getModifiedCount();
        assertThat(changed).isEqualTo(1);
    }

    private ResponseEntity<String> post(String user, String path, Object body, String key) throws Exception {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set(IdempotencyFilter.HEADER, key);
        return http.withBasicAuth(user, RegistryHttpTest.PASSWORD).exchange(path, HttpMethod.POST,
                new HttpEntity<>(json.writeValueAsString(body), headers), String.class);
    }

    private MongoCollection<Document> keys() {
        return database.getCollection(IdempotencyKeys.COLLECTION);
    }

    private static Document markerId(String user, String key) {
        return new Document("user", user).append("key", key);
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }

    private long storedEventCount() {
        long events = 0;
        for (Document commit : database.getCollection("domain_events").find(Filters.exists("tombstone", false))) {
            events += commit.getList("events", Document.class).size();
        }
        return events;
    }
}
