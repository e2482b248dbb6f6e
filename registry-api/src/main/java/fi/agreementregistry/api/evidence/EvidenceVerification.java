package fi.agreementregistry.api.evidence;

import com.mongodb.ReadConcern;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Checks the evidence log against the event store and its own checkpoints: every leaf is recomputed from the stored
 * commit ({@code altered}: the event's bytes changed; {@code missing}: the event is gone); every stored event up to
 * the log's newest global number has a leaf ({@code unexpected}: an event the log never saw, e.g. inserted behind the
 * registry's back); the tree of the stored leaf hashes has each checkpoint's root, and each pair of consecutive
 * checkpoints has a verifying RFC 9162 consistency proof ({@code inconsistent-checkpoints}); every checkpoint's note
 * verifies with a published key and says what its record says ({@code bad-signature}).
 */
@Component
public class EvidenceVerification {

    static final int PAGE = 500;

    /** One problem; {@code globalIndex}, {@code agreementId} and {@code sequence} are null for checkpoint problems. */
    public record Problem(Long leafIndex, Long globalIndex, String agreementId, Long sequence, String problem,
                          String detail) {
    }

    public record Report(boolean consistent, long treeSize, long eventsChecked, long checkpointsChecked,
                         List<Problem> problems) {
    }

    private final EvidenceLog log;
    private final EvidenceCheckpoints checkpoints;
    private final EvidenceKeys keys;
    private final MongoCollection<Document> events;

    public EvidenceVerification(EvidenceLog log, EvidenceCheckpoints checkpoints, EvidenceKeys keys,
                                MongoDatabase database) {
        this.log = log;
        this.checkpoints = checkpoints;
        this.keys = keys;
        this.events = database.getCollection("domain_events").withReadConcern(ReadConcern.MAJORITY);
    }

    public Report verify() {
        return verify((done, total) -> {
        });
    }

    /** @param progress told (leaves checked, leaves in the log) as it goes */
    public Report verify(BiConsumer<Long, Long> progress) {
        long size = log.size();
        List<Problem> problems = new ArrayList<>();
        List<EvidenceCheckpoints.Checkpoint> all = allCheckpoints();
        Map<Long, EvidenceCheckpoints.Checkpoint> bySize = new HashMap<>();
        all.forEach(c -> bySize.put(c.treeSize(), c));
        Set<Long> logged = new HashSet<>();
        long maxGlobal = -1;
        List<byte[]> frontier = new ArrayList<>();
        long checked = 0;
        for (long from = 0; from < size; from += PAGE) {
            long to = Math.min(size, from + PAGE);
            List<EvidenceLog.StoredLeaf> leaves = log.leaves(from, to);
            Map<Long, Document> stored = storedEvents(leaves.stream().map(EvidenceLog.StoredLeaf::globalIndex).toList());
            long expected = from;
            for (EvidenceLog.StoredLeaf leaf : leaves) {
                for (; expected < leaf.leafIndex(); expected++) {
                    problems.add(new Problem(expected, null, null, null, "missing",
                            "leaf " + expected + " is gone from the evidence log"));
                    frontier = null;
                }
                expected = leaf.leafIndex() + 1;
                logged.add(leaf.globalIndex());
                maxGlobal = Math.max(maxGlobal, leaf.globalIndex());
                Document event = stored.get(leaf.globalIndex());
                if (event == null) {
                    problems.add(problem(leaf, "missing", "the event is no longer in the event store"));
                } else if (!Arrays.equals(EvidenceLeaf.of(event).hash(), leaf.hash())) {
                    problems.add(problem(leaf, "altered", "the stored event differs from what the log recorded"));
                }
                checked++;
                if (frontier != null) {
                    Merkle.append(leaf.leafIndex(), leaf.hash(), frontier);
                    EvidenceCheckpoints.Checkpoint checkpoint = bySize.get(leaf.leafIndex() + 1);
                    if (checkpoint != null && !Arrays.equals(Merkle.rootOfFrontier(frontier), checkpoint.root())) {
                        problems.add(new Problem(leaf.leafIndex(), null, null, null, "inconsistent-checkpoints",
                                "the log's leaves do not make the root of the checkpoint of size "
                                        + checkpoint.treeSize()));
                    }
                }
            }
            for (; expected < to; expected++) {
                problems.add(new Problem(expected, null, null, null, "missing",
                        "leaf " + expected + " is gone from the evidence log"));
                frontier = null;
            }
            progress.accept(checked, size);
        }
        unexpected(maxGlobal, logged, problems);
        checkCheckpoints(all, size, problems);
        return new Report(problems.isEmpty(), size, checked, all.size(), problems);
    }

    private static Problem problem(EvidenceLog.StoredLeaf leaf, String kind, String detail) {
        return new Problem(leaf.leafIndex(), leaf.globalIndex(), leaf.agreementId(), leaf.sequence(), kind, detail);
    }

    private Map<Long, Document> storedEvents(List<Long> globals) {
        Map<Long, Document> out = new HashMap<>();
        if (globals.isEmpty()) {
            return out;
        }
        Set<Long> wanted = new HashSet<>(globals);
        for (Document commit : events.find(Filters.in("globalIndexes", globals))) {
            if (Boolean.TRUE.equals(commit.getBoolean("tombstone"))) {
                continue;
            }
            for (Document event : commit.getList("events", Document.class)) {
                long g = ((Number) event.get("globalIndex")).longValue();
                if (wanted.contains(g)) {
                    out.put(g, event);
                }
            }
        }
        return out;
    }

    /** Stored events with a global number the log has passed but no leaf for. */
    private void unexpected(long maxGlobal, Set<Long> logged, List<Problem> problems) {
        for (long from = 0; from <= maxGlobal; from += 1000) {
            List<Long> numbers = new ArrayList<>();
            for (long g = from; g <= Math.min(maxGlobal, from + 999); g++) {
                numbers.add(g);
            }
            Set<Object> seen = new HashSet<>();
            for (Document commit : events.find(Filters.in("globalIndexes", numbers))
                    .projection(Projections.include("events", "tombstone"))) {
                if (Boolean.TRUE.equals(commit.getBoolean("tombstone")) || !seen.add(commit.get("_id"))) {
                    continue;
                }
                for (Document event : commit.getList("events", Document.class)) {
                    long g = ((Number) event.get("globalIndex")).longValue();
                    if (g <= maxGlobal && !logged.contains(g)) {
                        problems.add(new Problem(null, g, event.getString("aggregateIdentifier"),
                                ((Number) event.get("sequenceNumber")).longValue(), "unexpected",
                                "a stored event the evidence log never recorded"));
                    }
                }
            }
        }
    }

    private void checkCheckpoints(List<EvidenceCheckpoints.Checkpoint> all, long size, List<Problem> problems) {
        List<EvidenceKey> verifiers = keys.verifiers();
        EvidenceCheckpoints.Checkpoint previous = null;
        for (EvidenceCheckpoints.Checkpoint c : all) {
            Optional<String> text = verifiers.stream()
                    .map(k -> SignedNote.open(c.note(), k)).flatMap(Optional::stream).findFirst();
            boolean says = text.map(t -> {
                try {
                    SignedNote.Checkpoint body = SignedNote.checkpoint(t);
                    return body.origin().equals(checkpoints.origin()) && body.treeSize() == c.treeSize()
                            && Arrays.equals(body.rootHash(), c.root());
                } catch (IllegalArgumentException e) {
                    return false;
                }
            }).orElse(false);
            if (!says) {
                problems.add(new Problem(c.treeSize() - 1, null, null, null, "bad-signature",
                        "the checkpoint of size " + c.treeSize() + " is not signed by a published key, or its note "
                                + "says otherwise than its record"));
            }
            if (c.treeSize() > size) {
                problems.add(new Problem(c.treeSize() - 1, null, null, null, "missing",
                        "the checkpoint of size " + c.treeSize() + " covers leaves the log no longer has"));
            } else if (previous != null) {
                try {
                    List<byte[]> proof = Merkle.consistencyProof(previous.treeSize(), c.treeSize(), log.source());
                    if (!Merkle.verifyConsistency(previous.treeSize(), c.treeSize(), previous.root(), c.root(), proof)) {
                        problems.add(new Problem(c.treeSize() - 1, null, null, null, "inconsistent-checkpoints",
                                "no valid consistency proof from size " + previous.treeSize() + " to " + c.treeSize()));
                    }
                } catch (IllegalStateException e) {
                    problems.add(new Problem(c.treeSize() - 1, null, null, null, "inconsistent-checkpoints",
                            e.getMessage()));
                }
            }
            previous = c;
        }
    }

    private List<EvidenceCheckpoints.Checkpoint> allCheckpoints() {
        List<EvidenceCheckpoints.Checkpoint> all = new ArrayList<>();
        long from = 0;
        while (true) {
            List<EvidenceCheckpoints.Checkpoint> page = checkpoints.list(from, 1000);
            all.addAll(page);
            if (page.size() < 1000) {
                return all;
            }
            from = page.get(page.size() - 1).treeSize() + 1;
        }
    }
}
