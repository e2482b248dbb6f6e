package fi.agreementregistry.api.storage.embedded;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;
import org.h2.mvstore.MVStore;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The H2 file backend, committing only between commands. MVStore's own background commit switches its maps (one per
 * collection and index) to the new version one after another while commands keep writing, so a commit can hold a
 * later write to one collection without an earlier write to another: after {@code kill -9} a processor's stored token
 * could be ahead of the read-model documents written before it (seen: a resumed replay missing two history entries).
 * Here every command holds a read lock and a commit takes the write lock, so each commit holds every command that
 * finished before it and none half-done.
 * <p>
 * The store is opened with auto-commit disabled <em>and</em> a zero write buffer: {@code autoCommitDisabled()} alone
 * only stops the background thread (H2 2.3.232 leaves its comment-out of {@code autoCommitBufferSize(0)} in the
 * builder), and MVStore would still commit from whichever thread is writing once about 19 MB of changes are unsaved
 * ({@code MVStore.beforeWrite}), in the middle of a command and outside this lock. With {@code autoCommitMemory} 0
 * nothing commits but this class: once a second, and whenever {@link #commit()} or {@link #commitAndSync()} is called.
 * <p>
 * A commit writes the new chunk to the file through the operating system's cache ({@code FileChannel.write}); that
 * survives {@code kill -9} but not a power loss. {@link #commitAndSync()} also forces the file to the disk
 * ({@code FileChannel.force}); the event store calls it after each append before the append is acknowledged.
 * Concurrent callers share commits ({@link GroupCommit}): each returns once a commit that started after its call,
 * and the {@code fsync} after it, have completed, so with several writers there are fewer commits than appends
 * instead of one per append.
 */
final class ConsistentH2Backend extends H2Backend {

    private static final long COMMIT_INTERVAL_MILLIS = 1_000;

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final MVStore store;
    private final GroupCommit groupCommit = new GroupCommit(this::commitThenSync);
    private final ScheduledExecutorService committer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "embedded-store-commit");
        thread.setDaemon(true);
        return thread;
    });

    ConsistentH2Backend(String fileName) {
        this(openStore(fileName));
    }

    /** The store as this class needs it: nothing commits but {@link #commit()}. */
    static MVStore openStore(String fileName) {
        return new MVStore.Builder().fileName(fileName).autoCommitDisabled().autoCommitBufferSize(0).open();
    }

    private ConsistentH2Backend(MVStore store) {
        super(store);
        this.store = store;
        committer.scheduleWithFixedDelay(this::commitIfOpen, COMMIT_INTERVAL_MILLIS, COMMIT_INTERVAL_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /**
     * H2's database, with its {@code _id} indexes answering {@code _id} lookups that carry more conditions. Called from
     * H2Backend's constructor for the stored databases, before this class's fields are set: hence getMvStore().
     */
    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new H2Database(databaseName, getMvStore(), getCursorRegistry()) {
            @Override
            protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName,
                                                            List<IndexKey> keys, boolean sparse) {
                return IdFirstIndex.of(super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse));
            }
        };
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        return underReadLock(() -> super.handleCommand(channel, database, command, query));
    }

    @Override
    public QueryResult handleQuery(MongoQuery query) {
        return underReadLock(() -> super.handleQuery(query));
    }

    @Override
    public Document handleMessage(MongoMessage message) {
        return underReadLock(() -> super.handleMessage(message));
    }

    @Override
    public void commit() {
        lock.writeLock().lock();
        try {
            super.commit();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Returns once everything this thread wrote before calling is committed and forced to the disk: a commit that
     * started after the call, then an {@code fsync}, have completed. Concurrent callers share one commit and one
     * {@code fsync} ({@link GroupCommit}). The force runs outside the lock, so commands go on meanwhile; it makes
     * durable everything written to the file before it, this commit included. If the commit or the force fails (a
     * store closed in between at shutdown, an I/O error), every caller waiting for it throws, and no append it was to
     * hold is acknowledged.
     */
    void commitAndSync() {
        groupCommit.awaitDurable();
    }

    /** How many commits with {@code fsync} {@link #commitAndSync()} has completed (for tests and measurements). */
    long syncedCommits() {
        return groupCommit.completedRuns();
    }

    private void commitThenSync() {
        commit();
        store.sync();
    }

    @Override
    public void close() {
        // Not shutdownNow(): interrupting a commit in the middle of FileChannel.write closes the channel
        // (ClosedByInterruptException), MVStore then panics and the closing commit below writes nothing.
        committer.shutdown();
        try {
            committer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lock.writeLock().lock();
        try {
            super.close();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void commitIfOpen() {
        if (!store.isClosed()) {
            commit();
        }
    }

    private <T> T underReadLock(Supplier<T> command) {
        lock.readLock().lock();
        try {
            return command.get();
        } finally {
            lock.readLock().unlock();
        }
    }
}
