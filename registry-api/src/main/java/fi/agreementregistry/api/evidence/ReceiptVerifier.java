package fi.agreementregistry.api.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Checks a receipt with nothing but the receipt and the registry's public key(s): the leaf is canonical JSON naming
 * the receipt's event, the checkpoint note is signed by one of the keys, and the inclusion proof leads from the
 * leaf's hash to the checkpoint's root (RFC 9162 2.1.3.2). No registry, no database.
 */
public final class ReceiptVerifier {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What was checked; {@code failures} empty means the receipt proves what {@code facts} says. */
    public record Result(List<String> failures, String agreementId, long sequence, long globalIndex, long leafIndex,
                         long treeSize, String origin, String keyName, String eventType, String recordedAt,
                         String actorName) {
        public boolean valid() {
            return failures.isEmpty();
        }
    }

    private ReceiptVerifier() {
    }

    public static Result verify(JsonNode receipt, List<EvidenceKey> keys) {
        List<String> failures = new ArrayList<>();
        String agreementId = receipt.path("agreementId").asText(null);
        long sequence = receipt.path("sequence").asLong(-1);
        long globalIndex = receipt.path("globalIndex").asLong(-1);
        long leafIndex = receipt.path("leafIndex").asLong(-1);
        long treeSize = receipt.path("treeSize").asLong(-1);
        String origin = null;
        String keyName = null;
        String eventType = null;
        String recordedAt = null;
        String actorName = null;
        byte[] leaf = null;
        try {
            leaf = Base64.getDecoder().decode(receipt.path("leaf").asText(""));
            JsonNode content = JSON.readTree(leaf);
            if (!Arrays.equals(EvidenceLeaf.canonical(new String(leaf, StandardCharsets.UTF_8)), leaf)) {
                failures.add("leaf: not in RFC 8785 canonical form");
            }
            if (!content.path("aggregateIdentifier").asText("").equals(agreementId)
                    || content.path("sequenceNumber").asLong(-2) != sequence
                    || content.path("globalIndex").asLong(-2) != globalIndex) {
                failures.add("leaf: names another event than agreementId/sequence/globalIndex");
            }
            String type = content.path("payloadType").asText("");
            eventType = type.substring(type.lastIndexOf('.') + 1);
            recordedAt = content.path("timestamp").asText(null);
            JsonNode metaData = JSON.readTree(content.path("metaData").asText("{}"));
            actorName = metaData.path("actorName").asText(null);
        } catch (Exception e) {
            failures.add("leaf: not base64 of a JSON object (" + e.getMessage() + ")");
        }
        String note = receipt.path("checkpoint").asText("");
        SignedNote.Checkpoint checkpoint = null;
        for (EvidenceKey key : keys) {
            Optional<String> text = SignedNote.open(note, key);
            if (text.isPresent()) {
                keyName = key.name();
                try {
                    checkpoint = SignedNote.checkpoint(text.get());
                    origin = checkpoint.origin();
                } catch (IllegalArgumentException e) {
                    failures.add("checkpoint: signed, but not a checkpoint: " + e.getMessage());
                }
                break;
            }
        }
        if (keyName == null) {
            failures.add("checkpoint: no valid signature by the given public key");
        }
        if (checkpoint != null && checkpoint.treeSize() != treeSize) {
            failures.add("checkpoint: its tree size " + checkpoint.treeSize() + " is not the receipt's " + treeSize);
        }
        List<byte[]> proof = new ArrayList<>();
        try {
            for (JsonNode p : receipt.path("inclusionProof")) {
                proof.add(Base64.getDecoder().decode(p.asText()));
            }
        } catch (IllegalArgumentException e) {
            failures.add("inclusionProof: not base64");
        }
        if (leaf != null && checkpoint != null
                && !Merkle.verifyInclusion(leafIndex, treeSize, Merkle.leafHash(leaf), proof, checkpoint.rootHash())) {
            failures.add("inclusionProof: does not lead from the leaf to the checkpoint's root hash");
        }
        return new Result(failures, agreementId, sequence, globalIndex, leafIndex, treeSize, origin, keyName,
                eventType, recordedAt, actorName);
    }

