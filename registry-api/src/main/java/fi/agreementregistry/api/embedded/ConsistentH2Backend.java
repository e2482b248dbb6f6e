package fi.agreementregistry.api.embedded;

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
 * finished before it and none half-done; MVStore's timer is off and this class commits once a second instead (and
 * whenever {@link #commit()} is called, as the event store does after each append).
 */
final class ConsistentH2Backend extends H2Backend {

    private static final long COMMIT_INTERVAL_MILLIS = 1_000;

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final MVStore store;
    private final ScheduledExecutorService committer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "embedded-store-commit");
        thread.setDaemon(true);
        return thread;
    });

    ConsistentH2Backend(String fileName) {
        this(MVStore.open(fileName));
    }

    private ConsistentH2Backend(MVStore store) {
        super(store);
        this.store = store;
        store.setAutoCommitDelay(0);
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

    @Override
    public void close() {
        committer.shutdownNow();
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
