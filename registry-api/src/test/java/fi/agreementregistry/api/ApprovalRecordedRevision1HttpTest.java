package fi.agreementregistry.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.model.Filters;
import fi.agreementregistry.core.approval.ApprovalRecorded;
import org.axonframework.eventhandling.DomainEventMessage;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An approval stored by an older release (ApprovalRecorded revision 1: no sectionNumber) is read as revision 2,
 * by the aggregate and by a rebuild of the read models.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ApprovalRecordedRevision1HttpTest extends RegistryHttpTest {

    @Test
    void aRevision1ApprovalIsReadWithItsSectionNumber() throws Exception {
        String id = draftKantaHame();
        assertThat(post("/api/agreements/" + id + "/approvals", approval("welfare-area:07", 1, "2026-01-20"))
                .getStatusCode().is2xxSuccessful()).isTrue();
        rewriteAsRevision1(id);
        Document stored = approvalEvent(id);
        assertThat(stored.getString("payloadRevision")).isEqualTo("1");
        assertThat(stored.getString("payload")).doesNotContain("sectionNumber");

        List<? extends DomainEventMessage<?>> events = eventStore.readEvents(id, 0).asStream().toList();
        ApprovalRecorded approval = events.stream().map(DomainEventMessage::getPayload)
                .filter(ApprovalRecorded.class::isInstance).map(ApprovalRecorded.class::cast).findFirst().orElseThrow();
        assertThat(approval.section()).isEqualTo("§ 30");
        assertThat(approval.sectionNumber()).isEqualTo(30);

        // The aggregate loads the old event: the same party cannot approve version 1 twice, another party can.
        assertThat(post("/api/agreements/" + id + "/approvals", approval("welfare-area:07", 1, "2026-01-20"))
                .getStatusCode().value()).isEqualTo(409);
        assertThat(post("/api/agreements/" + id + "/approvals", approval("regional-council:05", 1, "2026-01-21"))
                .getStatusCode().is2xxSuccessful()).isTrue();

        // A rebuild of the read models reads it too.
        await().atMost(Duration.ofSeconds(20)).until(() -> body(get("/api/agreements/" + id + "/history"))
                .get("entries").size() == 3);
        String before = get("/api/agreements/" + id + "/history").getBody();
        ResponseEntity<String> replay = as(ADMIN).post("/api/admin/processors/agreement-history/replay", null);
        assertThat(replay.getStatusCode().value()).isEqualTo(202);
        String location = replay.getHeaders().getLocation().toString();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "COMPLETED".equals(body(as(ADMIN).get(location)).get("status").asText()));
        assertThat(get("/api/agreements/" + id + "/history").getBody()).isEqualTo(before);
        assertThat(body(get("/api/agreements/" + id + "/history")).get("entries").get(1).get("section").asText())
                .isEqualTo("§ 30");
    }

    /** As the release before revision 2 wrote it: same layout, revision "1", no sectionNumber in the payload. */
    private void rewriteAsRevision1(String agreementId) throws Exception {
        Document commit = database.getCollection("domain_events")
                .find(Filters.in("aggregateKeys", agreementId + "/1")).first();
        List<Document> events = commit.getList("events", Document.class);
        for (Document event : events) {
            if (event.getString("payloadType").equals(ApprovalRecorded.class.getName())) {
                ObjectNode payload = (ObjectNode) json.readTree(event.getString("payload"));
                payload.remove("sectionNumber");
                event.put("payload", json.writeValueAsString(payload));
                event.put("payloadRevision", "1");
            }
        }
        database.getCollection("domain_events").replaceOne(Filters.eq("_id", commit.get("_id")), commit);
    }

    private Document approvalEvent(String agreementId) {
        Document commit = database.getCollection("domain_events")
                .find(Filters.in("aggregateKeys", agreementId + "/1")).first();
        return commit.getList("events", Document.class).stream()
                .filter(e -> e.getString("payloadType").equals(ApprovalRecorded.class.getName()))
                .findFirst().orElseThrow();
    }
}
