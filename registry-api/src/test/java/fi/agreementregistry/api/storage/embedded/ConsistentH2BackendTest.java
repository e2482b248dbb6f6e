package fi.agreementregistry.api.storage.embedded;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

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
}
