package fi.agreementregistry.api.evidence;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.bson.Document;
import org.erdtman.jcs.JsonCanonicalizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of one leaf: the RFC 8785 (JSON Canonicalization Scheme) form of one event exactly as the event store
 * holds it in {@code domain_events} (docs/evidence.md, "The leaf"). Payload and metadata are the JSON strings the
 * engine stored, carried as strings, so no upcaster, serializer or read model can change a leaf.
 *
 * @param agreementId the aggregate identifier (every aggregate in this registry is an agreement)
 */
public record EvidenceLeaf(long globalIndex, String agreementId, long sequence, byte[] bytes) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The members of the leaf object, each the stored field of the same name. */
    public static final java.util.List<String> FIELDS = java.util.List.of("aggregateIdentifier", "eventIdentifier",
            "globalIndex", "metaData", "payload", "payloadRevision", "payloadType", "sequenceNumber", "timestamp",
            "type");

    /** The leaf of one event entry of a {@code domain_events} commit ({@code events[i]}). */
    public static EvidenceLeaf of(Document storedEvent) {
        ObjectNode leaf = MAPPER.createObjectNode();
        long globalIndex = ((Number) storedEvent.get("globalIndex")).longValue();
        long sequence = ((Number) storedEvent.get("sequenceNumber")).longValue();
        String aggregate = storedEvent.getString("aggregateIdentifier");
        leaf.put("aggregateIdentifier", aggregate);
        leaf.put("eventIdentifier", storedEvent.getString("eventIdentifier"));
        leaf.put("globalIndex", globalIndex);
        leaf.put("metaData", storedEvent.getString("metaData"));
        leaf.put("payload", storedEvent.getString("payload"));
        leaf.put("payloadRevision", storedEvent.getString("payloadRevision"));
        leaf.put("payloadType", storedEvent.getString("payloadType"));
        leaf.put("sequenceNumber", sequence);
        leaf.put("timestamp", storedEvent.getString("timestamp"));
        leaf.put("type", storedEvent.getString("type"));
        return new EvidenceLeaf(globalIndex, aggregate, sequence, canonical(leaf.toString()));
    }

    /** RFC 8785 canonical UTF-8 bytes of a JSON text. */
    static byte[] canonical(String json) {
        try {
            return new JsonCanonicalizer(json).getEncodedString().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public byte[] hash() {
        return Merkle.leafHash(bytes);
    }

    /** The event entry with this global number in a commit document, or null. */
    public static Document eventIn(Document commit, long globalIndex) {
        if (commit == null || Boolean.TRUE.equals(commit.getBoolean("tombstone"))) {
            return null;
        }
        for (Document event : commit.getList("events", Document.class)) {
            if (((Number) event.get("globalIndex")).longValue() == globalIndex) {
                return event;
            }
        }
        return null;
    }
}
