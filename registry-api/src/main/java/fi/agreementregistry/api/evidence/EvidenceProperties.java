package fi.agreementregistry.api.evidence;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code registry.evidence.*}: the tamper-evident log's name, signing key and checkpoint cadence.
 *
 * @param origin                the log's origin line in every checkpoint, a schema-less URL naming this registry
 * @param keyName               the signing key's name in the signature lines (default: the origin); no spaces, no +
 * @param privateKeyFile        an Ed25519 private key, PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----})
 * @param privateKey            the same PEM as a value (e.g. from a secret store); wins over the file
 * @param checkpointEveryLeaves a checkpoint once this many leaves are not yet under one
 * @param checkpointEvery       a checkpoint when leaves wait for one and this long has passed since the last one
 * @param tick                  how often the time rule is looked at
 */
@ConfigurationProperties(prefix = "registry.evidence")
public record EvidenceProperties(String origin, String keyName, Path privateKeyFile, String privateKey,
                                 Integer checkpointEveryLeaves, Duration checkpointEvery, Duration tick) {

    public EvidenceProperties {
        origin = origin == null || origin.isBlank() ? "agreement-registry.local/evidence" : origin.strip();
        keyName = keyName == null || keyName.isBlank() ? origin : keyName.strip();
        if (keyName.chars().anyMatch(c -> Character.isWhitespace(c) || c == '+')) {
            throw new IllegalArgumentException("registry.evidence.key-name must not contain spaces or '+': " + keyName);
        }
        if (origin.contains("\n")) {
            throw new IllegalArgumentException("registry.evidence.origin must be one line");
        }
        checkpointEveryLeaves = checkpointEveryLeaves == null ? 100 : checkpointEveryLeaves;
        if (checkpointEveryLeaves < 1) {
            throw new IllegalArgumentException("registry.evidence.checkpoint-every-leaves must be at least 1");
        }
        checkpointEvery = checkpointEvery == null ? Duration.ofSeconds(10) : checkpointEvery;
        tick = tick == null ? Duration.ofSeconds(1) : tick;
    }
}
