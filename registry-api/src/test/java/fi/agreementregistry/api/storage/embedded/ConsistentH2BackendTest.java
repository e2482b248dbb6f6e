package fi.agreementregistry.api.storage.embedded;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsistentH2BackendTest {

    /**
     * Issue 12, section 3: H2 2.3.232 commits from the writing thread once about 19 MB are unsaved
     * ({@code MVStore.beforeWrite}), in the middle of a command and outside the backend's lock, unless the write
     * buffer is 0 ({@code autoCommitDisabled()} alone leaves it at the default).
     */
    @Test
    void theStoreNeverCommitsOnItsOwnHoweverMuchIsUnsaved(@TempDir Path dir) {
        MVStore store = ConsistentH2Backend.openStore(dir.resolve("store.mv.db").toString());
        try {
            assertThat(store.getAutoCommitDelay()).as("background commit thread").isZero();
            assertThat(store.getAutoCommitMemory()).as("write buffer").isZero();
            MVMap<Integer, byte[]> map = store.openMap("documents");
            store.commit();
            long version = store.getCurrentVersion();
            for (int i = 0; i < 300; i++) {
                map.put(i, new byte[200_000]);   // 60 MB, several times H2's default buffer
            }
            assertThat(store.getCurrentVersion()).as("the version: no commit while writing").isEqualTo(version);
            assertThat(store.hasUnsavedChanges()).isTrue();
            store.commit();
            assertThat(store.getCurrentVersion()).isGreaterThan(version);
        } finally {
            store.close();
        }
    }

    /**
     * Group commit on the real store: writers appending concurrently, each running the durability hook after its
     * write as the event store does, share commits; and every write acknowledged by the hook is in the file as
     * {@code kill -9} would leave it (a copy taken while the store is open: no close, no final commit).
     */
    @Test
    void concurrentWritersShareCommitsAndEveryAcknowledgedWriteIsInTheFile(@TempDir Path dir) throws Exception {
        int writers = 8;
        int writesEach = 50;
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Path crashed = dir.resolve("crashed");
        try (EmbeddedMongoServer server = EmbeddedMongoServer.fileBacked(dir.resolve("data"));
             MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> notes = client.getDatabase("registry").getCollection("notes");
            Runnable durabilityHook = server.durabilityHook();
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    int writer = w;
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < writesEach; i++) {
                            String id = writer + "-" + i;
                            notes.insertOne(new Document("_id", id).append("text", "note " + id));
                            durabilityHook.run();
                            acknowledged.add(id);
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            long syncs = server.h2Backend().syncedCommits();
            System.out.printf("[figures] group commit, H2 file: %d acknowledged writes by %d threads, %d commits "
                    + "with fsync%n", acknowledged.size(), writers, syncs);
            assertThat(syncs).as("commits with fsync").isPositive().isLessThan(acknowledged.size());
            Files.createDirectories(crashed);
            Files.copy(dir.resolve("data").resolve(EmbeddedMongoServer.STORE_FILE_NAME),
                    crashed.resolve(EmbeddedMongoServer.STORE_FILE_NAME));
        }
        assertThat(acknowledged).hasSize(writers * writesEach);
        try (EmbeddedMongoServer reopened = EmbeddedMongoServer.fileBacked(crashed);
             MongoClient client = MongoClients.create(reopened.connectionString())) {
            MongoCollection<Document> notes = client.getDatabase("registry").getCollection("notes");
            List<String> lost = acknowledged.stream()
                    .filter(id -> notes.find(Filters.eq("_id", id)).first() == null)
                    .toList();
            assertThat(lost).as("acknowledged writes missing from the file").isEmpty();
        }
    }

    @Test
    void aCommitOnAClosedStoreFailsSoNothingIsAcknowledged(@TempDir Path dir) {
        EmbeddedMongoServer server = EmbeddedMongoServer.fileBacked(dir);
        Runnable durabilityHook = server.durabilityHook();
        durabilityHook.run();
        server.close();
        assertThatThrownBy(durabilityHook::run).isInstanceOf(RuntimeException.class);
    }
}
