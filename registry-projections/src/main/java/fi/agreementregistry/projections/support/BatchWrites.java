package fi.agreementregistry.projections.support;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.serialization.SerializationException;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.ToLongFunction;

/**
 * Batch-aware persistence for one projection instance. A tracking processor hands its handlers a batch of events in
 * one unit of work; the documents those events touch are loaded once per batch, kept in memory as the projection's
 * own state, changed by each event, and written once, with one {@code bulkWrite} per collection, when the batch
 * commits. Without a unit of work (unit tests, the consistency repair) every change is written at once.
 * <p>
 * The batch is written before the processor stores the batch's token ({@link BatchEnd}). A crash after the flush and
 * before the token is stored redelivers the batch, which the projections skip by their stored aggregate sequence or
 * rewrite identically. A failing flush throws, so the unit of work rolls back and the processor retries the batch.
 * <p>
 * A batch may also be flushed after its processor lost the segment: its instance paused longer than the claim
 * timeout, another instance took the segment over and has written later states since, and the first only learns of
 * it when it stores the token, after the flush. So the state documents of {@link #versioned} collections are
 * written conditionally: each carries the aggregate sequence of the last event applied to it ({@value #SEQUENCE}),
 * and replaces a stored document only if that one holds a lower sequence (or none). Such a write is an upsert whose
 * filter names the sequence, so against a newer document it fails with a duplicate key on {@code _id}; that means
 * "a newer state is stored" and the write is skipped, after reading the stored sequence to make sure.
 */
public final class BatchWrites {

    /** Where the documents of a {@link #versioned} collection keep the aggregate sequence of their last event. */
    public static final String SEQUENCE = "aggregateSequence";

    /** Rounds of a guarded write whose upsert keeps clashing with an older document (racing inserts), then it fails. */
    private static final int GUARDED_ATTEMPTS = 3;

