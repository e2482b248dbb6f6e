package fi.agreementregistry.api.evidence;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Merkle code against the published RFC 6962 test vectors of transparency-dev/merkle ({@code testonly/
 * constants.go}: eight leaf inputs, every node hash and the root of every size; {@code proof/verify_test.go}:
 * inclusion and consistency proofs), and every proof of every pair of sizes up to 64 against the RFC's verifiers.
 */
class MerkleTest {

    static final HexFormat HEX = HexFormat.of();
    static final List<byte[]> LEAVES = hex("", "00", "10", "2021", "3031", "40414243", "5051525354555657",
            "606162636465666768696a6b6c6d6e6f");
    /** Roots of the trees of size 0..8. */
    static final List<byte[]> ROOTS = hex(
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    static List<byte[]> hex(String... values) {
        List<byte[]> out = new ArrayList<>();
        for (String v : values) {
            out.add(HEX.parseHex(v));
        }
        return out;
    }

    /** A log of n leaves built by {@link Merkle#append}, its nodes in a map as a database would hold them. */
    static Map<Merkle.Node, byte[]> build(List<byte[]> leafHashes) {
        Map<Merkle.Node, byte[]> nodes = new HashMap<>();
        List<byte[]> frontier = new ArrayList<>();
        for (int i = 0; i < leafHashes.size(); i++) {
            for (Map.Entry<Merkle.Node, byte[]> e : Merkle.append(i, leafHashes.get(i), frontier)) {
                nodes.put(e.getKey(), e.getValue());
            }
        }
        return nodes;
    }

    static Merkle.NodeSource source(Map<Merkle.Node, byte[]> nodes) {
        return (Set<Merkle.Node> wanted) -> {
            Map<Merkle.Node, byte[]> out = new HashMap<>();
            wanted.forEach(n -> out.put(n, nodes.get(n)));
            return out;
        };
    }

    static List<byte[]> leafHashes() {
        return LEAVES.stream().map(Merkle::leafHash).toList();
    }

    @Test
    void rootOfEverySizeMatchesTheVectors() {
        List<byte[]> leafHashes = leafHashes();
        Map<Merkle.Node, byte[]> nodes = build(leafHashes);
        for (int size = 0; size <= 8; size++) {
            assertThat(HEX.formatHex(Merkle.root(leafHashes.subList(0, size)))).as("recursive MTH, size %d", size)
                    .isEqualTo(HEX.formatHex(ROOTS.get(size)));
            assertThat(HEX.formatHex(Merkle.root(size, source(nodes)))).as("MTH from stored nodes, size %d", size)
                    .isEqualTo(HEX.formatHex(ROOTS.get(size)));
        }
        // the stored node (level 1, index 3) of the vectors
        assertThat(HEX.formatHex(nodes.get(new Merkle.Node(1, 3))))
                .isEqualTo("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0");
    }

    @Test
    void inclusionProofsMatchTheVectors() {
        Map<Merkle.Node, byte[]> nodes = build(leafHashes());
        // {leaf index (0-based), tree size, proof...} from proof/verify_test.go (which counts leaves from 1)
        Object[][] vectors = {
                {0L, 1L, List.of()},
                {0L, 8L, hex("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")},
                {5L, 8L, hex("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")},
                {2L, 3L, hex("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")},
                {1L, 5L, hex("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")},
        };
        for (Object[] v : vectors) {
            long leaf = (Long) v[0];
            long size = (Long) v[1];
            @SuppressWarnings("unchecked") List<byte[]> expected = (List<byte[]>) v[2];
            List<byte[]> proof = Merkle.inclusionProof(leaf, size, source(nodes));
            assertThat(proof.stream().map(HEX::formatHex).toList()).as("PATH(%d, %d)", leaf, size)
                    .isEqualTo(expected.stream().map(HEX::formatHex).toList());
            byte[] leafHash = Merkle.leafHash(LEAVES.get((int) leaf));
            assertThat(Merkle.verifyInclusion(leaf, size, leafHash, proof, ROOTS.get((int) size))).isTrue();
            assertThat(Merkle.verifyInclusion(leaf, size, leafHash, proof, ROOTS.get((int) size - 1)))
                    .as("another root").isFalse();
            assertThat(Merkle.verifyInclusion(leaf, size * 2, leafHash, proof, ROOTS.get((int) size)))
                    .as("another size").isFalse();
            for (int i = 0; i < proof.size(); i++) {
                List<byte[]> bad = new ArrayList<>(proof);
                byte[] flipped = bad.get(i).clone();
                flipped[0] ^= 8;
                bad.set(i, flipped);
                assertThat(Merkle.verifyInclusion(leaf, size, leafHash, bad, ROOTS.get((int) size)))
                        .as("proof[%d] changed", i).isFalse();
            }
            if (!proof.isEmpty()) {
                assertThat(Merkle.verifyInclusion(leaf, size, leafHash, proof.subList(0, proof.size() - 1),
                        ROOTS.get((int) size))).as("shortened").isFalse();
            }
        }
    }

    @Test
    void consistencyProofsMatchTheVectors() {
        Map<Merkle.Node, byte[]> nodes = build(leafHashes());
        Object[][] vectors = {
                {1L, 1L, List.of()},
                {1L, 8L, hex("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")},
                {6L, 8L, hex("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")},
                {2L, 5L, hex("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")},
                {6L, 7L, hex("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                        "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")},
        };
        for (Object[] v : vectors) {
            long first = (Long) v[0];
            long second = (Long) v[1];
            @SuppressWarnings("unchecked") List<byte[]> expected = (List<byte[]>) v[2];
            List<byte[]> proof = Merkle.consistencyProof(first, second, source(nodes));
            assertThat(proof.stream().map(HEX::formatHex).toList()).as("PROOF(%d, %d)", first, second)
                    .isEqualTo(expected.stream().map(HEX::formatHex).toList());
            byte[] r1 = ROOTS.get((int) first);
            byte[] r2 = ROOTS.get((int) second);
            assertThat(Merkle.verifyConsistency(first, second, r1, r2, proof)).isTrue();
            if (!proof.isEmpty()) {
                assertThat(Merkle.verifyConsistency(first, second, r2, r1, proof)).as("swapped roots").isFalse();
                assertThat(Merkle.verifyConsistency(first, second, r1, r2, List.of())).as("empty proof").isFalse();
                for (int i = 0; i < proof.size(); i++) {
                    List<byte[]> bad = new ArrayList<>(proof);
                    byte[] flipped = bad.get(i).clone();
                    flipped[0] ^= 16;
                    bad.set(i, flipped);
                    assertThat(Merkle.verifyConsistency(first, second, r1, r2, bad)).as("proof[%d] changed", i)
                            .isFalse();
                }
            }
        }
    }

    @Test
    void everyProofOfEveryPairUpTo64VerifiesAndAWrongRootDoesNot() {
        List<byte[]> leafHashes = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            leafHashes.add(Merkle.leafHash(("leaf " + i).getBytes()));
        }
        Map<Merkle.Node, byte[]> nodes = build(leafHashes);
        Merkle.NodeSource source = source(nodes);
        for (int second = 1; second <= 64; second++) {
            byte[] root2 = Merkle.root(leafHashes.subList(0, second));
            for (int leaf = 0; leaf < second; leaf++) {
                assertThat(Merkle.verifyInclusion(leaf, second, leafHashes.get(leaf),
                        Merkle.inclusionProof(leaf, second, source), root2)).as("leaf %d of %d", leaf, second).isTrue();
            }
            for (int first = 1; first <= second; first++) {
                byte[] root1 = Merkle.root(leafHashes.subList(0, first));
                List<byte[]> proof = Merkle.consistencyProof(first, second, source);
                assertThat(Merkle.verifyConsistency(first, second, root1, root2, proof))
                        .as("%d -> %d", first, second).isTrue();
                if (first < second) {
                    assertThat(Merkle.verifyConsistency(first, second, root2, root2, proof))
                            .as("%d -> %d with a wrong first root", first, second).isFalse();
                }
            }
        }
    }
}
