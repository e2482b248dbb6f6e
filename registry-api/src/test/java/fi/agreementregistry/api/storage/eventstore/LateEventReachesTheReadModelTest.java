package fi.agreementregistry.api.storage.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import fi.agreementregistry.api.RegistryHttpTest;
import fi.agreementregistry.api.operations.TimedEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit trail's worst failure would be a projection that skips an event which became visible
 * late: here an approval takes its global number, stalls, and a later draft of another agreement is
 * stored and projected first. When the approval lands, the live read model still applies it.
 */
class LateEventReachesTheReadModelTest extends RegistryHttpTest {

    @Autowired
    EventStorageEngine engine;

    private MongoEventStorageEngine mongoEngine() {
        // The app times appends by wrapping the engine (TimedEventStorageEngine).
        return (MongoEventStorageEngine) (engine instanceof TimedEventStorageEngine timed ? timed.delegate() : engine);
    }

    @AfterEach
    void removeHook() {
        mongoEngine().afterAllocation = numbers -> { };
    }

    @Test
    void anApprovalStoredAfterALaterDraftStillReachesTheReadModel() throws Exception {
        String first = draftKantaHame();

        CountDownLatch allocated = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean stalled = new AtomicBoolean();
        List<Long> stalledNumbers = new java.util.concurrent.CopyOnWriteArrayList<>();
        Consumer<List<Long>> stallFirstAppend = numbers -> {
            if (stalled.compareAndSet(false, true)) {
                stalledNumbers.addAll(numbers);
                allocated.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        mongoEngine().afterAllocation = stallFirstAppend;

        CompletableFuture<ResponseEntity<String>> approval = CompletableFuture.supplyAsync(() ->
                post("/api/agreements/" + first + "/approvals", approval("municipality:109", 1, "2026-01-12")));
        assertThat(allocated.await(30, TimeUnit.SECONDS)).isTrue();

        // A later append becomes visible (and is projected) while the approval's number is still a gap.
        String second = draftKantaHame();
        assertThat(body(get("/api/agreements/" + second)).get("status").asText()).isEqualTo("DRAFT");
        assertThat(mongoEngine().lastSequenceNumberFor(second)).contains(0L);
        assertThat(approval).isNotDone();

        release.countDown();
        ResponseEntity<String> approved = approval.get(30, TimeUnit.SECONDS);
        assertThat(approved.getStatusCode().value()).as(approved.getBody()).isEqualTo(201);

        JsonNode hameenlinna = null;
        for (JsonNode party : body(get("/api/agreements/" + first)).get("parties")) {
            if (party.get("partyId").asText().equals("municipality:109")) {
                hameenlinna = party;
            }
        }
        assertThat(hameenlinna).isNotNull();
        assertThat(hameenlinna.get("approval").get("meetingDate").asText()).isEqualTo("2026-01-12");
        assertThat(stalledNumbers).isNotEmpty();
    }
}
