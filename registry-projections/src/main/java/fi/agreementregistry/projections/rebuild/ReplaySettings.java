package fi.agreementregistry.projections.rebuild;

import java.time.Duration;

/**
 * How blue/green rebuilds run ({@code registry.replay.*}, bound in registry-api, which has Spring Boot). The defaults
 * are here and nowhere else: a setting left out (null) takes its default.
 *
 * @param dropDelay   how long the old generation's collections outlive the switch, for queries that resolved their
 *                    names just before it (default 2 s)
 * @param batchSize   events per unit of work of a rebuild processor (default 10,000: a rebuild writes each document
 *                    about once per batch that touches it)
 * @param lockTimeout a replay lock whose heartbeat is older than this belongs to a replay that died with its instance;
 *                    the next replay request takes it over (default 2 minutes)
 * @param instanceId  the owner this instance writes on the replay locks it holds ({@code registry.instance-id});
 *                    blank (the default) = the JVM's {@code pid@host} plus a random suffix
 */
public record ReplaySettings(Duration dropDelay, Integer batchSize, Duration lockTimeout, String instanceId) {

    public ReplaySettings {
        dropDelay = dropDelay == null ? Duration.ofSeconds(2) : dropDelay;
        batchSize = batchSize == null ? 10_000 : batchSize;
        lockTimeout = lockTimeout == null ? Duration.ofMinutes(2) : lockTimeout;
        instanceId = instanceId == null ? "" : instanceId;
    }
}
