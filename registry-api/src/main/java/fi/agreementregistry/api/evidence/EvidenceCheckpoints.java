package fi.agreementregistry.api.evidence;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Signed checkpoints of the evidence log ({@value #COLLECTION}, {@code _id} = tree size): a C2SP tlog-checkpoint
 * signed note, made when {@code checkpoint-every-leaves} leaves wait for one, or when leaves wait and
 * {@code checkpoint-every} has passed since the last checkpoint (measured with the application's clock, looked at
 * every {@code tick}). The tree size only grows; a checkpoint is never changed.
 */
@Component
@EnableConfigurationProperties(EvidenceProperties.class)
public class EvidenceCheckpoints implements SmartLifecycle {

    public static final String COLLECTION = "evidence_checkpoints";
    private static final Logger log = LoggerFactory.getLogger(EvidenceCheckpoints.class);

    /** One stored checkpoint. */
    public record Checkpoint(long treeSize, String rootHash, String createdAt, String note) {
        public byte[] root() {
            return Base64.getDecoder().decode(rootHash);
        }
    }

    private final EvidenceLog evidenceLog;
    private final EvidenceKeys keys;
    private final EvidenceProperties properties;
    private final Clock clock;
    private final MongoCollection<Document> checkpoints;
    private volatile Checkpoint latest;
    private ScheduledExecutorService ticker;

    public EvidenceCheckpoints(EvidenceLog evidenceLog, EvidenceKeys keys, EvidenceProperties properties, Clock clock,
                               MongoDatabase database) {
        this.evidenceLog = evidenceLog;
        this.keys = keys;
        this.properties = properties;
        this.clock = clock;
        this.checkpoints = database.getCollection(COLLECTION);
    }

    public String origin() {
        return properties.origin();
    }

    public java.time.Duration checkpointEvery() {
        return properties.checkpointEvery();
    }

    /** Called by the evidence processor after each new leaf: a checkpoint when enough leaves wait. */
    public void leafAppended(long size) {
        Checkpoint known = latest;
        long covered = (known != null ? Optional.of(known) : latest()).map(Checkpoint::treeSize).orElse(0L);
        if (size - covered >= properties.checkpointEveryLeaves()) {
            make();
        }
    }

    /** The time rule: leaves wait and the last checkpoint is at least {@code checkpoint-every} old (or none). */
    public void checkpointIfDue() {
        long size = evidenceLog.size();
        Optional<Checkpoint> last = latest();
        long covered = last.map(Checkpoint::treeSize).orElse(0L);
        if (size > covered && (last.isEmpty() || !clock.instant()
                .isBefore(Instant.parse(last.get().createdAt()).plus(properties.checkpointEvery())))) {
            make();
        }
    }

    /** A checkpoint of the log as it is now (the latest one when nothing was appended since). */
    public synchronized Optional<Checkpoint> make() {
        long size = evidenceLog.size();
        Optional<Checkpoint> last = latest();
        if (size == 0 || last.isPresent() && last.get().treeSize() >= size) {
            return last;
        }
        byte[] root = evidenceLog.root(size);
        String note = SignedNote.sign(new SignedNote.Checkpoint(properties.origin(), size, root).text(),
                keys.current());
        Checkpoint made = new Checkpoint(size, Base64.getEncoder().encodeToString(root), clock.instant().toString(),
                note);
        try {
            checkpoints.insertOne(new Document("_id", size).append("rootHash", made.rootHash())
                    .append("createdAt", made.createdAt()).append("note", note)
                    .append("verifierKey", keys.current().verifierKey()));
            latest = made;
            return Optional.of(made);
        } catch (RuntimeException e) {
            if (!EvidenceLog.isDuplicateKey(e)) {
                throw e;
            }
            latest = null;
            return latest();
        }
    }

    public Optional<Checkpoint> latest() {
        Checkpoint known = latest;
        Document newest = checkpoints.find(known == null ? new Document() : Filters.gt("_id", known.treeSize()))
                .sort(Sorts.descending("_id")).limit(1).first();
        if (newest != null) {
            latest = known = checkpoint(newest);
        }
        return Optional.ofNullable(known);
    }

    /** Checkpoints with a tree size of at least {@code from}, oldest first. */
    public List<Checkpoint> list(long from, int limit) {
        List<Checkpoint> out = new ArrayList<>();
        for (Document d : checkpoints.find(Filters.gte("_id", from)).sort(Sorts.ascending("_id")).limit(limit)) {
            out.add(checkpoint(d));
        }
        return out;
    }

    public Optional<Checkpoint> at(long treeSize) {
        return Optional.ofNullable(checkpoints.find(Filters.eq("_id", treeSize)).first()).map(this::checkpoint);
    }

    private Checkpoint checkpoint(Document d) {
        return new Checkpoint(((Number) d.get("_id")).longValue(), d.getString("rootHash"), d.getString("createdAt"),
                d.getString("note"));
    }

    @Override
    public synchronized void start() {
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "evidence-checkpoints");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(10, properties.tick().toMillis());
        ticker.scheduleWithFixedDelay(() -> {
            try {
                checkpointIfDue();
            } catch (RuntimeException e) {
                log.warn("Could not make a checkpoint of the evidence log (tried again in {} ms): {}", period,
                        e.toString());
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return ticker != null;
    }
}
