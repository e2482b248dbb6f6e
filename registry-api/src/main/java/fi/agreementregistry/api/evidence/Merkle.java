package fi.agreementregistry.api.evidence;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Merkle tree of RFC 9162 section 2.1 (as RFC 6962's): leaf hash {@code SHA-256(0x00 || leaf)}, node hash
 * {@code SHA-256(0x01 || left || right)}, the tree hash MTH, inclusion proofs (PATH) and consistency proofs
 * (PROOF/SUBPROOF), and the two verification algorithms of sections 2.1.3.2 and 2.1.4.2.
 * <p>
 * Proofs are made from a {@link NodeSource}: the hashes of complete, aligned subtrees ("perfect" nodes: level
 * {@code k}, index {@code i} covers leaves {@code [i*2^k, (i+1)*2^k)}), so a stored log answers a proof with
 * O(log n) stored hashes. Every hash of the RFC's recursion is made of such perfect nodes.
 */
public final class Merkle {

    public static final int HASH_SIZE = 32;

    private Merkle() {
    }

    /** The hash of a complete aligned subtree: level {@code k} (0 = leaf), index {@code i}. */
    public record Node(int level, long index) {
        public long start() {
            return index << level;
        }

        public long end() {
            return (index + 1) << level;
        }

        public String id() {
            return level + ":" + index;
        }
    }

    /** A range of leaves {@code [start, end)} whose MTH is one element of a proof. */
    public record Range(long start, long end) {
    }

    /** Looks up the hashes of perfect nodes, all at once (a database answers them in one query). */
    @FunctionalInterface
    public interface NodeSource {
        Map<Node, byte[]> hashes(Set<Node> nodes);
    }

    public static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] leafHash(byte[] leaf) {
        return sha256(new byte[]{0x00}, leaf);
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        return sha256(new byte[]{0x01}, left, right);
    }

    /** MTH of the empty tree: SHA-256 of nothing. */
    public static byte[] emptyRoot() {
        return sha256();
    }

    /** The largest power of two smaller than {@code n} (n &gt; 1). */
    static long split(long n) {
        return Long.highestOneBit(n - 1);
    }

    /** MTH of a list of leaf hashes (the RFC's recursive definition; for tests and small trees). */
    public static byte[] root(List<byte[]> leafHashes) {
        return leafHashes.isEmpty() ? emptyRoot() : mth(leafHashes, 0, leafHashes.size());
    }

    private static byte[] mth(List<byte[]> leafHashes, int start, int end) {
        int n = end - start;
        if (n == 1) {
            return leafHashes.get(start);
        }
        int k = (int) split(n);
        return nodeHash(mth(leafHashes, start, start + k), mth(leafHashes, start + k, end));
    }

    /** PATH(m, D[n]) as the ranges whose MTH form the proof, leaf side first (RFC 9162 2.1.3.1). */
    public static List<Range> inclusionRanges(long leafIndex, long treeSize) {
        if (leafIndex < 0 || leafIndex >= treeSize) {
            throw new IllegalArgumentException("leaf " + leafIndex + " is not in a tree of size " + treeSize);
        }
        List<Range> path = new ArrayList<>();
        path(leafIndex, 0, treeSize, path);
        return path;
    }

    private static void path(long m, long start, long end, List<Range> out) {
        long n = end - start;
        if (n == 1) {
            return;
        }
        long k = split(n);
        if (m - start < k) {
            path(m, start, start + k, out);
            out.add(new Range(start + k, end));
        } else {
            path(m, start + k, end, out);
            out.add(new Range(start, start + k));
        }
    }

    /** PROOF(m, D[n]) as ranges (RFC 9162 2.1.4.1); empty when m = n or m = 0. */
    public static List<Range> consistencyRanges(long first, long second) {
        if (first < 0 || first > second) {
            throw new IllegalArgumentException("no consistency proof from size " + first + " to " + second);
        }
        List<Range> proof = new ArrayList<>();
        if (first > 0 && first < second) {
            subproof(first, 0, second, true, proof);
        }
        return proof;
    }

    private static void subproof(long m, long start, long end, boolean b, List<Range> out) {
        long n = end - start;
        if (m == n) {
            if (!b) {
                out.add(new Range(start, end));
            }
            return;
        }
        long k = split(n);
        if (m <= k) {
            subproof(m, start, start + k, b, out);
            out.add(new Range(start + k, end));
        } else {
            subproof(m - k, start + k, end, false, out);
            out.add(new Range(start, start + k));
        }
    }

    /** The perfect nodes whose hashes make MTH of a range, in the RFC's split order. */
    public static List<Node> perfectNodes(Range range) {
        List<Node> nodes = new ArrayList<>();
        perfect(range.start(), range.end(), nodes);
        return nodes;
    }

    private static void perfect(long start, long end, List<Node> out) {
        long n = end - start;
        if (Long.bitCount(n) == 1 && start % n == 0) {
            out.add(new Node(Long.numberOfTrailingZeros(n), start / n));
            return;
        }
        long k = split(n);
        perfect(start, start + k, out);
        perfect(start + k, end, out);
    }

    /** MTH of each range, from the perfect node hashes the source gives (one look-up for all of them). */
    public static List<byte[]> hashes(List<Range> ranges, NodeSource source) {
        Set<Node> needed = new LinkedHashSet<>();
        for (Range r : ranges) {
            needed.addAll(perfectNodes(r));
        }
        Map<Node, byte[]> known = new HashMap<>(source.hashes(needed));
        List<byte[]> out = new ArrayList<>(ranges.size());
        for (Range r : ranges) {
            out.add(rangeHash(r.start(), r.end(), known));
        }
        return out;
    }

    private static byte[] rangeHash(long start, long end, Map<Node, byte[]> known) {
        long n = end - start;
        if (Long.bitCount(n) == 1 && start % n == 0) {
            byte[] hash = known.get(new Node(Long.numberOfTrailingZeros(n), start / n));
            if (hash == null) {
                throw new IllegalStateException("no hash for leaves [" + start + ", " + end + ")");
            }
            return hash;
        }
        long k = split(n);
        return nodeHash(rangeHash(start, start + k, known), rangeHash(start + k, end, known));
    }

    /** MTH of the first {@code treeSize} leaves. */
    public static byte[] root(long treeSize, NodeSource source) {
        return treeSize == 0 ? emptyRoot() : hashes(List.of(new Range(0, treeSize)), source).get(0);
    }

    public static List<byte[]> inclusionProof(long leafIndex, long treeSize, NodeSource source) {
        return hashes(inclusionRanges(leafIndex, treeSize), source);
    }

    public static List<byte[]> consistencyProof(long first, long second, NodeSource source) {
        return hashes(consistencyRanges(first, second), source);
    }

    /** RFC 9162 2.1.3.2: does the proof lead from this leaf hash to this root? */
    public static boolean verifyInclusion(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> proof,
                                          byte[] rootHash) {
        if (leafIndex < 0 || leafIndex >= treeSize || leafHash == null || rootHash == null
                || rootHash.length != HASH_SIZE) {
            return false;
        }
        long fn = leafIndex;
        long sn = treeSize - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0 || p == null || p.length != HASH_SIZE) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(r, rootHash);
    }

    /** RFC 9162 2.1.4.2, with the trivial cases: equal sizes need an empty proof and equal roots, size 0 any root. */
    public static boolean verifyConsistency(long first, long second, byte[] firstHash, byte[] secondHash,
                                            List<byte[]> proof) {
        if (first < 0 || second < first) {
            return false;
        }
        if (first == second) {
            return proof.isEmpty() && firstHash != null && MessageDigest.isEqual(firstHash, secondHash);
        }
        if (first == 0) {
            return proof.isEmpty();
        }
        if (proof.isEmpty() || firstHash == null || secondHash == null) {
            return false;
        }
        for (byte[] p : proof) {
            if (p == null || p.length != HASH_SIZE) {
                return false;
            }
        }
        List<byte[]> path = new ArrayList<>(proof);
        if (Long.bitCount(first) == 1) {
            path.add(0, firstHash);
        }
        long fn = first - 1;
        long sn = second - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return MessageDigest.isEqual(fr, firstHash) && MessageDigest.isEqual(sr, secondHash) && sn == 0;
    }

    /**
     * The perfect nodes that an append of leaf {@code size} (the next index) completes, given the hashes of the
     * tree's right edge ({@code frontier}: the perfect subtrees of the current size, largest first). Updates the
     * frontier; returns the new nodes, the leaf itself first.
     */
    public static List<Map.Entry<Node, byte[]>> append(long size, byte[] leafHash, List<byte[]> frontier) {
        List<Map.Entry<Node, byte[]>> made = new ArrayList<>();
        made.add(Map.entry(new Node(0, size), leafHash));
        byte[] current = leafHash;
        long index = size;
        int level = 0;
        while ((index & 1) == 1) {
            byte[] left = frontier.remove(frontier.size() - 1);
            current = nodeHash(left, current);
            index >>= 1;
            level++;
            made.add(Map.entry(new Node(level, index), current));
        }
        frontier.add(current);
        return made;
    }

    /** The perfect nodes that make the right edge of a tree of this size, largest first. */
    public static List<Node> frontier(long size) {
        List<Node> nodes = new ArrayList<>();
        for (int level = 63 - Long.numberOfLeadingZeros(Math.max(size, 1)); level >= 0; level--) {
            if ((size >> level & 1) == 1) {
                nodes.add(new Node(level, (size >> level) - 1));
            }
        }
        return nodes;
    }

    /** MTH from the right edge's hashes (largest subtree first). */
    public static byte[] rootOfFrontier(List<byte[]> frontier) {
        if (frontier.isEmpty()) {
            return emptyRoot();
        }
        byte[] r = frontier.get(frontier.size() - 1);
        for (int i = frontier.size() - 2; i >= 0; i--) {
            r = nodeHash(frontier.get(i), r);
        }
        return r;
    }
}
