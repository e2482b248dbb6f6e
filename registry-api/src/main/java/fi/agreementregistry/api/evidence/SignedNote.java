package fi.agreementregistry.api.evidence;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * C2SP signed-note (c2sp.org/signed-note) with Ed25519 signatures, and the C2SP tlog-checkpoint body it signs here
 * (c2sp.org/tlog-checkpoint): {@code <origin>\n<tree size>\n<base64 root hash>\n}, then an empty line, then
 * {@code — <key name> <base64(key ID || 64-byte signature)>\n} (an em dash U+2014 and a space first). Standard
 * base64 with padding (RFC 4648 section 4) throughout; UTF-8; LF line endings only.
 */
public final class SignedNote {

    static final String DASH = "\u2014 ";

    private SignedNote() {
    }

    public record Signature(String keyName, byte[] keyId, byte[] signature) {
    }

    /** A parsed note: its text (ending in a newline) and its signature lines. */
    public record Parsed(String text, List<Signature> signatures) {
    }

    /** A checkpoint's body. */
    public record Checkpoint(String origin, long treeSize, byte[] rootHash) {
        public String text() {
            return origin + "\n" + treeSize + "\n" + Base64.getEncoder().encodeToString(rootHash) + "\n";
        }
    }

    public static String sign(String text, EvidenceKey key) {
        byte[] signature = key.sign(text.getBytes(StandardCharsets.UTF_8));
        return text + "\n" + DASH + key.name() + " "
                + Base64.getEncoder().encodeToString(EvidenceKey.concat(key.keyId(), signature)) + "\n";
    }

    public static Parsed parse(String note) {
        if (note.chars().anyMatch(c -> c < 0x20 && c != '\n')) {
            throw new IllegalArgumentException("a signed note holds no control characters but newlines");
        }
        int split = note.lastIndexOf("\n\n");
        if (split < 0 || !note.endsWith("\n")) {
            throw new IllegalArgumentException("not a signed note: no empty line before the signatures");
        }
        String text = note.substring(0, split + 1);
        List<Signature> signatures = new ArrayList<>();
        for (String line : note.substring(split + 2, note.length() - 1).split("\n", -1)) {
            if (!line.startsWith(DASH)) {
                throw new IllegalArgumentException("not a signature line: " + line);
            }
            String[] parts = line.substring(DASH.length()).split(" ", -1);
            if (parts.length != 2 || parts[0].isEmpty()) {
                throw new IllegalArgumentException("not a signature line: " + line);
            }
            byte[] blob;
            try {
                blob = Base64.getDecoder().decode(parts[1]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("a signature that is not base64: " + line);
            }
            if (blob.length < 5) {
                throw new IllegalArgumentException("a signature too short: " + line);
            }
            signatures.add(new Signature(parts[0], Arrays.copyOf(blob, 4), Arrays.copyOfRange(blob, 4, blob.length)));
        }
        return new Parsed(text, signatures);
    }

    /**
     * The note's text if a signature of this key (same name and key ID) verifies; empty when none of its signatures
     * is by this key or one by this key fails.
     */
    public static Optional<String> open(String note, EvidenceKey key) {
        Parsed parsed;
        try {
            parsed = parse(note);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        boolean verified = false;
        for (Signature s : parsed.signatures()) {
            if (s.keyName().equals(key.name()) && Arrays.equals(s.keyId(), key.keyId())) {
                if (!key.verify(parsed.text().getBytes(StandardCharsets.UTF_8), s.signature())) {
                    return Optional.empty();
                }
                verified = true;
            }
        }
        return verified ? Optional.of(parsed.text()) : Optional.empty();
    }

    /** The checkpoint body of a note's text: origin, decimal size (no leading zeros), base64 32-byte root. */
    public static Checkpoint checkpoint(String text) {
        String[] lines = text.split("\n", -1);
        if (lines.length < 4 || !lines[lines.length - 1].isEmpty() || lines[0].isEmpty()
                || !lines[1].matches("0|[1-9][0-9]{0,18}")) {
            throw new IllegalArgumentException("not a checkpoint: " + text);
        }
        byte[] root = Base64.getDecoder().decode(lines[2]);
        if (root.length != Merkle.HASH_SIZE) {
            throw new IllegalArgumentException("a checkpoint's root hash has 32 bytes");
        }
        return new Checkpoint(lines[0], Long.parseLong(lines[1]), root);
    }
}
