package fi.agreementregistry.api.config;

import fi.agreementregistry.projections.ReadModelSettings;
import fi.agreementregistry.projections.processors.InstanceOwner;
import fi.agreementregistry.projections.rebuild.ReplaySettings;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The registry's own settings ({@code registry.*}) with their defaults, each written here once: a setting left out
 * is null when bound and takes its default in the record's constructor. The README lists them ("Settings"). Settings
 * of one feature that has its own record: {@code registry.api.*} ({@code ApiProperties}), {@code registry.dates.*}
 * ({@code DateWindow}), {@code registry.security.*}, {@code registry.sign-in.*}, {@code registry.evidence.*},
 * {@code registry.access-log.*}; the read side's ({@code registry.reviews.*}, {@code registry.replay.*}) are bound
 * here and handed to registry-projections, which has no Spring Boot, as {@link ReadModelSettings} and
 * {@link ReplaySettings}, whose defaults are theirs.
 *
 * @param mongodb        where events, tokens and read models live; no URI means the embedded server
 * @param embedded       the in-process MongoDB wire-protocol server used when no URI is configured
 * @param instanceId     the name this instance writes on what it holds in the store (token segments, replay locks,
 *                       its access-log chain); blank = {@link InstanceOwner}'s generated one, resolved once here
 * @param reviews        {@code due-soon-days}
 * @param replay         {@code drop-delay}, {@code batch-size}, {@code lock-timeout}
 * @param eventStore     {@code gap-timeout}
 * @param snapshots      {@code threshold}
 * @param aggregateCache {@code enabled}, {@code max-entries}
 * @param readYourWrites {@code max-wait}
 * @param health         {@code max-processor-lag}, {@code mongo-timeout}
 */
@ConfigurationProperties(prefix = "registry")
public record RegistryProperties(Mongodb mongodb, Embedded embedded, String instanceId, Reviews reviews,
                                 Replay replay, EventStore eventStore, Snapshots snapshots,
                                 AggregateCache aggregateCache, ReadYourWrites readYourWrites, Health health) {

    public RegistryProperties {
        mongodb = mongodb == null ? new Mongodb(null, null) : mongodb;
        embedded = embedded == null ? new Embedded(null, null) : embedded;
        instanceId = InstanceOwner.of(instanceId);
        reviews = reviews == null ? new Reviews(null) : reviews;
        replay = replay == null ? new Replay(null, null, null) : replay;
        eventStore = eventStore == null ? new EventStore(null) : eventStore;
        snapshots = snapshots == null ? new Snapshots(null) : snapshots;
        aggregateCache = aggregateCache == null ? new AggregateCache(null, null) : aggregateCache;
        readYourWrites = readYourWrites == null ? new ReadYourWrites(null) : readYourWrites;
        health = health == null ? new Health(null, null) : health;
    }

    /**
     * Storage only, every other setting at its default (tests). A factory, not a second constructor: with one
     * constructor Spring Boot binds the settings through it.
     */
    public static RegistryProperties ofStorage(Mongodb mongodb, Embedded embedded) {
        return new RegistryProperties(mongodb, embedded, null, null, null, null, null, null, null, null);
    }

    /**
     * @param uri      a MongoDB connection string (a replica set in production); blank = embedded server
     * @param database the database holding events, tokens and read models
     */
    public record Mongodb(String uri, String database) {
        public Mongodb {
            database = database == null || database.isBlank() ? "agreement-registry" : database;
        }

        public boolean configured() {
            return uri != null && !uri.isBlank();
        }
    }

    /**
     * @param backend {@code file} (H2 files under {@code dataDir}, survives restarts) or {@code memory} (tests)
     * @param dataDir where the file backend keeps its data
     */
    public record Embedded(String backend, Path dataDir) {
        public Embedded {
            backend = backend == null || backend.isBlank() ? "file" : backend;
            dataDir = dataDir == null ? Path.of("data") : dataDir;
        }

        public boolean inMemory() {
            return "memory".equalsIgnoreCase(backend);
        }
    }

    /** @param dueSoonDays a review due within this many days (counting today) is DUE_SOON (the read side's default) */
    public record Reviews(Integer dueSoonDays) {
        public ReadModelSettings readModelSettings() {
            return new ReadModelSettings(dueSoonDays);
        }
    }

    /** The blue/green rebuilds' settings; their defaults are {@link ReplaySettings}'. */
    public record Replay(Duration dropDelay, Integer batchSize, Duration lockTimeout) {
    }

    /**
     * @param gapTimeout how long trackers wait for a global number a writer allocated but has not stored before they
     *                   claim it with a tombstone (docs/event-store.md); default 60 s
     */
    public record EventStore(Duration gapTimeout) {
        public EventStore {
            gapTimeout = gapTimeout == null ? Duration.ofSeconds(60) : gapTimeout;
        }
    }

    /** @param threshold a snapshot of an agreement after this many events since its last one (0 or less: none) */
    public record Snapshots(Integer threshold) {
        public Snapshots {
            threshold = threshold == null ? 100 : threshold;
        }
    }

    /**
     * @param enabled    keep recently used agreements in memory for commands (default true; safe with several
     *                   instances on one store, docs/event-store.md)
     * @param maxEntries how many (default 1,000)
     */
    public record AggregateCache(Boolean enabled, Integer maxEntries) {
        public AggregateCache {
            enabled = enabled == null || enabled;
            maxEntries = maxEntries == null ? 1000 : maxEntries;
        }
    }

    /** @param maxWait how long a command's answer waits for the read model to show it (default 3 s) */
    public record ReadYourWrites(Duration maxWait) {
        public ReadYourWrites {
            maxWait = maxWait == null ? Duration.ofSeconds(3) : maxWait;
        }
    }

    /**
     * @param maxProcessorLag readiness fails when a processor segment this instance holds lags more events than this
     *                        behind the store (default 1,000)
     * @param mongoTimeout    how long the storage health check waits for MongoDB (default 3 s)
     */
    public record Health(Long maxProcessorLag, Duration mongoTimeout) {
        public Health {
            maxProcessorLag = maxProcessorLag == null ? 1000 : maxProcessorLag;
            mongoTimeout = mongoTimeout == null ? Duration.ofSeconds(3) : mongoTimeout;
        }
    }

    /** The read side's rebuild settings, with this instance's name on the locks it holds. */
    public ReplaySettings replaySettings() {
        return new ReplaySettings(replay.dropDelay(), replay.batchSize(), replay.lockTimeout(), instanceId);
    }
}
