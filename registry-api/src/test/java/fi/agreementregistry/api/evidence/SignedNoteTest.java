package fi.agreementregistry.api.evidence;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The note format against golang.org/x/mod/sumdb/note's published example (Ed25519 is deterministic, so the same
 * seed and text must give the same signature byte for byte): key "PeterNeumann", key ID c74f20a3.
 */
class SignedNoteTest {

    static final String GO_SIGNER_KEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    static final String GO_VERIFIER_KEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    static final String GO_TEXT = "If you think cryptography is the answer to your problem,\n"
            + "then you don't know what your problem is.\n";
    static final String GO_NOTE = GO_TEXT + "\n"
            + "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    static EvidenceKey peterNeumann() {
        byte[] data = Base64.getDecoder().decode(GO_SIGNER_KEY.split("\\+", 5)[4]);
        assertThat(data[0]).isEqualTo((byte) 1);
        return EvidenceKey.fromSeed("PeterNeumann", Arrays.copyOfRange(data, 1, data.length));
    }

    @Test
    void keyIdVerifierKeyAndSignatureMatchGoSumdbNote() {
        EvidenceKey key = peterNeumann();
        assertThat(HexFormat.of().formatHex(key.keyId())).isEqualTo("c74f20a3");
        assertThat(key.verifierKey()).isEqualTo(GO_VERIFIER_KEY);
        assertThat(SignedNote.sign(GO_TEXT, key)).isEqualTo(GO_NOTE);
    }

    @Test
    void aNoteOpensWithItsVerifierKeyAndNotWhenChanged() {
        EvidenceKey verifier = EvidenceKey.fromVerifierKey(GO_VERIFIER_KEY);
        assertThat(verifier.canSign()).isFalse();
        assertThat(SignedNote.open(GO_NOTE, verifier)).contains(GO_TEXT);
        assertThat(SignedNote.open(GO_NOTE.replace("answer", "Answer"), verifier)).isEmpty();
        assertThat(SignedNote.open(GO_NOTE.replace("x08go", "x08gp"), verifier)).isEmpty();
        assertThat(SignedNote.open(GO_NOTE, EvidenceKey.generate("PeterNeumann"))).as("another key").isEmpty();
        assertThatThrownBy(() -> EvidenceKey.fromVerifierKey("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))
                .hasMessageContaining("does not match");
    }

    @Test
    void aCheckpointNoteRoundTripsAndAGeneratedKeySurvivesItsPem() {
        EvidenceKey key = EvidenceKey.generate("registry.example/log");
        EvidenceKey again = EvidenceKey.fromPem("registry.example/log", key.privateKeyPem());
        assertThat(again.verifierKey()).isEqualTo(key.verifierKey());
        byte[] root = Merkle.sha256("root".getBytes(StandardCharsets.UTF_8));
        String note = SignedNote.sign(new SignedNote.Checkpoint("registry.example/log", 42, root).text(), again);
        assertThat(note).startsWith("registry.example/log\n42\n" + Base64.getEncoder().encodeToString(root) + "\n\n\u2014 registry.example/log ");
        String text = SignedNote.open(note, EvidenceKey.fromVerifierKey(key.verifierKey())).orElseThrow();
        SignedNote.Checkpoint checkpoint = SignedNote.checkpoint(text);
        assertThat(checkpoint.treeSize()).isEqualTo(42);
        assertThat(checkpoint.rootHash()).isEqualTo(root);
    }
}
