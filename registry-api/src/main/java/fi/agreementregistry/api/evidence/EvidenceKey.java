package fi.agreementregistry.api.evidence;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * An Ed25519 key of the C2SP signed-note format: its name, its 4-byte key ID
 * {@code SHA-256(name || 0x0A || 0x01 || 32-byte public key)[:4]} and its verifier key string
 * {@code <name>+<key ID as 8 hex digits>+<base64(0x01 || public key)>} (golang.org/x/mod/sumdb/note).
 * The private half is absent in a key that only verifies.
 */
public final class EvidenceKey {

    public static final byte ED25519 = 0x01;
    /** The X.509 SubjectPublicKeyInfo prefix of an Ed25519 key (RFC 8410); the raw 32 bytes follow. */
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    /** The PKCS#8 prefix of an Ed25519 private key (RFC 8410); the 32-byte seed follows. */
    private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");

    private final String name;
    private final byte[] publicKey;
    private final PrivateKey privateKey;

    private EvidenceKey(String name, byte[] publicKey, PrivateKey privateKey) {
        if (name.isEmpty() || name.chars().anyMatch(c -> Character.isWhitespace(c) || c == '+')) {
            throw new IllegalArgumentException("a key name must be non-empty, without spaces or '+': " + name);
        }
        if (publicKey.length != 32) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, not " + publicKey.length);
        }
        this.name = name;
        this.publicKey = publicKey.clone();
        this.privateKey = privateKey;
    }

    public static EvidenceKey generate(String name) {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            return new EvidenceKey(name, raw(pair.getPublic()), pair.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A signing key from a PKCS#8 PEM private key; the public key is derived by signing nothing with it. */
    public static EvidenceKey fromPem(String name, String pem) {
        String body = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        byte[] der = Base64.getDecoder().decode(body);
        if (der.length != PKCS8_PREFIX.length + 32
                || !Arrays.equals(Arrays.copyOf(der, PKCS8_PREFIX.length), PKCS8_PREFIX)) {
            throw new IllegalArgumentException("not an Ed25519 private key in PKCS#8 PEM (BEGIN PRIVATE KEY)");
        }
        return fromSeed(name, Arrays.copyOfRange(der, PKCS8_PREFIX.length, der.length));
    }

    /** A signing key from its 32-byte RFC 8032 seed. */
    public static EvidenceKey fromSeed(String name, byte[] seed) {
        try {
            byte[] der = concat(PKCS8_PREFIX, seed);
            PrivateKey privateKey = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
            return new EvidenceKey(name, derivePublic(seed), privateKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 private key: " + e.getMessage(), e);
        }
    }

    /** A verifying key from its verifier key string {@code name+hex8+base64(0x01 || key)}; the key ID is checked. */
    public static EvidenceKey fromVerifierKey(String verifierKey) {
        String[] parts = verifierKey.strip().split("\\+", 3);
        if (parts.length != 3 || parts[1].length() != 8) {
            throw new IllegalArgumentException("not a verifier key (name+keyid+base64): " + verifierKey);
        }
        byte[] data = Base64.getDecoder().decode(parts[2]);
        if (data.length != 33 || data[0] != ED25519) {
            throw new IllegalArgumentException("not an Ed25519 verifier key: " + verifierKey);
        }
        EvidenceKey key = new EvidenceKey(parts[0], Arrays.copyOfRange(data, 1, 33), null);
        if (!HexFormat.of().formatHex(key.keyId()).equals(parts[1].toLowerCase())) {
            throw new IllegalArgumentException("the key ID " + parts[1] + " does not match the key: " + verifierKey);
        }
        return key;
    }

    public static EvidenceKey fromPublicKey(String name, byte[] publicKey) {
        return new EvidenceKey(name, publicKey, null);
    }

    public String name() {
        return name;
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    public boolean canSign() {
        return privateKey != null;
    }

    /** {@code SHA-256(name || 0x0A || 0x01 || public key)[:4]}. */
    public byte[] keyId() {
        byte[] digest = Merkle.sha256(name.getBytes(StandardCharsets.UTF_8), new byte[]{0x0A, ED25519}, publicKey);
        return Arrays.copyOf(digest, 4);
    }

    public String verifierKey() {
        return name + "+" + HexFormat.of().formatHex(keyId()) + "+"
                + Base64.getEncoder().encodeToString(concat(new byte[]{ED25519}, publicKey));
    }

    /** The PKCS#8 PEM of the private key (to store a generated key). */
    public String privateKeyPem() {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(privateKey.getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
    }

    public byte[] sign(byte[] message) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(privateKey);
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean verify(byte[] message, byte[] signature) {
        try {
            PublicKey key = KeyFactory.getInstance("Ed25519")
                    .generatePublic(new X509EncodedKeySpec(concat(SPKI_PREFIX, publicKey)));
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] raw(PublicKey key) {
        byte[] encoded = key.getEncoded();
        return Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
    }

    /** The public key of a seed: the JDK has no direct call, so make the pair through a fixed "random" source. */
    private static byte[] derivePublic(byte[] seed) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        generator.initialize(255, new java.security.SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
            }
        });
        return raw(generator.generateKeyPair().getPublic());
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
