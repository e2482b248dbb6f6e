package fi.agreementregistry.api.evidence;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.bson.types.Binary;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The append-only Merkle log in MongoDB, collection {@value #COLLECTION}: one document per perfect subtree,
 * {@code _id: "<level>:<index>"}, {@code h: <32 bytes>}. Leaves (level 0) also carry the event they prove:
 * {@code leafIndex, globalIndex, aggregateKey ("<agreement id>/<sequence>"), agreementId, sequence}, the last two
 * in unique sparse indexes, so a redelivered event is found and never appended twice. An inclusion or consistency
 * proof, or a root, needs O(log n) stored hashes, read in one {@code $in} on {@code _id}.
 * <p>
 * Leaf {@code i} is written only after leaf {@code i-1} (one writer: the single-segment evidence processor); the
 * nodes a leaf completes are written after it in the same ordered insert, one per batch of events. A node found
 * missing (a crash between the two) is computed from its children; the log's size is found by probing leaves, so
 * nothing else has to agree.
 */
@Component
public class EvidenceLog {

    public static final String COLLECTION = "evidence_log";
    static final String HASH = "h";

    private final MongoCollection<Document> log;
    private final Object lock = new Object();
    /** The right edge of the tree this instance has appended to, largest subtree first; null until loaded. */
    private List<byte[]> frontier;
    private long size = -1;

    public EvidenceLog(MongoDatabase database) {
        this.log = database.getCollection(COLLECTION).withReadConcern(ReadConcern.MAJORITY)
                .withReadPreference(ReadPreference.primary());
        log.createIndex(Indexes.ascending("globalIndex"), new IndexOptions().unique(true).sparse(true)
                .name("globalIndex_unique"));
        log.createIndex(Indexes.ascending("aggregateKey"), new IndexOptions().unique(true).sparse(true)
                .name("aggregateKey_unique"));
    }

    /** A stored leaf: where it is and which event it proves. */
    public record StoredLeaf(long leafIndex, long globalIndex, String agreementId, long sequence, byte[] hash) {
    }

    public enum Appended { APPENDED, ALREADY_THERE }

    /** Appends the leaf of an event unless the log already holds that event (see {@link #append(List)}). */
    public Appended append(EvidenceLeaf leaf) {
        return append(List.of(leaf)) == 1 ? Appended.APPENDED : Appended.ALREADY_THERE;
    }

    /**
     * Appends the leaves of a batch of events, in order, with one look-up and one ordered insert, leaving out the
     * events the log already holds (a redelivered batch: found by {@code globalIndex}).
     *
     * @return how many leaves were appended now
     */
    public int append(List<EvidenceLeaf> leaves) {
        synchronized (lock) {
            load();
            Set<Long> there = new HashSet<>();
            for (Document d : log.find(Filters.in("globalIndex", leaves.stream().map(EvidenceLeaf::globalIndex)
                    .toList())).projection(new Document("globalIndex", 1))) {
                there.add(((Number) d.get("globalIndex")).longValue());
            }
            long index = size;
            List<byte[]> edge = new ArrayList<>(frontier);
            List<WriteModel<Document>> writes = new ArrayList<>();
            for (EvidenceLeaf leaf : leaves) {
                if (!there.add(leaf.globalIndex())) {
                    continue;
                }
                List<Map.Entry<Merkle.Node, byte[]>> made = Merkle.append(index, leaf.hash(), edge);
                writes.add(new InsertOneModel<>(new Document("_id", made.get(0).getKey().id())
                        .append(HASH, new Binary(leaf.hash()))
                        .append("leafIndex", index)
                        .append("globalIndex", leaf.globalIndex())
                        .append("aggregateKey", leaf.agreementId() + "/" + leaf.sequence())
                        .append("agreementId", leaf.agreementId())
                        .append("sequence", leaf.sequence())));
                // Inserts like the leaves, so the whole batch is one insert command (an ordered bulk write sends each
                // run of one kind of write separately). A node is completed by exactly one leaf, so it is never
                // written twice: a retried batch leaves out the leaves that were written, and with them their nodes.
                for (Map.Entry<Merkle.Node, byte[]> node : made.subList(1, made.size())) {
                    writes.add(new InsertOneModel<>(new Document("_id", node.getKey().id())
                            .append(HASH, new Binary(node.getValue()))));
                }
                index++;
            }
            if (writes.isEmpty()) {
                return 0;
            }
            try {
                // Ordered: each leaf before the nodes it completes, and a refused leaf (its _id or globalIndex is
                // taken) stops the write, so what was written is a prefix of the batch with all of its nodes.
                log.bulkWrite(writes);
            } catch (RuntimeException e) {
                // Another instance wrote here (it held the segment), or the write failed: forget what we knew; the
                // processor retries the batch, which finds the log as it is now and leaves out what is there.
                frontier = null;
                size = -1;
                throw e;
            }
            int appended = (int) (index - size);
            frontier = edge;
            size = index;
            return appended;
        }
    }

    /** The size after this instance's last append (no look-up). */
    public long appendedSize() {
        synchronized (lock) {
            return size;
        }
    }

    /** The number of leaves stored (contiguous from 0). */
    public long size() {
        synchronized (lock) {
            if (size >= 0 && log.find(Filters.eq("_id", "0:" + size)).first() == null) {
                return size;
            }
            size = -1;
            frontier = null;
            load();
            return size;
        }
    }

    private void load() {
        if (frontier != null) {
            return;
        }
        long n = probeSize();
        List<Merkle.Node> edge = Merkle.frontier(n);
        Set<String> stored = new HashSet<>();
        for (Document d : log.find(Filters.in("_id", edge.stream().map(Merkle.Node::id).toList()))
                .projection(new Document("_id", 1))) {
            stored.add(d.getString("_id"));
        }
        Map<Merkle.Node, byte[]> hashes = source().hashes(new HashSet<>(edge));
        List<byte[]> loaded = new ArrayList<>();
        for (Merkle.Node node : edge) {
            loaded.add(hashes.get(node));
            if (!stored.contains(node.id())) {
                // Lost in a crash between a leaf and the nodes it completed: store what its children make.
                log.replaceOne(Filters.eq("_id", node.id()), new Document("_id", node.id())
                        .append(HASH, new Binary(hashes.get(node))), new ReplaceOptions().upsert(true));
            }
        }
        frontier = loaded;
        size = n;
    }

    /** Leaves are contiguous: gallop to the first missing index, then bisect. */
    private long probeSize() {
        if (!leafExists(0)) {
            return 0;
        }
        long present = 0;
        long step = 1;
        while (leafExists(present + step)) {
            present += step;
            step <<= 1;
        }
        long missing = present + step;
        while (missing - present > 1) {
            long mid = present + (missing - present) / 2;
            if (leafExists(mid)) {
                present = mid;
            } else {
                missing = mid;
            }
        }
        return present + 1;
    }

    private boolean leafExists(long index) {
        return log.find(Filters.eq("_id", "0:" + index)).projection(new Document("_id", 1)).first() != null;
    }

    /** Stored hashes; a missing node is computed from its children (never from anything but stored leaves). */
    public Merkle.NodeSource source() {
        return this::hashes;
    }

    private Map<Merkle.Node, byte[]> hashes(Set<Merkle.Node> nodes) {
        Map<Merkle.Node, byte[]> found = new HashMap<>();
        if (nodes.isEmpty()) {
            return found;
        }
        Map<String, Merkle.Node> byId = new HashMap<>();
        nodes.forEach(n -> byId.put(n.id(), n));
        for (Document d : log.find(Filters.in("_id", byId.keySet())).projection(new Document(HASH, 1))) {
            found.put(byId.get(d.getString("_id")), d.get(HASH, Binary.class).getData());
        }
        Set<Merkle.Node> children = new HashSet<>();
        for (Merkle.Node n : nodes) {
            if (!found.containsKey(n)) {
                if (n.level() == 0) {
                    throw new IllegalStateException("leaf " + n.index() + " is not in the evidence log");
                }
                children.add(new Merkle.Node(n.level() - 1, n.index() * 2));
                children.add(new Merkle.Node(n.level() - 1, n.index() * 2 + 1));
            }
        }
        if (!children.isEmpty()) {
            Map<Merkle.Node, byte[]> below = hashes(children);
            for (Merkle.Node n : nodes) {
                if (!found.containsKey(n)) {
                    found.put(n, Merkle.nodeHash(below.get(new Merkle.Node(n.level() - 1, n.index() * 2)),
                            below.get(new Merkle.Node(n.level() - 1, n.index() * 2 + 1))));
                }
            }
        }
        return found;
    }

    public Optional<StoredLeaf> leafFor(String agreementId, long sequence) {
        return Optional.ofNullable(log.find(Filters.eq("aggregateKey", agreementId + "/" + sequence)).first())
                .map(EvidenceLog::leaf);
    }

    /** Stored leaves {@code [from, to)}, in index order (one {@code $in} on {@code _id}). */
    public List<StoredLeaf> leaves(long from, long to) {
        List<String> ids = new ArrayList<>();
        for (long i = from; i < to; i++) {
            ids.add("0:" + i);
        }
        List<StoredLeaf> out = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (Document d : log.find(Filters.in("_id", ids))) {
            StoredLeaf leaf = leaf(d);
            if (seen.add(leaf.leafIndex())) {
                out.add(leaf);
            }
        }
        out.sort(java.util.Comparator.comparingLong(StoredLeaf::leafIndex));
        return out;
    }

    private static StoredLeaf leaf(Document d) {
        return new StoredLeaf(((Number) d.get("leafIndex")).longValue(), ((Number) d.get("globalIndex")).longValue(),
                d.getString("agreementId"), ((Number) d.get("sequence")).longValue(), d.get(HASH, Binary.class).getData());
    }

    public byte[] root(long treeSize) {
        return Merkle.root(treeSize, source());
    }

    static boolean isDuplicateKey(RuntimeException e) {
        return e instanceof MongoWriteException w && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }
}
