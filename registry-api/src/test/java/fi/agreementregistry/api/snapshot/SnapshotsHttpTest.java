package fi.agreementregistry.api.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.model.Filters;
import fi.agreementregistry.api.RegistryHttpTest;
import fi.agreementregistry.core.agreement.Agreement;
import fi.agreementregistry.core.agreement.AgreementStatus;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With a low threshold, agreements are snapshotted; later commands (loaded from the snapshot and the events after it)
 * and reads still give the right state and ETags. A snapshot of another shape, or one that cannot be read, is ignored
 * and replaced. The aggregate cache is off here, so every command loads the agreement from the store.
 */
@TestPropertySource(properties = {"registry.snapshots.threshold=5", "registry.aggregate-cache.enabled=false"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SnapshotsHttpTest extends RegistryHttpTest {

    private static final int THRESHOLD = 5;

    @Autowired
    private Serializer serializer;

    @Test
    void anAgreementWithManyEventsIsSnapshottedAndItsCommandsAndReadsStayRight() throws Exception {
        String id = draftKantaHame();
        long sequence = 0;
        for (String party : KANTA_HAME.subList(0, 6)) {
            sequence = expectAccepted(post(approvals(id), approval(party, 1, "2026-01-20")), sequence + 1);
        }
        Document first = snapshotOf(id);
        assertThat(first).as("a snapshot after %d events", sequence + 1).isNotNull();
        assertThat(first.getString("type")).isEqualTo(Agreement.AGGREGATE_TYPE);
        assertThat(first.getString("payloadType")).isEqualTo(Agreement.class.getName());
        assertThat(first.getString("payloadRevision")).isEqualTo(Agreement.SNAPSHOT_REVISION);
        long firstAt = first.get("sequenceNumber", Number.class).longValue();
        assertThat(firstAt).isBetween(THRESHOLD - 1L, sequence);
        JsonNode state = json.readTree(first.getString("payload"));
        assertThat(state.get("lastSequence").asLong()).isEqualTo(firstAt);
        assertThat(state.get("status").asText()).isEqualTo("DRAFT");

        // Rules still see the approvals held in the snapshot.
        assertThat(post(approvals(id), approval(KANTA_HAME.get(0), 1, "2026-01-20")).getStatusCode().value())
                .isEqualTo(409);
        for (String party : KANTA_HAME.subList(6, KANTA_HAME.size())) {
            sequence = expectAccepted(post(approvals(id), approval(party, 1, "2026-01-21")), sequence + 1);
        }
        for (String party : KANTA_HAME) {
            ResponseEntity<String> signed = post(signatures(id), signature(party, 1, "2026-02-01"));
            assertThat(signed.getStatusCode().value()).as(signed.getBody()).isEqualTo(201);
            sequence = etag(signed);
        }
        // 13 approvals, 13 signatures, and the agreement entered into force with the last one
        assertThat(sequence).isEqualTo(27);

        ResponseEntity<String> read = get("/api/agreements/" + id);
        assertThat(read.getHeaders().getETag()).isEqualTo("\"27\"");
        assertThat(body(read).get("status").asText()).isEqualTo(AgreementStatus.IN_FORCE.name());
        assertThat(storedEventCount(id)).isEqualTo(28);
        Document latest = snapshotOf(id);
        assertThat(latest.get("sequenceNumber", Number.class).longValue()).isGreaterThan(firstAt);
        assertThat(json.readTree(latest.getString("payload")).get("lastSequence").asLong())
                .isEqualTo(latest.get("sequenceNumber", Number.class).longValue());
        // the party signed version 1, which is in force: nothing left to approve
        assertThat(post(approvals(id), approval(KANTA_HAME.get(3), 1, "2026-02-10")).getStatusCode().value())
                .isEqualTo(409);
    }

    @Test
    void aSnapshotOfAnOlderShapeIsIgnoredAndReplacedByOneOfTheCurrentShape() throws Exception {
        String id = draftKantaHame();
        expectAccepted(post(approvals(id), approval(KANTA_HAME.get(0), 1, "2026-01-20")), 1);
        expectAccepted(post(approvals(id), approval(KANTA_HAME.get(1), 1, "2026-01-20")), 2);
        // An older release's agreement (no revision), which the current class would read as a terminated agreement.
        String oldShape = "{\"agreementId\":\"" + id + "\",\"status\":\"TERMINATED\",\"version\":1,"
                + "\"endedAs\":\"terminated\",\"endedOn\":\"2026-01-01\",\"lastSequence\":2}";
        Agreement misread = serializer.deserialize(
                new SimpleSerializedObject<>(oldShape, String.class, Agreement.class.getName(), null));
        assertThat(misread.status()).as("what the old snapshot would say if it were read").isEqualTo(
                AgreementStatus.TERMINATED);
        putSnapshot(id, 2, null, oldShape);

        // The command is decided by the events: a draft takes approvals.
        expectAccepted(post(approvals(id), approval(KANTA_HAME.get(2), 1, "2026-01-20")), 3);
        assertThat(snapshotOf(id).getString("payloadRevision")).as("not replaced before the threshold").isNull();
        long sequence = 3;
        for (String party : KANTA_HAME.subList(3, 3 + THRESHOLD)) {
            sequence = expectAccepted(post(approvals(id), approval(party, 1, "2026-01-21")), sequence + 1);
        }
        Document replaced = snapshotOf(id);
        assertThat(replaced.getString("payloadRevision")).isEqualTo(Agreement.SNAPSHOT_REVISION);
        assertThat(replaced.get("sequenceNumber", Number.class).longValue()).isGreaterThan(2);
        assertThat(json.readTree(replaced.getString("payload")).get("status").asText()).isEqualTo("DRAFT");
        assertThat(body(get("/api/agreements/" + id)).get("status").asText()).isEqualTo("DRAFT");
    }

    @Test
    void aSnapshotThatCannotBeReadIsIgnoredInsteadOfFailingTheCommand() throws Exception {
        String id = draftKantaHame();
        expectAccepted(post(approvals(id), approval(KANTA_HAME.get(0), 1, "2026-01-20")), 1);
        putSnapshot(id, 1, Agreement.SNAPSHOT_REVISION, "{\"parties\": 5, \"status\": [\"not json of an agreement");

        expectAccepted(post(approvals(id), approval(KANTA_HAME.get(1), 1, "2026-01-20")), 2);
        assertThat(post(approvals(id), approval(KANTA_HAME.get(0), 1, "2026-01-20")).getStatusCode().value())
                .as("the approval from before the snapshot still counts").isEqualTo(409);
        long sequence = 2;
        for (String party : KANTA_HAME.subList(2, 2 + THRESHOLD)) {
            sequence = expectAccepted(post(approvals(id), approval(party, 1, "2026-01-21")), sequence + 1);
        }
        Document replaced = snapshotOf(id);
        assertThat(json.readTree(replaced.getString("payload")).get("lastSequence").asLong())
                .isEqualTo(replaced.get("sequenceNumber", Number.class).longValue()).isGreaterThan(1);
    }

    private long expectAccepted(ResponseEntity<String> response, long expectedSequence) {
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(201);
        assertThat(etag(response)).isEqualTo(expectedSequence);
        return expectedSequence;
    }

    private static long etag(ResponseEntity<String> response) {
        return Long.parseLong(response.getHeaders().getETag().replace("\"", ""));
    }

    private static String approvals(String id) {
        return "/api/agreements/" + id + "/approvals";
    }

    private static String signatures(String id) {
        return "/api/agreements/" + id + "/signatures";
    }

    private Document snapshotOf(String id) {
        return database.getCollection("snapshot_events").find(Filters.eq("_id", id)).first();
    }

    /** A snapshot document as the engine writes one (docs/event-store.md), e.g. by an older release. */
    private void putSnapshot(String id, long sequence, String revision, String payload) {
        Document snapshot = new Document("_id", id)
                .append("eventIdentifier", UUID.randomUUID().toString())
                .append("timestamp", "2026-03-01T10:00:00.000000000Z")
                .append("payloadType", Agreement.class.getName())
                .append("payloadRevision", revision)
                .append("payload", payload)
                .append("metaData", "{}")
                .append("type", Agreement.AGGREGATE_TYPE)
                .append("aggregateIdentifier", id)
                .append("sequenceNumber", sequence);
        database.getCollection("snapshot_events").replaceOne(Filters.eq("_id", id), snapshot,
                new com.mongodb.client.model.ReplaceOptions().upsert(true));
    }
}