    /** The keys in a public-key file (the JSON of GET /api/evidence/public-key) or a verifier key string. */
    public static List<EvidenceKey> keys(String fileContentOrVerifierKey) {
        String text = fileContentOrVerifierKey.strip();
        List<EvidenceKey> keys = new ArrayList<>();
        if (text.startsWith("{")) {
            try {
                JsonNode json = JSON.readTree(text);
                if (json.hasNonNull("verifierKey")) {
                    keys.add(EvidenceKey.fromVerifierKey(json.get("verifierKey").asText()));
                }
                for (JsonNode k : json.path("keys")) {
                    keys.add(EvidenceKey.fromVerifierKey(k.path("verifierKey").asText()));
                }
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("not a public-key JSON file: " + e.getMessage());
            }
        } else {
            keys.add(EvidenceKey.fromVerifierKey(text));
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no verifier key found");
        }
        return keys;
    }

    /** The Finnish for each failure, by the start of its English text. */
    private static final java.util.Map<String, String> FINNISH = java.util.Map.of(
            "leaf: not in RFC 8785 canonical form", "tapahtuman tavut (leaf) eivät ole RFC 8785 -muodossa",
            "leaf: names another event", "tapahtuman tavut (leaf) koskevat eri tapahtumaa kuin kuitti sanoo",
            "leaf: not base64", "tapahtuman tavut (leaf) eivät ole luettavissa",
            "checkpoint: signed, but not", "allekirjoitettu teksti ei ole lokin tila (checkpoint)",
            "checkpoint: no valid signature", "lokin tilaa ei ole allekirjoittanut annettu avain",
            "checkpoint: its tree size", "allekirjoitetun lokin koko on eri kuin kuitissa",
            "inclusionProof: not base64", "todistusketju (inclusionProof) ei ole luettavissa",
            "inclusionProof: does not lead", "todistusketju (inclusionProof) ei johda tapahtumasta allekirjoitettuun "
                    + "lokin tilaan: tapahtuma, ketju tai allekirjoitettu tila on muuttunut");

    static String finnish(String failure) {
        return FINNISH.entrySet().stream().filter(e -> failure.startsWith(e.getKey())).map(java.util.Map.Entry::getValue)
                .findFirst().orElse(failure) + " (" + failure + ")";
    }

    /** What the receipt proves, in plain Finnish ("fi") or English. */
    public static String explain(Result r, String language) {
        boolean fi = !"en".equals(language);
        if (!r.valid()) {
            return (fi ? "KUITTI EI KELPAA. Se ei todista mitään, koska:\n" : "THE RECEIPT IS NOT VALID. It proves nothing, because:\n")
                    + String.join("\n", r.failures().stream().map(f -> "  - " + (fi ? finnish(f) : f)).toList()) + "\n";
        }
        if (fi) {
            return "KUITTI ON AITO.\n"
                    + "Sopimuksen " + r.agreementId() + " tapahtuma numero " + r.sequence() + " (" + r.eventType()
                    + (r.actorName() != null ? ", kirjaaja " + r.actorName() : "") + ", kirjattu " + r.recordedAt()
                    + ") on rekisterin todistuslokin kohdassa " + r.leafIndex() + ".\n"
                    + "Rekisterin avain " + r.keyName() + " on allekirjoittanut lokin " + r.origin() + " tilan, jossa on "
                    + r.treeSize() + " tapahtumaa, ja tämä tapahtuma kuuluu siihen täsmälleen kuitin tavuina.\n"
                    + "Tapahtumaa ei siis voi muuttaa tai poistaa jälkikäteen ilman, että muutos näkyy.\n";
        }
        return "THE RECEIPT IS GENUINE.\n"
                + "Event number " + r.sequence() + " of agreement " + r.agreementId() + " (" + r.eventType()
                + (r.actorName() != null ? ", recorded by " + r.actorName() : "") + ", recorded at " + r.recordedAt()
                + ") is entry " + r.leafIndex() + " of the registry's evidence log.\n"
                + "The registry's key " + r.keyName() + " signed the state of the log " + r.origin() + " holding "
                + r.treeSize() + " events, and this event is part of it, byte for byte as in the receipt.\n"
                + "So the event cannot be changed or removed afterwards without that showing.\n";
    }
}
