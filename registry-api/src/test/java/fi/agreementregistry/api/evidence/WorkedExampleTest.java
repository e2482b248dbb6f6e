package fi.agreementregistry.api.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/evidence.md's worked example is what the code computes, and its receipt verifies, both with the registry's
 * verifier and with the independent minimal one of {@link EvidenceHttpTest#independentlyValid}.
 */
class WorkedExampleTest {

    static String doc() throws Exception {
        Path path = Path.of("../docs/evidence.md");
        if (!Files.exists(path)) {
            path = Path.of("docs/evidence.md");
        }
        return Files.readString(path, StandardCharsets.UTF_8);
    }

    static List<String> jsonBlocks(String doc) {
        List<String> blocks = new ArrayList<>();
        int at = 0;
        while ((at = doc.indexOf("```json\n", at)) >= 0) {
            int end = doc.indexOf("\n```", at + 8);
            blocks.add(doc.substring(at + 8, end));
            at = end;
        }
        return blocks;
    }

    @Test
    void theDocumentsNumbersAreTheCodes() throws Exception {
        String doc = doc();
        HexFormat hex = HexFormat.of();
        EvidenceKey key = WorkedExample.key();
        assertThat(hex.formatHex(key.publicKey()))
                .isEqualTo("03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8");
        assertThat(doc).contains(hex.formatHex(key.publicKey()), hex.formatHex(key.keyId()), key.verifierKey(),
                Base64.getEncoder().encodeToString(key.publicKey()));
        List<byte[]> hashes = new ArrayList<>();
        for (EvidenceLeaf leaf : WorkedExample.leaves()) {
            assertThat(doc).contains("\n" + new String(leaf.bytes(), StandardCharsets.UTF_8) + "\n");
            assertThat(doc).contains("`" + hex.formatHex(leaf.hash()) + "`");
            hashes.add(leaf.hash());
        }
        byte[] root = Merkle.root(hashes);
        assertThat(hex.formatHex(root)).isEqualTo("58509f94637cce08d0931e53034da9c4b469e617863a27fb2a726e2e6e829880");
        assertThat(doc).contains(hex.formatHex(Merkle.nodeHash(hashes.get(0), hashes.get(1))), hex.formatHex(root),
                Base64.getEncoder().encodeToString(root));
        String note = SignedNote.sign(new SignedNote.Checkpoint(WorkedExample.ORIGIN, 3, root).text(), key);
        assertThat(doc).contains("```\n" + note + "```");
    }

    @Test
    void theDocumentsReceiptVerifiesAndFailsWhenChanged() throws Exception {
        List<String> blocks = jsonBlocks(doc());
        ObjectMapper json = new ObjectMapper();
        JsonNode receipt = json.readTree(blocks.get(0));
        JsonNode publicKey = json.readTree(blocks.get(1));
        assertThat(ReceiptVerifier.verify(receipt, ReceiptVerifier.keys(blocks.get(1))).failures()).isEmpty();
        assertThat(EvidenceHttpTest.independentlyValid(receipt, publicKey)).isTrue();
        assertThat(receipt.get("leaf").asText())
                .isEqualTo(Base64.getEncoder().encodeToString(WorkedExample.leaves().get(1).bytes()));

        com.fasterxml.jackson.databind.node.ObjectNode forged = receipt.deepCopy();
        forged.put("leafIndex", 2);
        assertThat(ReceiptVerifier.verify(forged, ReceiptVerifier.keys(blocks.get(1))).valid()).isFalse();
        assertThat(EvidenceHttpTest.independentlyValid(forged, publicKey)).isFalse();
    }
}
