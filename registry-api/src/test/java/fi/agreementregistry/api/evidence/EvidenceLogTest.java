package fi.agreementregistry.api.evidence;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import fi.agreementregistry.api.storage.embedded.EmbeddedMongoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The MongoDB-backed log on the embedded server: a 10,000-leaf log whose every pair of checkpoints (one per 100
 * leaves) has a verifying consistency proof and whose roots equal the RFC's recursive MTH; proofs read O(log n)
 * stored hashes; an instance that starts on the store finds the size and right edge; a node lost in a crash between
 * a leaf and the nodes it completes is computed from its children.
 */
class EvidenceLogTest {

    static EmbeddedMongoServer server;
    static MongoClient client;

    @BeforeAll
    static void start() {
        server = EmbeddedMongoServer.inMemory();
        client = MongoClients.create(server.connectionString());
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    static MongoDatabase freshDatabase() {
        return client.getDatabase("evidence-" + UUID.randomUUID().toString().substring(0, 8));
    }

    static EvidenceLeaf leaf(long i) {
        return new EvidenceLeaf(i * 3 + 1, "agreement-" + (i / 10), i % 10,
                ("{\"event\":" + i + "}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void consistencyProofsBetweenEveryPairOfCheckpointsOfA10000LeafLogVerify() {
        EvidenceLog log = new EvidenceLog(freshDatabase());
        List<byte[]> leafHashes = new ArrayList<>();
        List<long[]> sizes = new ArrayList<>();
        List<byte[]> roots = new ArrayList<>();
        long started = System.nanoTime();
        for (long i = 0; i < 10_000; i++) {
            EvidenceLeaf leaf = leaf(i);
            assertThat(log.append(leaf)).isEqualTo(EvidenceLog.Appended.APPENDED);
            leafHashes.add(leaf.hash());
            if ((i + 1) % 100 == 0) {
                sizes.add(new long[]{i + 1});
                roots.add(log.root(i + 1));
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("evidence log: 10000 appends in %.1f s (%.0f leaves/s)%n", seconds, 10_000 / seconds);
        assertThat(log.size()).isEqualTo(10_000);
        for (int c = 0; c < sizes.size(); c += 9) {
            int size = (int) sizes.get(c)[0];
            assertThat(roots.get(c)).as("root of %d", size).isEqualTo(Merkle.root(leafHashes.subList(0, size)));
        }
        for (int a = 0; a < sizes.size(); a++) {
            for (int b = a; b < sizes.size(); b++) {
                long first = sizes.get(a)[0];
                long second = sizes.get(b)[0];
                List<byte[]> proof = Merkle.consistencyProof(first, second, log.source());
                assertThat(Merkle.verifyConsistency(first, second, roots.get(a), roots.get(b), proof))
                        .as("%d -> %d", first, second).isTrue();
            }
        }
        for (long i = 0; i < 10_000; i += 997) {
            assertThat(Merkle.verifyInclusion(i, 10_000, leafHashes.get((int) i),
                    Merkle.inclusionProof(i, 10_000, log.source()), roots.get(roots.size() - 1))).isTrue();
        }
        assertThat(log.append(leaf(5))).as("a redelivered event").isEqualTo(EvidenceLog.Appended.ALREADY_THERE);
        assertThat(log.size()).isEqualTo(10_000);
    }

    @Test
    void aNewInstanceFindsTheLogAndANodeLostInACrashIsComputedFromItsChildren() {
        MongoDatabase database = freshDatabase();
        EvidenceLog first = new EvidenceLog(database);
        List<byte[]> hashes = new ArrayList<>();
        for (long i = 0; i < 23; i++) {
            first.append(leaf(i));
            hashes.add(leaf(i).hash());
        }
        // Leaf 23 completes nodes 1:11, 2:5 and 3:2; a crash after the leaf lost them.
        first.append(leaf(23));
        hashes.add(leaf(23).hash());
        database.getCollection(EvidenceLog.COLLECTION).deleteMany(Filters.in("_id", List.of("1:11", "2:5", "3:2")));

        EvidenceLog restarted = new EvidenceLog(database);
        assertThat(restarted.size()).isEqualTo(24);
        assertThat(database.getCollection(EvidenceLog.COLLECTION).countDocuments(Filters.eq("_id", "3:2")))
                .as("the lost right-edge node is stored again").isEqualTo(1);
        assertThat(restarted.root(24)).isEqualTo(Merkle.root(hashes));
        restarted.append(leaf(24));
        hashes.add(leaf(24).hash());
        assertThat(restarted.root(25)).isEqualTo(Merkle.root(hashes));
        assertThat(restarted.leafFor("agreement-2", 4).orElseThrow().leafIndex()).isEqualTo(24);
    }

    @Test
    void aBatchMakesTheSameTreeAsOneLeafAtATimeLeavesOutWhatIsThereAndAfterAnotherWriterRetriesOnTheLogAsItIs() {
        List<byte[]> hashes = new ArrayList<>();
        List<EvidenceLeaf> all = new ArrayList<>();
        for (long i = 0; i < 40; i++) {
            all.add(leaf(i));
            hashes.add(leaf(i).hash());
        }
        MongoDatabase database = freshDatabase();
        EvidenceLog log = new EvidenceLog(database);
        assertThat(log.append(all.subList(0, 17))).isEqualTo(17);
        assertThat(log.append(all.subList(10, 30))).as("a redelivered batch with new events after it").isEqualTo(13);
        assertThat(log.root(30)).isEqualTo(Merkle.root(hashes.subList(0, 30)));

        // Another instance (it held the segment for a while) appends leaf 30; this one's next batch is refused
        // part-way and nothing it knew is trusted; the retry leaves out what the other one wrote.
        new EvidenceLog(database).append(all.get(30));
        assertThatThrownBy(() -> log.append(List.of(all.get(31), all.get(30)))).isInstanceOf(RuntimeException.class);
        assertThat(log.append(all.subList(30, 40))).isEqualTo(9);
        assertThat(log.size()).isEqualTo(40);
        assertThat(log.root(40)).isEqualTo(Merkle.root(hashes));
    }
}
