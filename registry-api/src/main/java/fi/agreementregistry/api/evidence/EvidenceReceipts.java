package fi.agreementregistry.api.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.mongodb.ReadConcern;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import fi.agreementregistry.core.agreement.AgreementId;
import fi.agreementregistry.projections.history.AgreementHistory;
import fi.agreementregistry.projections.history.FindAgreementHistory;
import fi.agreementregistry.projections.history.HistoryEntry;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A receipt for one event: the exact leaf bytes, the inclusion proof up to the latest checkpoint and that signed
 * checkpoint, so that anyone with the registry's public key can check it without the registry (docs/evidence.md).
 */
@Component
public class EvidenceReceipts {

    /** The receipt (field names are part of the format). */
    public record Receipt(String agreementId, long sequence, long globalIndex, long leafIndex, long treeSize,
                          String leaf, List<String> inclusionProof, String checkpoint, Map<String, Object> summary) {
    }

    /** The event is stored but no checkpoint covers its leaf yet. */
    public static class NotYetProvable extends RuntimeException {
        public NotYetProvable(String message) {
            super(message);
        }
    }

    /** The stored event no longer matches its leaf: the verification names it. */
    public static class EvidenceMismatch extends RuntimeException {
        public EvidenceMismatch(String message) {
            super(message);
        }
    }

    private static final ObjectMapper SUMMARY = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build()
            .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY);

    private final EvidenceLog log;
    private final EvidenceCheckpoints checkpoints;
    private final MongoCollection<Document> events;
    private final QueryGateway queries;

    public EvidenceReceipts(EvidenceLog log, EvidenceCheckpoints checkpoints, MongoDatabase database,
                            QueryGateway queries) {
        this.log = log;
        this.checkpoints = checkpoints;
        this.events = database.getCollection("domain_events").withReadConcern(ReadConcern.MAJORITY);
        this.queries = queries;
    }

    /** @return empty when the agreement has no event with this sequence */
    public Optional<Receipt> receipt(String agreementId, long sequence) {
        Optional<EvidenceLog.StoredLeaf> found = log.leafFor(agreementId, sequence);
        if (found.isEmpty()) {
            if (events.find(Filters.eq("aggregateKeys", agreementId + "/" + sequence)).first() == null) {
                return Optional.empty();
            }
            throw new NotYetProvable("Event " + sequence + " of " + agreementId
                    + " is stored but not yet in the evidence log.");
        }
        EvidenceLog.StoredLeaf stored = found.get();
        EvidenceCheckpoints.Checkpoint checkpoint = checkpoints.latest()
                .filter(c -> c.treeSize() > stored.leafIndex())
                .orElseThrow(() -> new NotYetProvable("Event " + sequence + " of " + agreementId + " is leaf "
                        + stored.leafIndex() + " of the evidence log; no signed checkpoint covers it yet."));
        Document event = EvidenceLeaf.eventIn(events.find(Filters.eq("globalIndexes", stored.globalIndex())).first(),
                stored.globalIndex());
        EvidenceLeaf leaf = event == null ? null : EvidenceLeaf.of(event);
        if (leaf == null || !java.util.Arrays.equals(leaf.hash(), stored.hash())) {
            throw new EvidenceMismatch("The stored event " + sequence + " of " + agreementId + " (global number "
                    + stored.globalIndex() + ") does not match leaf " + stored.leafIndex()
                    + " of the evidence log; GET /api/evidence/verification names what differs.");
        }
        List<String> proof = Merkle.inclusionProof(stored.leafIndex(), checkpoint.treeSize(), log.source()).stream()
                .map(Base64.getEncoder()::encodeToString).toList();
        return Optional.of(new Receipt(agreementId, sequence, stored.globalIndex(), stored.leafIndex(),
                checkpoint.treeSize(), Base64.getEncoder().encodeToString(leaf.bytes()), proof, checkpoint.note(),
                summary(agreementId, sequence, event)));
    }

    /** Who, what and when, as the history shows the event; from the stored event when the history lags. */
    @SuppressWarnings("unchecked")
    Map<String, Object> summary(String agreementId, long sequence, Document event) {
        AgreementHistory history = queries.query(FindAgreementHistory.of(AgreementId.of(agreementId)),
                ResponseTypes.instanceOf(AgreementHistory.class)).join();
        if (history != null) {
            for (HistoryEntry entry : history.entries()) {
                if (entry.sequence() == sequence) {
                    return SUMMARY.convertValue(entry, LinkedHashMap.class);
                }
            }
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("agreementId", agreementId);
        summary.put("sequence", sequence);
        String type = event.getString("payloadType");
        summary.put("eventType", type.substring(type.lastIndexOf('.') + 1));
        summary.put("recordedAt", event.getString("timestamp"));
        try {
            JsonNode metaData = SUMMARY.readTree(event.getString("metaData"));
            Map<String, Object> actor = new LinkedHashMap<>();
            for (String field : List.of("actorUserId", "actorName", "actorRole", "actorPartyId")) {
                if (metaData.hasNonNull(field) && !metaData.get(field).asText().isEmpty()) {
                    actor.put(field.substring(5, 6).toLowerCase() + field.substring(6), metaData.get(field).asText());
                }
            }
            summary.put("actor", actor);
        } catch (Exception e) {
            // the summary is a courtesy: the leaf holds the metadata exactly
        }
        return summary;
    }
}
