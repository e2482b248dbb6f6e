package fi.agreementregistry.api.accesslog;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import fi.agreementregistry.api.config.RegistryProperties;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The access log (Act 906/2019, section 17): every use and disclosure of the registry's data and every refused
 * attempt, in {@value #COLLECTION}. Requests hand their entry to a bounded queue and go on; one writer thread per
 * registry process writes the queue in batches every {@code flush-interval}, so a request never waits for the
 * database (it waits only if the queue is full: no entry is dropped).
 * <p>
 * Each process writes its own chain ({@code chain}: its instance and start time): every entry carries its position
 * {@code seq} and the hash of the one before it, so deleting or editing an entry breaks the chain, which
 * {@link AccessLogVerification} reports. Entries older than the retention are purged by the registry itself, which
 * records in {@value #CHAINS} where each chain now starts, so a purge is not taken for a deletion.
 */
@Component
@EnableConfigurationProperties(AccessLogProperties.class)
public class AccessLog implements SmartLifecycle {

    public static final String COLLECTION = "access_log";
    public static final String CHAINS = "access_log_chains";
    static final String GENESIS = "0".repeat(64);
    private static final Logger log = LoggerFactory.getLogger(AccessLog.class);

    private final MongoDatabase database;
    private final AccessLogProperties properties;
    private final Clock clock;
    private final BlockingQueue<AccessEntry> queue;
    private final String chain;
    /** Entries made into documents but not yet stored (a failed write is retried with the same documents). */
    private final List<Document> unwritten = new ArrayList<>();
    private long nextSeq;
    private String prevHash = GENESIS;
    private ScheduledExecutorService writer;
    private volatile boolean running;

    public AccessLog(MongoDatabase database, AccessLogProperties properties, Clock clock,
                     RegistryProperties registry) {
        this.database = database;
        this.properties = properties;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(properties.queueCapacity());
        this.chain = registry.instanceId() + "@" + clock.instant();
    }

    /** Hands an entry to the writer; waits only while the queue is full. */
    public void record(AccessEntry entry) {
        try {
            queue.put(entry);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.error("Access log entry not recorded (interrupted): {}", entry);
        }
    }

    /** Writes everything queued so far (the writer does this every flush interval; tests and shutdown call it). */
    public synchronized void flush() {
        List<AccessEntry> drained = new ArrayList<>();
        queue.drainTo(drained);
        for (AccessEntry entry : drained) {
            Document document = entry.toDocument(chain, nextSeq++, prevHash);
            prevHash = document.getString("hash");
            unwritten.add(document);
        }
        while (!unwritten.isEmpty()) {
            List<Document> batch = new ArrayList<>(unwritten.subList(0, Math.min(unwritten.size(),
                    properties.batchSize())));
            try {
                entries().insertMany(batch);
                unwritten.subList(0, batch.size()).clear();
            } catch (MongoBulkWriteException e) {
                // Ordered: the first ones were stored; keep the rest for the next round.
                int stored = e.getWriteResult().getInsertedCount();
                unwritten.subList(0, stored).clear();
                log.warn("Access log: {} entries not written yet ({}); retrying", unwritten.size(), e.getMessage());
                return;
            } catch (RuntimeException e) {
                log.warn("Access log: {} entries not written yet ({}); retrying", unwritten.size(), e.toString());
                return;
            }
        }
    }

    /** Deletes entries older than the retention, noting per chain where it now starts. Returns how many. */
    public synchronized long purge() {
        String cutoff = clock.instant().minus(properties.retention()).toString();
        Bson old = Filters.lt("at", cutoff);
        long purged = 0;
        for (String oldChain : entries().distinct("chain", old, String.class)) {
            Document last = entries().find(Filters.and(Filters.eq("chain", oldChain), old))
                    .sort(Sorts.descending("seq")).first();
            if (last == null) {
                continue;
            }
            chains().updateOne(Filters.eq("_id", oldChain), Updates.combine(
                    Updates.set("purgedThroughSeq", last.get("seq", Number.class).longValue()),
                    Updates.set("purgedThroughHash", last.getString("hash")),
                    Updates.set("purgedAt", clock.instant().toString())), new UpdateOptions().upsert(true));
            purged += entries().deleteMany(Filters.and(Filters.eq("chain", oldChain),
                    Filters.lte("seq", last.get("seq", Number.class).longValue()))).getDeletedCount();
        }
        if (purged > 0) {
            log.info("Access log: {} entries older than {} purged", purged, properties.retention());
        }
        return purged;
    }

    String chain() {
        return chain;
    }

    MongoCollection<Document> entries() {
        return database.getCollection(COLLECTION);
    }

    MongoCollection<Document> chains() {
        return database.getCollection(CHAINS);
    }

    @Override
    public void start() {
        entries().createIndex(Indexes.descending("at"));
        entries().createIndex(Indexes.ascending("chain", "seq"));
        entries().createIndex(Indexes.ascending("userId", "at"));
        entries().createIndex(Indexes.ascending("target", "at"));
        chains().updateOne(Filters.eq("_id", chain), Updates.set("startedAt", Instant.now(clock).toString()),
                new UpdateOptions().upsert(true));
        writer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "access-log-writer");
            thread.setDaemon(true);
            return thread;
        });
        long every = properties.flushInterval().toMillis();
        writer.scheduleWithFixedDelay(this::flushQuietly, every, every, TimeUnit.MILLISECONDS);
        writer.scheduleWithFixedDelay(this::purgeQuietly, 1, 60, TimeUnit.MINUTES);
        running = true;
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("Access log: writing failed: {}", e.toString());
        }
    }

    private void purgeQuietly() {
        try {
            purge();
        } catch (RuntimeException e) {
            log.warn("Access log: purge failed: {}", e.toString());
        }
    }

    @Override
    public void stop() {
        running = false;
        if (writer != null) {
            writer.shutdownNow();
        }
        flushQuietly();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the web server (which stops at a higher phase), so the last requests' entries are written. */
    @Override
    public int getPhase() {
        return 0;
    }
}
