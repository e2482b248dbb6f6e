package fi.agreementregistry.api.evidence;

import org.bson.Document;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** The worked example of docs/evidence.md: fixed inputs; {@link WorkedExampleTest} checks the document's numbers. */
final class WorkedExample {

    static final String ORIGIN = "registry.example/evidence";
    /** The example's Ed25519 seed: the bytes 0x00, 0x01, ..., 0x1f. Never use a known seed for real. */
    static final byte[] SEED = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    static final List<Document> EVENTS = List.of(
            event(0, "a-17", 0, "e0", "fi.agreementregistry.core.agreement.AgreementDrafted", "1",
                    "2026-03-02T10:00:00.000000000Z", "{\"title\":\"Puitesopimus\",\"parties\":[\"municipality:109\",\"welfare-area:07\"]}",
                    "{\"actorName\":\"Kirjaaja, Hämeenlinna\",\"actorPartyId\":\"municipality:109\",\"actorRole\":\"CLERK\",\"actorUserId\":\"clerk-municipality-109\"}"),
            event(1, "a-17", 1, "e1", "fi.agreementregistry.core.approval.ApprovalRecorded", "2",
                    "2026-03-02T10:05:00.000000000Z", "{\"partyId\":\"municipality:109\",\"section\":\"§ 30\",\"version\":1}",
                    "{\"actorName\":\"Kirjaaja, Hämeenlinna\",\"actorPartyId\":\"municipality:109\",\"actorRole\":\"CLERK\",\"actorUserId\":\"clerk-municipality-109\"}"),
            event(2, "a-17", 2, "e2", "fi.agreementregistry.core.signature.AgreementSigned", null,
                    "2026-03-02T10:10:00.000000000Z", "{\"partyId\":\"municipality:109\",\"version\":1}",
                    "{\"actorName\":\"Kirjaaja, Hämeenlinna\",\"actorPartyId\":\"municipality:109\",\"actorRole\":\"CLERK\",\"actorUserId\":\"clerk-municipality-109\"}"));

    static Document event(long global, String aggregate, long sequence, String id, String payloadType, String revision,
                          String timestamp, String payload, String metaData) {
        return new Document(Map.of("globalIndex", global, "aggregateIdentifier", aggregate, "sequenceNumber", sequence,
                "eventIdentifier", id, "payloadType", payloadType, "timestamp", timestamp, "payload", payload,
                "metaData", metaData, "type", "Agreement")).append("payloadRevision", revision);
    }

    static EvidenceKey key() {
        return EvidenceKey.fromSeed(ORIGIN, SEED);
    }

    static List<EvidenceLeaf> leaves() {
        return EVENTS.stream().map(EvidenceLeaf::of).toList();
    }

    public static void main(String[] args) {
        HexFormat hex = HexFormat.of();
        EvidenceKey key = key();
        System.out.println("public key hex " + hex.formatHex(key.publicKey()));
        System.out.println("public key b64 " + Base64.getEncoder().encodeToString(key.publicKey()));
        System.out.println("key id " + hex.formatHex(key.keyId()));
        System.out.println("verifier key " + key.verifierKey());
        List<byte[]> hashes = new ArrayList<>();
        for (EvidenceLeaf leaf : leaves()) {
            System.out.println("leaf " + leaf.globalIndex() + " " + new String(leaf.bytes(), StandardCharsets.UTF_8));
            System.out.println("leaf b64 " + Base64.getEncoder().encodeToString(leaf.bytes()));
            System.out.println("leaf hash " + hex.formatHex(leaf.hash()));
            hashes.add(leaf.hash());
        }
        byte[] n01 = Merkle.nodeHash(hashes.get(0), hashes.get(1));
        System.out.println("node 0-1 " + hex.formatHex(n01));
        byte[] root = Merkle.root(hashes);
        System.out.println("root hex " + hex.formatHex(root) + " b64 " + Base64.getEncoder().encodeToString(root));
        String note = SignedNote.sign(new SignedNote.Checkpoint(ORIGIN, 3, root).text(), key);
        System.out.print("NOTE\n" + note + "END\n");
        System.out.println("proof of leaf 1: " + hex.formatHex(hashes.get(0)) + " " + hex.formatHex(hashes.get(2)));
        System.out.println("proof b64: " + Base64.getEncoder().encodeToString(hashes.get(0)) + " " + Base64.getEncoder().encodeToString(hashes.get(2)));
    }
}
