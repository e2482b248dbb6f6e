package fi.agreementregistry.api.evidence;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import fi.agreementregistry.api.config.RegistryProperties;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

/**
 * The signing key of the checkpoints and every public key ever used ({@value #COLLECTION}, newest first, so old
 * checkpoints stay verifiable after a rotation).
 * <p>
 * The key comes from {@code registry.evidence.private-key} (a PKCS#8 PEM value), else
 * {@code registry.evidence.private-key-file}. Without either, the embedded file store keeps one in its data folder
 * ({@value #KEY_FILE}, generated on first start with owner-only permissions, and the log says so); the in-memory
 * store and a MongoDB without a configured key get a key for this run only, with a warning.
 */
@Component
public class EvidenceKeys {

    public static final String COLLECTION = "evidence_keys";
    public static final String KEY_FILE = "evidence-signing-key.pem";
    private static final Logger log = LoggerFactory.getLogger(EvidenceKeys.class);

    /** A published public key. */
    public record PublishedKey(String keyName, String algorithm, String publicKey, String verifierKey,
                               String firstUsedAt) {
    }

    private final EvidenceKey current;
    private final MongoCollection<Document> keys;

    public EvidenceKeys(EvidenceProperties properties, RegistryProperties registry, MongoDatabase database,
                        Clock clock) {
        this.current = load(properties, registry);
        this.keys = database.getCollection(COLLECTION);
        if (keys.find(Filters.eq("_id", current.verifierKey())).first() == null) {
            keys.replaceOne(Filters.eq("_id", current.verifierKey()), new Document("_id", current.verifierKey())
                            .append("keyName", current.name())
                            .append("algorithm", "Ed25519")
                            .append("publicKey", Base64.getEncoder().encodeToString(current.publicKey()))
                            .append("firstUsedAt", clock.instant().toString()),
                    new ReplaceOptions().upsert(true));
        }
        log.info("Checkpoints of the evidence log are signed by {}", current.verifierKey());
    }

    public EvidenceKey current() {
        return current;
    }

    /** Every public key ever used, the current one first, then newest first. */
    public List<PublishedKey> published() {
        List<PublishedKey> all = new ArrayList<>();
        for (Document d : keys.find()) {
            all.add(new PublishedKey(d.getString("keyName"), d.getString("algorithm"), d.getString("publicKey"),
                    d.getString("_id"), d.getString("firstUsedAt")));
        }
        all.sort(Comparator.comparing((PublishedKey k) -> !k.verifierKey().equals(current.verifierKey()))
                .thenComparing(PublishedKey::firstUsedAt, Comparator.reverseOrder()));
        return all;
    }

    /** Every key that may have signed a checkpoint here, as verifying keys. */
    public List<EvidenceKey> verifiers() {
        return published().stream().map(k -> EvidenceKey.fromVerifierKey(k.verifierKey())).toList();
    }

    static EvidenceKey load(EvidenceProperties properties, RegistryProperties registry) {
        String name = properties.keyName();
        if (properties.privateKey() != null && !properties.privateKey().isBlank()) {
            return EvidenceKey.fromPem(name, properties.privateKey());
        }
        if (properties.privateKeyFile() != null) {
            return EvidenceKey.fromPem(name, read(properties.privateKeyFile()));
        }
        boolean embeddedFiles = (registry.mongodb().uri() == null || registry.mongodb().uri().isBlank())
                && !registry.embedded().inMemory();
        if (!embeddedFiles) {
            log.warn("No registry.evidence.private-key(-file) configured: checkpoints are signed with a key made for "
                    + "this run only. Configure a key so that every instance and every restart signs with the same one.");
            return EvidenceKey.generate(name);
        }
        Path file = registry.embedded().dataDir().resolve(KEY_FILE);
        if (Files.exists(file)) {
            return EvidenceKey.fromPem(name, read(file));
        }
        EvidenceKey generated = EvidenceKey.generate(name);
        write(file, generated.privateKeyPem());
        log.warn("Generated the evidence signing key {} (owner-only permissions); back it up with the data. Its "
                + "public key: {}", file.toAbsolutePath(), generated.verifierKey());
        return generated;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the evidence signing key " + file, e);
        }
    }

    private static void write(Path file, String pem) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path partial = file.resolveSibling(KEY_FILE + ".partial");
            Files.deleteIfExists(partial);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(partial);
                partial.toFile().setReadable(false, false);
                partial.toFile().setReadable(true, true);
                partial.toFile().setWritable(false, false);
                partial.toFile().setWritable(true, true);
            }
            Files.writeString(partial, pem, StandardCharsets.US_ASCII);
            Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the evidence signing key " + file, e);
        }
    }
}