    private final MongoDatabase database;
    private final CollectionNames names;
    /** The {@link Documents} and {@link Entries} of this instance, in the order they flush. */
    private final List<Table> tables = new ArrayList<>();

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
        Documents<T> documents = new Documents<>(baseName, decode, write, message -> null, null);
        tables.add(documents);
        return documents;
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
        Documents<T> documents = new Documents<>(baseName, decode, write, ofPayload(idOf), null);
        tables.add(documents);
        return documents;
    }

    /**
     * As {@link #documents(String, Function, BiFunction, Function)}, for documents whose {@code _id} needs more of the
     * event than its payload (e.g. its sequence number).
     *
     * @param idOfMessage the {@code _id} of the document an event message changes, or null if none
     */
    public <T> Documents<T> documentsOfMessages(String baseName, Function<Document, T> decode,
                                                BiFunction<String, T, WriteModel<Document>> write,
                                                Function<Message<?>, String> idOfMessage) {
        Documents<T> documents = new Documents<>(baseName, decode, write, idOfMessage, null);
        tables.add(documents);
        return documents;
    }

    private static Function<Message<?>, String> ofPayload(Function<Object, String> idOf) {
        return message -> idOf.apply(message.getPayload());
    }

    /**
     * As {@link #documents(String, Function, BiFunction, Function)}, for states that record the aggregate sequence of
     * the last event applied to them in {@value #SEQUENCE}: a state replaces a stored document only if that one holds
     * a lower sequence or none (e.g. a document another event created with a field of its own), so a stale batch
     * never overwrites a newer state. Its writes become upserts with that condition; a delete cannot be guarded
     * (store a state that says "removed" instead).
     *
     * @param write      a {@link ReplaceOneModel} or an {@link UpdateOneModel} (with an update document) of the document
     *                   with that {@code _id}; its filter is replaced by the guarded one
     * @param sequenceOf the aggregate sequence of a state, as its document stores it in {@value #SEQUENCE}
     */
    public <T> Documents<T> versioned(String baseName, Function<Document, T> decode,
                                      BiFunction<String, T, WriteModel<Document>> write,
                                      ToLongFunction<T> sequenceOf, Function<Object, String> idOf) {
        Documents<T> documents = new Documents<>(baseName, decode, write, ofPayload(idOf), sequenceOf);
        tables.add(documents);
        return documents;
    }

    /**
     * Documents that each hold entries of many aggregates in one field ({@code <field>.<key>}), each entry guarded by
     * its own aggregate sequence ({@value #SEQUENCE} inside the entry), so a stale batch never overwrites an entry a
     * later event wrote, while entries of other aggregates in the same document are written beside it. A batch's
     * entries of one document are written with one {@code $set}. Flushed in declaration order with the
     * {@link Documents}.
     *
     * @param field the field holding the entries by key
     */
    public Entries entries(String baseName, String field) {
        Entries entries = new Entries(baseName, field);
        tables.add(entries);
        return entries;
    }

    /** The current batch of this projection instance, or null when no unit of work is active. */
    private Batch batch() {
        return BatchEnd.buffer(this, Batch::new, this::flush);
    }

    /** One projection instance's share of a batch: per table, what it buffered (each table knows its own kind). */
    private static final class Batch {
        final Map<Table, Object> buffers = new IdentityHashMap<>();
    }

    /** A collection this instance writes at batch end: {@link Documents} or {@link Entries}. */
    private interface Table {
        /** Writes what the batch buffered for this table, if anything. */
        void flushFrom(Batch batch);
    }

    private void flush(Batch batch) {
        for (Table table : tables) {
            table.flushFrom(batch);
        }
        batch.buffers.clear();
    }

    /** See {@link BatchWrites#entries}. */
    public final class Entries implements Table {
        private final String baseName;
        private final String field;

        private Entries(String baseName, String field) {
            this.baseName = baseName;
            this.field = field;
        }

        /**
         * Stores the entry under {@code key} in the document (at batch end), with its aggregate sequence, unless the
         * stored entry has that sequence or a later one. A removal is an entry that says so, as a deleted entry could
         * not say when it was deleted.
         *
         * @param key a field name: no {@code '.'}, not starting with {@code '$'}
         */
        public void put(String documentId, String key, Document entry, long sequence) {
            if (key.isEmpty() || key.indexOf('.') >= 0 || key.startsWith("$")) {
                throw new IllegalArgumentException("not a field name: " + key);
            }
            Document stored = new Document(entry).append(SEQUENCE, sequence);
            Batch batch = batch();
            if (batch == null) {
                writeEntries(collection(), field, Map.of(documentId, Map.of(key, stored)));
                return;
            }
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Document>> buffer = (Map<String, Map<String, Document>>)
                    batch.buffers.computeIfAbsent(this, table -> new LinkedHashMap<String, Map<String, Document>>());
            buffer.computeIfAbsent(documentId, id -> new LinkedHashMap<>()).put(key, stored);
        }

        @Override
        @SuppressWarnings("unchecked")
        public void flushFrom(Batch batch) {
            Object buffer = batch.buffers.get(this);
            if (buffer != null) {
                writeEntries(collection(), field, (Map<String, Map<String, Document>>) buffer);
            }
        }

        private MongoCollection<Document> collection() {
            return database.getCollection(names.of(baseName));
        }
    }

    /**
     * Writes each document's entries with one upsert filtered on its {@code _id} and, per entry, a stored sequence
     * lower than the entry's or none; unordered, so one stale document does not stop the others. A duplicate key means
     * the document exists and some entry's condition failed: the stored sequences are read, the entries that are not
     * newer dropped, and the rest written again ({@value #GUARDED_ATTEMPTS} rounds, as for {@link #versioned}).
     */
    private static void writeEntries(MongoCollection<Document> collection, String field,
                                     Map<String, Map<String, Document>> byDocument) {
        Map<String, Map<String, Document>> pending = byDocument;
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            List<WriteModel<Document>> models = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            pending.forEach((id, entries) -> {
                Document filter = new Document("_id", id);
                Document set = new Document();
                entries.forEach((key, entry) -> {
                    // $not: also true where the entry, or the whole document, does not exist yet.
                    filter.append(field + "." + key + "." + SEQUENCE,
                            new Document("$not", new Document("$gte", entry.get(SEQUENCE))));
                    set.append(field + "." + key, entry);
                });
                models.add(new UpdateOneModel<>(filter, new Document("$set", set), new UpdateOptions().upsert(true)));
                ids.add(id);
            });
            try {
                collection.bulkWrite(models, new BulkWriteOptions().ordered(false));
                return;
            } catch (MongoBulkWriteException e) {
                Map<String, Map<String, Document>> again = new LinkedHashMap<>();
                for (int index : duplicateKeys(e, index -> true)) {
                    again.put(ids.get(index), pending.get(ids.get(index)));
                }
                for (Document stored : collection.find(Filters.in("_id", again.keySet()))
                        .projection(Projections.include(field))) {
                    Map<String, Document> entries = new LinkedHashMap<>(again.get(stored.getString("_id")));
                    Document storedEntries = stored.get(field, Document.class);
                    entries.entrySet().removeIf(entry -> {
                        Document old = storedEntries == null ? null : storedEntries.get(entry.getKey(), Document.class);
                        return old != null && old.get(SEQUENCE) instanceof Number storedSequence
                                && storedSequence.longValue() >= entry.getValue().get(SEQUENCE, Number.class).longValue();
                    });
                    again.put(stored.getString("_id"), entries);
                }
                again.values().removeIf(Map::isEmpty);
                if (!again.isEmpty() && attempt == GUARDED_ATTEMPTS) {
                    throw e;
                }
                pending = again;
            }
        }
    }

    /** State documents by {@code _id}; see {@link BatchWrites#documents}. */
    public final class Documents<T> implements Table {
        private final String baseName;
        private final Function<Document, T> decode;
        private final BiFunction<String, T, WriteModel<Document>> write;
        private final Function<Message<?>, String> idOf;
        /** Null: the writes are not guarded. */
        private final ToLongFunction<T> sequenceOf;

        private Documents(String baseName, Function<Document, T> decode,
                          BiFunction<String, T, WriteModel<Document>> write, Function<Message<?>, String> idOf,
                          ToLongFunction<T> sequenceOf) {
            this.baseName = baseName;
            this.decode = decode;
            this.write = write;
            this.idOf = idOf;
            this.sequenceOf = sequenceOf;
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
                List<WriteModel<Document>> models = new ArrayList<>();
                List<Guarded> guards = new ArrayList<>();
                add(models, guards, id, state);
                writeAll(collection(), models, guards);
                return;
            }
            Slot<T> slot = buffer.states.computeIfAbsent(id, key -> new Slot<>(null));
            slot.state = state;
            slot.change = Change.PUT;
        }

        public void delete(String id) {
            if (sequenceOf != null) {
                throw new UnsupportedOperationException("a delete in " + baseName + " cannot be guarded by a sequence;"
                        + " store a state that records the removal");
            }
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

        /**
         * Adds the value to the array field of the document with that id as to a set, creating the document if needed.
         * A batch's additions to one document are written together ({@code $addToSet} with {@code $each}), before the
         * collection's other writes of the batch.
         */
        public void addToSet(String id, String field, Object value) {
            Buffer<T> buffer = buffer();
            if (buffer == null) {
                collection().bulkWrite(List.of(addToSetModel(id, field, List.of(value))));
                return;
            }
            buffer.sets.computeIfAbsent(id, key -> new LinkedHashMap<>())
                    .computeIfAbsent(field, key -> new LinkedHashSet<>()).add(value);
        }

        /**
         * The values this batch adds to the array field of the document ({@link #addToSet}) and has not written yet, in
         * the order first added; {@link #find} gives the document as stored, without them.
         */
        public Set<Object> additions(String id, String field) {
            Buffer<T> buffer = buffer();
            Map<String, Set<Object>> fields = buffer == null ? null : buffer.sets.get(id);
            Set<Object> values = fields == null ? null : fields.get(field);
            return values == null ? Set.of() : Collections.unmodifiableSet(values);
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
                String id;
                try {
                    id = idOf.apply(message);
                } catch (SerializationException unreadable) {
                    // Not here: the event's own handling fails on it, and the error names that event.
                    continue;
                }
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

        @Override
        @SuppressWarnings("unchecked")
        public void flushFrom(Batch batch) {
            Buffer<T> buffer = (Buffer<T>) batch.buffers.get(this);
            if (buffer == null) {
                return;
            }
            List<WriteModel<Document>> models = new ArrayList<>();
            buffer.sets.forEach((id, fields) -> fields.forEach((field, values) ->
                    models.add(addToSetModel(id, field, new ArrayList<>(values)))));
            models.addAll(buffer.extra);
            List<Guarded> guards = new ArrayList<>();
            models.forEach(model -> guards.add(null));
            buffer.states.forEach((id, slot) -> {
                if (slot.change == Change.PUT) {
                    add(models, guards, id, slot.state);
                } else if (slot.change == Change.DELETE) {
                    models.add(new DeleteOneModel<>(Filters.eq("_id", id)));
                    guards.add(null);
                }
            });
            writeAll(buffer.collection, models, guards);
        }

        /** Adds the write of a state, guarded by its sequence in a versioned collection. */
        private void add(List<WriteModel<Document>> models, List<Guarded> guards, String id, T state) {
            WriteModel<Document> model = write.apply(id, state);
            if (sequenceOf == null) {
                models.add(model);
                guards.add(null);
                return;
            }
            long sequence = sequenceOf.applyAsLong(state);
            models.add(newerThanStored(model, id, sequence));
            guards.add(new Guarded(id, sequence));
        }
    }

    private static WriteModel<Document> addToSetModel(String id, String field, List<Object> values) {
        return new UpdateOneModel<>(Filters.eq("_id", id), Updates.addEachToSet(field, values),
                new UpdateOptions().upsert(true));
    }

    /** A guarded state write: the document's id and the sequence it brings. */
    private record Guarded(String id, long sequence) {
    }

    /**
     * The model as an upsert filtered on the {@code _id} and a stored sequence lower than this one or none. One flat
     * filter document, {@code {_id: id, $or: [...]}} (not an {@code $and} of two), so the embedded server can find the
     * document through its {@code _id} index.
     */
    private static WriteModel<Document> newerThanStored(WriteModel<Document> model, String id, long sequence) {
        Bson filter = new Document("_id", id).append("$or", List.of(
                new Document(SEQUENCE, new Document("$lt", sequence)),
                new Document(SEQUENCE, new Document("$exists", false))));
        if (model instanceof ReplaceOneModel<Document> replace) {
            return new ReplaceOneModel<>(filter, replace.getReplacement(), replace.getReplaceOptions().upsert(true));
        }
        if (model instanceof UpdateOneModel<Document> update && update.getUpdate() != null) {
            return new UpdateOneModel<>(filter, update.getUpdate(), update.getOptions().upsert(true));
        }
        throw new IllegalArgumentException("a versioned state is written by a replace or an update document, not "
                + model.getClass().getSimpleName());
    }

    /**
     * Writes the models; {@code guards} holds, at each model's index, its {@link Guarded} or null. Without guarded
     * writes, one ordered bulk write as ever. With them, unordered, so one skipped write does not stop the others: a
     * duplicate key on a guarded upsert means a document with that {@code _id} exists that the filter did not match.
     * If it holds this sequence or a later one, the write is stale and skipped; if not (two upserts raced to insert
     * it, or the clash is on another unique index), it is tried again, and after {@value #GUARDED_ATTEMPTS} rounds the
     * error is thrown. Any other error, or a write concern error, is thrown at once, and the unit of work rolls back.
     */
    private static void writeAll(MongoCollection<Document> collection, List<WriteModel<Document>> models,
                                 List<Guarded> guards) {
        if (models.isEmpty()) {
            return;
        }
        if (guards.stream().allMatch(guard -> guard == null)) {
            collection.bulkWrite(models);
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                collection.bulkWrite(models, new BulkWriteOptions().ordered(false));
                return;
            } catch (MongoBulkWriteException e) {
                List<WriteModel<Document>> again = new ArrayList<>();
                List<Guarded> againGuards = new ArrayList<>();
                List<Guarded> guarded = guards;
                for (int index : duplicateKeys(e, index -> guarded.get(index) != null)) {
                    again.add(models.get(index));
                    againGuards.add(guards.get(index));
                }
                Map<String, Long> stored = storedSequences(collection, againGuards);
                for (int i = againGuards.size() - 1; i >= 0; i--) {
                    Long storedSequence = stored.get(againGuards.get(i).id());
                    if (storedSequence != null && storedSequence >= againGuards.get(i).sequence()) {
                        again.remove(i);
                        againGuards.remove(i);
                    }
                }
                if (again.isEmpty()) {
                    return;
                }
                if (attempt == GUARDED_ATTEMPTS) {
                    throw e;
                }
                models = again;
                guards = againGuards;
            }
        }
    }

    /**
     * The indexes of the models that an unordered bulk write refused with a duplicate key, each of which
     * {@code guarded} says may meet one (a guarded upsert's filter did not match a stored document); any other error,
     * or a write concern error, is thrown as it is.
     */
    private static List<Integer> duplicateKeys(MongoBulkWriteException e, IntPredicate guarded) {
        if (e.getWriteConcernError() != null) {
            throw e;
        }
        List<Integer> indexes = new ArrayList<>();
        for (BulkWriteError error : e.getWriteErrors()) {
            if (!guarded.test(error.getIndex())
                    || ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            indexes.add(error.getIndex());
        }
        return indexes;
    }

    /** The stored sequence of each document, by {@code _id}; a document without one is left out. */
    private static Map<String, Long> storedSequences(MongoCollection<Document> collection, List<Guarded> guards) {
        Map<String, Long> stored = new HashMap<>();
        List<String> ids = guards.stream().map(Guarded::id).toList();
        for (Document document : collection.find(Filters.in("_id", ids)).projection(Projections.include(SEQUENCE))) {
            if (document.get("_id") instanceof String id && document.get(SEQUENCE) instanceof Number sequence) {
                stored.put(id, sequence.longValue());
            }
        }
        return stored;
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
        /** Values to add to array fields, by document and field, in the order first added. */
        final Map<String, Map<String, Set<Object>>> sets = new LinkedHashMap<>();

        Buffer(MongoCollection<Document> collection) {
            this.collection = collection;
        }
    }
}
