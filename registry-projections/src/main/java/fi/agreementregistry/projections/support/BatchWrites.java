package fi.agreementregistry.projections.support;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.WriteModel;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.SerializationException;
import org.bson.Document;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Batch-aware persistence for one projection instance. A tracking processor hands its handlers a batch of events in
 * one unit of work; the documents those events touch are loaded once per batch, kept in memory as the projection's
 * own state, changed by each event, and written once, with one {@code bulkWrite} per collection, when the batch
 * commits. Without a unit of work (unit tests, the consistency repair) every change is written at once.
 * <p>
 * The writes must reach MongoDB before the processor stores the batch's token, or a crash in between would lose
 * them. The processor stores its token in a prepare-commit handler registered before any of ours, so the token store
 * calls {@link #flushCurrentUnitOfWork()} first (see the registry's {@code AxonConfiguration}); the prepare-commit
 * flush registered here writes whatever that left (a token store without the hook, or one that stored the token
 * before processing). A crash after the flush and before the token is stored redelivers the batch, which the
 * projections skip by their stored aggregate sequence or rewrite identically. A failing flush throws, so the unit of
 * work rolls back and the processor retries the batch.
 */
public final class BatchWrites {

    private static final String PENDING = BatchWrites.class.getName() + ".pending";

    private final MongoDatabase database;
    private final CollectionNames names;
    private final List<Documents<?>> tables = new ArrayList<>();

    public BatchWrites(MongoDatabase database, CollectionNames names) {
        this.database = database;
        this.names = names;
    }

    /**
     * Documents kept as state of type {@code T} by {@code _id}. Collections flush in the order they are declared here,
     * so declare last the one whose stored sequence decides whether an event was applied.
     *
     * @param decode turns a stored document into state
     * @param write  the write that stores a state under its id (a replace, or a {@code $set} of its own fields)
     */
    public <T> Documents<T> documents(String baseName, Function<Document, T> decode,
                                      BiFunction<String, T, WriteModel<Document>> write) {
        return documents(baseName, decode, write, payload -> null);
    }

    /**
     * As {@link #documents(String, Function, BiFunction)}, and at a batch's first use loads, with one query, the
     * documents of every event of the batch, instead of one query per document.
     *
     * @param idOf the {@code _id} of the document an event's payload changes, or null if none
     */
    public <T> Documents<T> documents(String baseName, Function<Document, T> decode,
                                      BiFunction<String, T, WriteModel<Document>> write,
                                      Function<Object, String> idOf) {
        Documents<T> documents = new Documents<>(baseName, decode, write, idOf);
        tables.add(documents);
        return documents;
    }

    /** Writes what the current unit of work's batch has buffered, in every projection; nothing without one. */
    public static void flushCurrentUnitOfWork() {
        if (CurrentUnitOfWork.isStarted()) {
            Pending pending = CurrentUnitOfWork.get().root().getResource(PENDING);
            if (pending != null) {
                pending.flush();
            }
        }
    }

    /** The current batch of this projection instance, or null when no unit of work is active. */
    private Batch batch() {
        if (!CurrentUnitOfWork.isStarted()) {
            return null;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        Pending pending = root.getOrComputeResource(PENDING, key -> {
            Pending created = new Pending();
            root.onPrepareCommit(uow -> created.flush());
            return created;
        });
        return pending.batches.computeIfAbsent(this, key -> new Batch());
    }

    /** Everything the unit of work's batch has buffered, per projection instance, in the order first touched. */
    private static final class Pending {
        final Map<BatchWrites, Batch> batches = new LinkedHashMap<>();

        void flush() {
            for (Map.Entry<BatchWrites, Batch> entry : batches.entrySet()) {
                entry.getKey().flush(entry.getValue());
            }
            batches.clear();
        }
    }

    /** One projection instance's share of a batch: per collection, the resolved collection and the buffered state. */
    private static final class Batch {
        final Map<Documents<?>, Buffer<?>> buffers = new IdentityHashMap<>();
    }

    private void flush(Batch batch) {
        for (Documents<?> table : tables) {
            Buffer<?> buffer = batch.buffers.get(table);
            if (buffer != null) {
                table.flush(buffer);
            }
        }
        batch.buffers.clear();
    }

    /** State documents by {@code _id}; see {@link BatchWrites#documents}. */
    public final class Documents<T> {
        private final String baseName;
        private final Function<Document, T> decode;
        private final BiFunction<String, T, WriteModel<Document>> write;
        private final Function<Object, String> idOf;

        private Documents(String baseName, Function<Document, T> decode,
                          BiFunction<String, T, WriteModel<Document>> write, Function<Object, String> idOf) {
            this.baseName = baseName;
            this.decode = decode;
            this.write = write;
            this.idOf = idOf;
        }

        /** The batch's state of the document: as stored at its first use in the batch, with the batch's changes since. */
        public T find(String id) {
            Buffer<T> buffer = buffer();
            if (buffer == null) {
                return load(collection(), id);
            }
            return buffer.states.computeIfAbsent(id, key -> new Slot<>(load(buffer.collection, key))).state;
        }

        /** Stores the state (at batch end). Later changes to the same object before then are stored too. */
        public void put(String id, T state) {
            Buffer<T> buffer = buffer();
            if (buffer == null) {
                collection().bulkWrite(List.of(write.apply(id, state)));
                return;
            }
            Slot<T> slot = buffer.states.computeIfAbsent(id, key -> new Slot<>(null));
            slot.state = state;
            slot.change = Change.PUT;
        }

        public void delete(String id) {
            Buffer<T> buffer = buffer();
            if (buffer == null) {
                collection().deleteOne(Filters.eq("_id", id));
                return;
            }
            Slot<T> slot = buffer.states.computeIfAbsent(id, key -> new Slot<>(null));
            slot.state = null;
            slot.change = Change.DELETE;
        }

        /**
         * A write that is not the state of a document this projection keeps (e.g. one field of another document),
         * done before the batch's state writes of the collection.
         */
        public void write(WriteModel<Document> model) {
            Buffer<T> buffer = buffer();
            if (buffer == null) {
                collection().bulkWrite(List.of(model));
                return;
            }
            buffer.extra.add(model);
        }

        private T load(MongoCollection<Document> collection, String id) {
            Document stored = collection.find(Filters.eq("_id", id)).first();
            return stored == null ? null : decode.apply(stored);
        }

        private MongoCollection<Document> collection() {
            return database.getCollection(names.of(baseName));
        }

        @SuppressWarnings("unchecked")
        private Buffer<T> buffer() {
            Batch batch = batch();
            if (batch == null) {
                return null;
            }
            Buffer<T> buffer = (Buffer<T>) batch.buffers.get(this);
            if (buffer == null) {
                // The collection is resolved once per batch: a batch writes one generation of the read model.
                buffer = new Buffer<>(collection());
                prefetch(buffer);
                batch.buffers.put(this, buffer);
            }
            return buffer;
        }

        private void prefetch(Buffer<T> buffer) {
            if (!(CurrentUnitOfWork.get().root() instanceof BatchingUnitOfWork<?> unitOfWork)) {
                return;
            }
            Set<String> ids = new LinkedHashSet<>();
            for (Message<?> message : unitOfWork.getMessages()) {
                Object payload;
                try {
                    payload = message.getPayload();
                } catch (SerializationException unreadable) {
                    // Not here: the event's own handling fails on it, and the error names that event.
                    continue;
                }
                String id = idOf.apply(payload);
                if (id != null) {
                    ids.add(id);
                }
            }
            if (ids.isEmpty()) {
                return;
            }
            for (Document stored : buffer.collection.find(Filters.in("_id", ids))) {
                if (stored.get("_id") instanceof String id) {
                    buffer.states.put(id, new Slot<>(decode.apply(stored)));
                }
            }
            // Known to be absent: no query when the batch first touches them.
            ids.forEach(id -> buffer.states.putIfAbsent(id, new Slot<>(null)));
        }

        @SuppressWarnings("unchecked")
        private void flush(Buffer<?> pending) {
            Buffer<T> buffer = (Buffer<T>) pending;
            List<WriteModel<Document>> models = new ArrayList<>(buffer.extra);
            buffer.states.forEach((id, slot) -> {
                if (slot.change == Change.PUT) {
                    models.add(write.apply(id, slot.state));
                } else if (slot.change == Change.DELETE) {
                    models.add(new DeleteOneModel<>(Filters.eq("_id", id)));
                }
            });
            if (!models.isEmpty()) {
                buffer.collection.bulkWrite(models);
            }
        }
    }

    private enum Change { NONE, PUT, DELETE }

    private static final class Slot<T> {
        T state;
        Change change = Change.NONE;

        Slot(T state) {
            this.state = state;
        }
    }

    private static final class Buffer<T> {
        final MongoCollection<Document> collection;
        final Map<String, Slot<T>> states = new LinkedHashMap<>();
        final List<WriteModel<Document>> extra = new ArrayList<>();

        Buffer(MongoCollection<Document> collection) {
            this.collection = collection;
        }
    }
}
