package fi.agreementregistry.api.rest.admin;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.fasterxml.jackson.databind.JsonNode;
import fi.agreementregistry.api.RegistryHttpTest;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Blue/green replays through the admin API; the context is dirtied because the read models change generation. */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class AdminReplayHttpTest extends RegistryHttpTest {

    @Test
    void aReplayRebuildsIntoFreshCollectionsWhileReadsKeepWorkingThenSwitches(CapturedOutput output) {
        List<String> agreements = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = draftKantaHame();
            agreements.add(id);
            assertThat(post("/api/agreements/" + id + "/approvals",
                    approval("welfare-area:07", 1, "2026-01-20")).getStatusCode().is2xxSuccessful()).isTrue();
        }
        String probe = agreements.get(0);
        await().atMost(Duration.ofSeconds(20)).until(() -> historySize(probe) == 2 && caughtUp("read-models"));
        JsonNode before = body(as(AUDITOR).get("/api/agreements/" + probe + "/history"));

        ResponseEntity<String> started = as(ADMIN).post("/api/admin/processors/agreement-history/replay", null);
        assertThat(started.getStatusCode().value()).isEqualTo(202);
        String location = started.getHeaders().getLocation().toString();
        assertThat(location).startsWith("/api/admin/replays/");
        ResponseEntity<String> second = as(ADMIN).post("/api/admin/processors/agreement-history/replay", null);
        assertThat(second.getStatusCode().value()).as(second.getBody()).isEqualTo(409);
        assertThat(body(second).get("replay").asText()).isEqualTo(location);

        // Reads during the rebuild come from the complete old generation, never the half-built new one.
        JsonNode status;
        do {
            assertThat(body(as(AUDITOR).get("/api/agreements/" + probe + "/history"))).isEqualTo(before);
            status = body(as(ADMIN).get(location));
        } while (!"COMPLETED".equals(status.get("status").asText()));
        assertThat(status.get("eventsDone").asLong()).isEqualTo(status.get("eventsTotal").asLong());
        assertThat(status.get("percent").asDouble()).isEqualTo(100.0);
        assertThat(status.get("generation").asLong()).isEqualTo(1);

        assertThat(body(as(AUDITOR).get("/api/agreements/" + probe + "/history"))).isEqualTo(before);
        assertThat(database.getCollection("agreement_history__g1").countDocuments()).isEqualTo(historyEventCount());
        await().atMost(Duration.ofSeconds(10)).until(() ->
                !database.listCollectionNames().into(new ArrayList<>()).contains("agreement_history"));
        // An operator must be able to trust that an ERROR is an error: a replay that went well logs none (it used to
        // log one with a stack trace for each drop of a collection that did not exist).
        assertThat(output.getAll()).doesNotContain(" ERROR ");

        // New events after the switch reach the new generation through the live processor.
        assertThat(post("/api/agreements/" + probe + "/approvals",
                approval("regional-council:05", 1, "2026-01-21")).getStatusCode().is2xxSuccessful()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> historySize(probe) == 3);

        JsonNode processors = body(as(ADMIN).get("/api/admin/processors"));
        JsonNode readModels = find(processors.get("processors"), "read-models");
        assertThat(readModels.get("segments").get(0).get("owner").asText()).isNotBlank();
        assertThat(readModels.get("replay").get("status").asText()).isEqualTo("COMPLETED");
        JsonNode history = find(readModels.get("groups"), "agreement-history");
        assertThat(history.get("activeGeneration").asLong()).isEqualTo(1);
        assertThat(history.get("replayable").asBoolean()).isTrue();
        assertThat(history.get("replay").get("status").asText()).isEqualTo("COMPLETED");
        assertThat(find(readModels.get("groups"), "agreement-summary").get("activeGeneration").asLong())
                .as("only the replayed read model changed generation").isZero();

        // The test clock is fixed, so actions are found by their replay id rather than by their order.
        JsonNode replayId = status.get("id");
        JsonNode recorded = null;
        for (JsonNode action : body(as(AUDITOR).get("/api/audit/admin-actions"))) {
            if (replayId.equals(action.get("details").get("replayId"))) {
                recorded = action;
            }
        }
        assertThat(recorded).as("the replay is in the admin log").isNotNull();
        assertThat(recorded.get("action").asText()).isEqualTo("replay");
        assertThat(recorded.get("target").asText()).isEqualTo("agreement-history");
        assertThat(recorded.get("actor").asText()).isEqualTo(ADMIN);
    }

    @Test
    void notificationsAreNotSentAgainByAReplay() {
        String id = draftKantaHame();
        assertThat(as(COMMITTEE).post("/api/agreements/" + id + "/reviews", Map.of("dueBy", "2026-12-31",
                "responsibleBody", "Integraatiovaliokunta", "reason", "Väliarviointi")).getStatusCode()
                .is2xxSuccessful()).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> outbox(id).size() == 1 && caughtUp("review-notifications"));

        // The notifier keeps no read model: a replay of it is refused, and says why.
        ResponseEntity<String> refused = as(ADMIN).post("/api/admin/processors/review-notifications/replay", null);
        assertThat(refused.getStatusCode().value()).isEqualTo(409);
        assertThat(body(refused).get("type").asText()).isEqualTo("/problems/nothing-to-rebuild");
        assertThat(body(refused).get("detail").asText()).contains("side effects");
        ResponseEntity<String> started = as(ADMIN).post("/api/admin/processors/review-deadlines/replay", null);
        assertThat(started.getStatusCode().value()).isEqualTo(202);
        String location = started.getHeaders().getLocation().toString();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "COMPLETED".equals(body(as(ADMIN).get(location)).get("status").asText()));
        List<Document> sent = outbox(id);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).get("redeliveries")).as("the replay did not deliver it again").isNull();
        assertThat(body(as(COMMITTEE).get("/api/reviews")).toString()).contains(id);
    }

    @Test
    void unknownProcessorsAndOtherRolesAreRefused() {
        assertThat(as(ADMIN).post("/api/admin/processors/no-such-thing/replay", null).getStatusCode().value())
                .isEqualTo(404);
        assertThat(as(ADMIN).get("/api/admin/replays/nope").getStatusCode().value()).isEqualTo(404);
        assertThat(as(AUDITOR).post("/api/admin/processors/agreement-history/replay", null).getStatusCode().value())
                .isEqualTo(403);
        assertThat(as(AUDITOR).get("/api/admin/processors").getStatusCode().value()).isEqualTo(403);
        assertThat(as(clerkOf("municipality:109")).get("/api/audit/admin-actions").getStatusCode().value())
                .isEqualTo(403);
    }

    private List<Document> outbox(String agreementId) {
        // What the notifier keeps: the reviews it sends reminders about (ReminderReviews), one per live event.
        return database.getCollection("reminder_reviews").find(new Document("agreementId", agreementId))
                .into(new ArrayList<>());
    }

    private int historySize(String id) {
        ResponseEntity<String> history = as(AUDITOR).get("/api/agreements/" + id + "/history");
        return history.getStatusCode().is2xxSuccessful() ? body(history).get("entries").size() : -1;
    }

    private boolean caughtUp(String processor) {
        JsonNode p = find(body(as(ADMIN).get("/api/admin/processors")).get("processors"), processor);
        return "caught-up".equals(p.get("state").asText());
    }

    private static JsonNode find(JsonNode processors, String name) {
        for (JsonNode p : processors) {
            if (p.get("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no processor " + name + " in " + processors);
    }
}
