package fi.agreementregistry.api.security;

import fi.agreementregistry.api.RegistryHttpTest;
import fi.agreementregistry.core.actor.Actor;
import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import static org.assertj.core.api.Assertions.assertThat;

/** Who acted is recorded from the login, never from the body; idempotent retries; hostile input. */
class ActorAndRequestHygieneHttpTest extends RegistryHttpTest {

    private static final String HAMEENLINNA = "municipality:109";

    @Test
    void everyEventNamesTheSignedInUserAndTheRequestsCorrelationIdAndABodyClaimingAnotherActorIsIgnored() {
        Map<String, Object> draft = new HashMap<>(kantaHameDraft());
        draft.put("actorUserId", "mallory");
        draft.put("actorRole", "ADMIN");
        draft.put("actor", Map.of("userId", "mallory", "partyId", "municipality:091"));
        HttpHeaders headers = new HttpHeaders();
        headers.set("X-Correlation-Id", "walkthrough-42");
        ResponseEntity<String> created = as(clerkOf(HAMEENLINNA)).exchange(HttpMethod.POST, "/api/agreements", draft, headers);
        assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
        assertThat(created.getHeaders().getFirst("X-Correlation-Id")).isEqualTo("walkthrough-42");
        String id = body(created).get("agreementId").asText();

        ResponseEntity<String> review = as(COMMITTEE).post("/api/agreements/" + id + "/reviews",
                Map.of("dueBy", "2027-05-31", "responsibleBody", "Integraatiovaliokunta"));
        assertThat(review.getHeaders().getFirst("X-Correlation-Id")).isNotBlank();

        List<? extends DomainEventMessage<?>> events = eventStore.readEvents(id, 0).asStream().toList();
        assertThat(events).hasSize(2);
        Actor clerk = Actor.fromMetaData(events.get(0).getMetaData()).orElseThrow();
        assertThat(clerk).isEqualTo(new Actor(clerkOf(HAMEENLINNA), "Kirjaaja, Hämeenlinna", "CLERK", HAMEENLINNA));
        assertThat(events.get(0).getMetaData()).containsEntry("correlationId", "walkthrough-42");
        Actor committee = Actor.fromMetaData(events.get(1).getMetaData()).orElseThrow();
        assertThat(committee.userId()).isEqualTo(COMMITTEE);
        assertThat(committee.role()).isEqualTo("COMMITTEE");
        assertThat(committee.partyId()).isNull();
        assertThat(events.get(1).getMetaData().get("correlationId"))
                .isEqualTo(review.getHeaders().getFirst("X-Correlation-Id"));
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyGetsTheFirstResponseAndStoresNothingMore() {
        HttpHeaders key = new HttpHeaders();
        key.set("Idempotency-Key", "draft-kanta-hame-1");
        Client clerk = as(clerkOf(HAMEENLINNA));
        ResponseEntity<String> first = clerk.exchange(HttpMethod.POST, "/api/agreements", kantaHameDraft(), key);
        assertThat(first.getStatusCode().value()).isEqualTo(201);
        long stored = storedEventCount();

        ResponseEntity<String> retry = clerk.exchange(HttpMethod.POST, "/api/agreements", kantaHameDraft(), key);
        assertThat(retry.getStatusCode().value()).isEqualTo(201);
        assertThat(retry.getBody()).isEqualTo(first.getBody());
        assertThat(retry.getHeaders().getLocation()).isEqualTo(first.getHeaders().getLocation());
        assertThat(retry.getHeaders().getETag()).isEqualTo(first.getHeaders().getETag());
        assertThat(retry.getHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
        assertThat(storedEventCount()).isEqualTo(stored);

        Map<String, Object> other = new HashMap<>(kantaHameDraft());
        other.put("title", "Toinen sopimus");
        ResponseEntity<String> reused = clerk.exchange(HttpMethod.POST, "/api/agreements", other, key);
        assertThat(reused.getStatusCode().value()).isEqualTo(422);
        assertThat(reused.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(storedEventCount()).isEqualTo(stored);

        // Keys are per user: another clerk's identical key is a different request.
        ResponseEntity<String> otherUser = as(clerkOf("welfare-area:07"))
                .exchange(HttpMethod.POST, "/api/agreements", kantaHameDraft(), key);
        assertThat(otherUser.getStatusCode().value()).isEqualTo(201);
        assertThat(otherUser.getBody()).isNotEqualTo(first.getBody());
    }

    @Test
    void concurrentRetriesWithOneKeyExecuteOnce() throws Exception {
        String id = draftKantaHame();
        long before = storedEventCount(id);
        HttpHeaders key = new HttpHeaders();
        key.set("Idempotency-Key", "approve-109");
        CyclicBarrier start = new CyclicBarrier(4);
        List<CompletableFuture<ResponseEntity<String>>> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clients.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return as(clerkOf(HAMEENLINNA)).exchange(HttpMethod.POST, "/api/agreements/" + id + "/approvals",
                        approval(HAMEENLINNA, 1, "2026-01-10"), key);
            }));
        }
        for (CompletableFuture<ResponseEntity<String>> client : clients) {
            assertThat(client.get().getStatusCode().value()).isIn(201, 409);
        }
        assertThat(storedEventCount(id)).isEqualTo(before + 1);
        ResponseEntity<String> later = as(clerkOf(HAMEENLINNA)).exchange(HttpMethod.POST,
                "/api/agreements/" + id + "/approvals", approval(HAMEENLINNA, 1, "2026-01-10"), key);
        assertThat(later.getStatusCode().value()).isEqualTo(201);
        assertThat(storedEventCount(id)).isEqualTo(before + 1);
    }

    @Test
    void aFailedRequestFreesItsKeySoTheCorrectedRequestCanRun() {
        String id = draftKantaHame();
        HttpHeaders key = new HttpHeaders();
        key.set("Idempotency-Key", "approve-once-corrected");
        Map<String, Object> wrong = new HashMap<>(approval(HAMEENLINNA, 1, "2027-01-10"));
        ResponseEntity<String> refused = as(clerkOf(HAMEENLINNA)).exchange(HttpMethod.POST,
                "/api/agreements/" + id + "/approvals", wrong, key);
        assertThat(refused.getStatusCode().value()).isEqualTo(409);
        ResponseEntity<String> corrected = as(clerkOf(HAMEENLINNA)).exchange(HttpMethod.POST,
                "/api/agreements/" + id + "/approvals", approval(HAMEENLINNA, 1, "2026-01-10"), key);
        assertThat(corrected.getStatusCode().value()).as(corrected.getBody()).isEqualTo(201);
    }

    @Test
    void unknownFieldsAreRefusedByNameWhileTheDocumentedAliasesStillWork() {
        String id = draftKantaHame();
        long before = storedEventCount();
        Map<String, Object> draft = new HashMap<>(kantaHameDraft());
        draft.put("confidential", true);
        ResponseEntity<String> unknown = post("/api/agreements", draft);
        assertThat(unknown.getStatusCode().value()).isEqualTo(400);
        assertThat(body(unknown).get("errors").findValuesAsText("field")).contains("confidential");
        assertThat(body(unknown).get("detail").asText()).contains("confidential");
        assertThat(storedEventCount()).isEqualTo(before);

        ResponseEntity<String> aliased = post("/api/agreements/" + id + "/termination",
                Map.of("date", "2026-03-01", "reason", "  Korvattu.  "));
        assertThat(aliased.getStatusCode().value()).as(aliased.getBody()).isEqualTo(200);
        assertThat(body(get("/api/agreements/" + id)).get("status").asText()).isEqualTo("TERMINATED");
    }

    @Test
    void mongoOperatorsInBodiesOrQueryStringsAre400NeverAMatch() {
        String id = draftKantaHame();
        long before = storedEventCount();
        ResponseEntity<String> ne = postRaw("/api/agreements/" + id + "/approvals",
                "{\"partyId\": {\"$ne\": null}, \"version\": 1, \"decisionBody\": \"Kunnanhallitus\","
                        + " \"meetingDate\": \"2026-01-10\", \"section\": \"§ 30\"}");
        assertThat(ne.getStatusCode().value()).isEqualTo(400);
        assertThat(storedEventCount()).isEqualTo(before);

        for (String query : List.of("?$where=1", "?party[$ne]=x", "?party=%7B%22%24ne%22%3A1%7D",
                "?status[$ne]=DRAFT", "?councilTerm=%7B%24gt%3A%22%22%7D")) {
            ResponseEntity<String> response = get("/api/agreements" + query);
            assertThat(response.getStatusCode().value()).as(query + " " + response.getBody()).isEqualTo(400);
            assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
        }
        assertThat(get("/api/agreements/" + id + "?$where=1").getStatusCode().value()).isEqualTo(400);
    }

    @Test
    void aBodyAboveTheLimitIs413() {
        String huge = "{\"title\": \"" + "x".repeat(300 * 1024) + "\"}";
        ResponseEntity<String> response = postRaw("/api/agreements", huge);
        assertThat(response.getStatusCode().value()).isEqualTo(413);
        assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
    }

    @Test
    void noDefaultPasswordWorks() {
        HttpHeaders headers = new HttpHeaders();
        headers.setBasicAuth("admin", "admin-demo");
        ResponseEntity<String> demo = http.exchange("/api/parties", HttpMethod.GET,
                new org.springframework.http.HttpEntity<>(headers), String.class);
        assertThat(demo.getStatusCode().value()).isEqualTo(401);
        headers.setBasicAuth("user", "password");
        assertThat(http.exchange("/api/parties", HttpMethod.GET, new org.springframework.http.HttpEntity<>(headers),
                String.class).getStatusCode().value()).isEqualTo(401);
    }
}
