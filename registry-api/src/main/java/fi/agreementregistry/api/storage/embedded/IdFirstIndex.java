package fi.agreementregistry.api.storage.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.KeyConstraintError;

import java.util.Collection;
import java.util.List;

/**
 * The embedded server's {@code _id} index, also answering a query that names one {@code _id} beside other conditions,
 * such as a read-model write guarded by the stored sequence ({@code {_id: x, $or: [{aggregateSequence: {$lt: n}},
 * ...]}}, {@code BatchWrites.versioned}). mongo-java-server answers from an index only a query on exactly that index's
 * fields, and scans the whole collection for any other, so each guarded write would read every document. Here the
 * index finds the one document by {@code _id}, and the server checks the rest of the query on it as it does for any
 * document an index returns. Everything else is the wrapped index's.
 */
final class IdFirstIndex<P> extends Index<P> {

    private static final String ID = "_id";

    private final Index<P> index;

    private IdFirstIndex(Index<P> index) {
        super(index.getName(), index.getKeys(), false);
        this.index = index;
    }

    /** The memory backend (tests) with its {@code _id} indexes wrapped. */
    static MemoryBackend memoryBackend() {
        return new MemoryBackend() {
            @Override
            public MemoryDatabase openOrCreateDatabase(String databaseName) {
                return new MemoryDatabase(databaseName, getCursorRegistry()) {
                    @Override
                    protected Index<Integer> openOrCreateUniqueIndex(String collectionName, String indexName,
                                                                     List<IndexKey> keys, boolean sparse) {
                        return of(super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse));
                    }
                };
            }
        };
    }

    /** The index itself, wrapped if it is the {@code _id} index. */
    static <P> Index<P> of(Index<P> index) {
        List<IndexKey> keys = index.getKeys();
        return keys.size() == 1 && keys.get(0).getKey().equals(ID) ? new IdFirstIndex<>(index) : index;
    }

    @Override
    public boolean canHandle(Document query) {
        return index.canHandle(query) || idOnly(query) != null;
    }

    @Override
    public Iterable<P> getPositions(Document query) {
        return index.canHandle(query) ? index.getPositions(query) : index.getPositions(idOnly(query));
    }

    /** {@code {_id: value}} if the query names one plain {@code _id} value and more, else null. */
    private static Document idOnly(Document query) {
        Object id = query.get(ID);
        if (query.size() < 2 || id == null || id instanceof Document || id instanceof Collection<?>
                || BsonRegularExpression.isRegularExpression(id)) {
            return null;
        }
        return new Document(ID, id);
    }

    @Override
    public P getPosition(Document document) {
        return index.getPosition(document);
    }

    @Override
    public void checkAdd(Document document, MongoCollection<P> collection) {
        index.checkAdd(document, collection);
    }

    @Override
    public void add(Document document, P position, MongoCollection<P> collection) {
        index.add(document, position, collection);
    }

    @Override
    public P remove(Document document) {
        return index.remove(document);
    }

    @Override
    public long getCount() {
        return index.getCount();
    }

    @Override
    public boolean isEmpty() {
        return index.isEmpty();
    }

    @Override
    public long getDataSize() {
        return index.getDataSize();
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<P> collection) {
        index.checkUpdate(oldDocument, newDocument, collection);
    }

    @Override
    public void updateInPlace(Document oldDocument, Document newDocument, P position, MongoCollection<P> collection)
            throws KeyConstraintError {
        index.updateInPlace(oldDocument, newDocument, position, collection);
    }

    @Override
    public void drop() {
        index.drop();
    }

    @Override
    public boolean isUnique() {
        return index.isUnique();
    }

    @Override
    public Document toIndexDescription() {
        return index.toIndexDescription();
    }
}
