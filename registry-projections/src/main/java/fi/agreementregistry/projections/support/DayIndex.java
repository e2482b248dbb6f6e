package fi.agreementregistry.projections.support;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

/**
 * Keys (of read-model documents) listed by a date, so that a list ordered by that date can be read a page at a time
 * by {@code _id} lookups alone: the embedded server can neither range-query nor sort through an index, and a sort of
 * the whole collection grows with the store. The index lives in a read model's own collection:
 * <ul>
 *     <li>{@code <name>|<day>|<n>}: the keys of that day in chunks of {@value #CHUNK} ({@code keys}), in the order they
 *     were added (the order the processor applied their events);</li>
 *     <li>{@code <name>-days}: how many keys each day has ({@code counts.<day>}), which says which chunks exist.</li>
 * </ul>
 * Written in a processor's batch ({@link BatchWrites}), the chunks before the counts: the chunks as {@code $addToSet}
 * (a batch redelivered after a crash between the two counts from the same stored count again, so it adds the same
 * keys to the same chunks), the counts as {@code $max} (a batch flushed late by an instance that lost its segment
 * cannot move them back). A removed key leaves a blank in its place, so every place a cursor holds stays valid.
 */
public final class DayIndex {

    public static final int CHUNK = 256;
    /** A removed key's place in its chunk. */
    private static final String REMOVED = "";
    /** Chunks read per round trip while walking. */
    private static final int CHUNK_WINDOW = 16;

    private final String name;
    private final BatchWrites.Documents<Document> chunks;
    private final BatchWrites.Documents<Counts> counts;

    private DayIndex(String name, BatchWrites.Documents<Document> chunks, BatchWrites.Documents<Counts> counts) {
        this.name = name;
        this.chunks = chunks;
        this.counts = counts;
    }

    /**
     * Declares the index's documents in {@code collection} of the projection's batch writes (declare it before the
     * state it lists, so the index is written first).
     */
    public static DayIndex in(BatchWrites writes, String collection, String name) {
        return new DayIndex(name,
                writes.documents(collection, document -> document, (id, document) -> {
                    throw new UnsupportedOperationException("the chunks are only added to");
                }),
                writes.documents(collection, Counts::of, (id, state) -> state.write(id)));
    }

    /**
     * Another index of the same collection, written in the same batch by the same writers: for a family of indexes
     * whose names are only known from the events (one per party, say).
     */
    public DayIndex named(String otherName) {
        return new DayIndex(otherName, chunks, counts);
    }

    /**
     * Lists the key under the day (after the keys listed there before).
     *
     * @return the chunk it went to, which {@link #remove} needs
     */
    public long add(LocalDate day, String key) {
        String countsId = countsId(name);
        Counts state = counts.find(countsId);
        state = state == null ? new Counts() : state;
        String text = day.toString();
        long position = state.counts.merge(text, 1L, Long::sum) - 1;
        state.changed.add(text);
        chunks.addToSet(chunkId(name, text, position / CHUNK), "keys", key);
        counts.put(countsId, state);
        return position / CHUNK;
    }

    /**
     * Takes the key off the day's list (the chunk {@link #add} gave): its place is blanked, not removed, so that the
     * places after it, which cursors hold, stay where they are. A walk passes blank places by.
     */
    public void remove(LocalDate day, long chunk, String key) {
        // One flat filter document, not an $and of two: the embedded server finds {_id: x, ...} through its _id index
        // (IdFirstIndex) but scans the whole collection for an $and (at a million events, every completed review made
        // the one-pass replay read all of review_index).
        chunks.write(new UpdateOneModel<>(new Document("_id", chunkId(name, day.toString(), chunk)).append("keys", key),
                Updates.set("keys.$", REMOVED)));
    }

    static String chunkId(String name, String day, long chunk) {
        return name + "|" + day + "|" + chunk;
    }

    static String countsId(String name) {
        return name + "-days";
    }

    /** The count of keys per day, as one document holds them; changed days are written with {@code $max}. */
    private static final class Counts {
        final Map<String, Long> counts = new HashMap<>();
        final Set<String> changed = new HashSet<>();

        static Counts of(Document stored) {
            Counts state = new Counts();
            if (stored.get("counts") instanceof Document counts) {
                counts.forEach((day, count) -> state.counts.put(day, ((Number) count).longValue()));
            }
            return state;
        }

        WriteModel<Document> write(String id) {
            List<Bson> updates = new ArrayList<>();
            changed.forEach(day -> updates.add(Updates.max("counts." + day, counts.get(day))));
            changed.clear();
            return new UpdateOneModel<>(Filters.eq("_id", id), Updates.combine(updates),
                    new UpdateOptions().upsert(true));
        }
    }

    // ---- reading ---------------------------------------------------------------------------------------------

    /** A key at its place in the index: its day, chunk and place in the chunk. */
    public record Place(String day, long chunk, int index, String key) {

        /** The place as a cursor's parts. */
        public List<String> position() {
            return List.of(day, Long.toString(chunk), Integer.toString(index), key);
        }

        /** @throws IllegalArgumentException parts that are not a place */
        public static Place of(List<String> position) {
            if (position.size() != 4) {
                throw notACursor();
            }
            try {
                LocalDate.parse(position.get(0));
                long chunk = Long.parseLong(position.get(1));
                int index = Integer.parseInt(position.get(2));
                if (chunk < 0 || index < 0) {
                    throw notACursor();
                }
                return new Place(position.get(0), chunk, index, position.get(3));
            } catch (NumberFormatException | DateTimeParseException e) {
                throw notACursor();
            }
        }
    }

    private static IllegalArgumentException notACursor() {
        return new IllegalArgumentException("cursor is not one this registry gave out");
    }

    /** How many keys the index lists (a key redelivered into another chunk counts twice: rare, after a crash). */
    public static long total(MongoCollection<Document> index, String name) {
        return days(index, name).values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Hands the keys listed between {@code from} and {@code to} (inclusive; null: open), by day and within a day in
     * the order they were added (both reversed when {@code newestFirst}), starting after {@code after}, to
     * {@code consumer} in batches of up to {@code batchSize} keys, until it answers false or the keys run out. A key
     * listed twice (redelivered) is handed over once.
     */
    public static void walk(MongoCollection<Document> index, String name, LocalDate from, LocalDate to,
                            boolean newestFirst, Place after, IntSupplier batchSize, Predicate<List<Place>> consumer) {
        NavigableMap<LocalDate, Long> days = days(index, name);
        if (from != null && to != null && from.isAfter(to)) {
            return;
        }
        NavigableMap<LocalDate, Long> walked = from == null ? days : days.tailMap(from, true);
        walked = to == null ? walked : walked.headMap(to, true);
        LocalDate afterDay = after == null ? null : LocalDate.parse(after.day());
        if (afterDay != null) {
            walked = newestFirst ? walked.headMap(afterDay, true) : walked.tailMap(afterDay, true);
        }
        if (newestFirst) {
            walked = walked.descendingMap();
        }
        // The chunks in walking order; fetched a window at a time, so days with few keys cost one round trip together.
        List<ChunkRef> refs = new ArrayList<>();
        for (Map.Entry<LocalDate, Long> day : walked.entrySet()) {
            String text = day.getKey().toString();
            boolean atCursor = day.getKey().equals(afterDay);
            long lastChunk = (day.getValue() - 1) / CHUNK;
            List<ChunkRef> ofDay = new ArrayList<>();
            for (long chunk = 0; chunk <= lastChunk; chunk++) {
                if (!atCursor || (newestFirst ? chunk <= after.chunk() : chunk >= after.chunk())) {
                    ofDay.add(new ChunkRef(text, chunk, atCursor && chunk == after.chunk()));
                }
            }
            if (newestFirst) {
                java.util.Collections.reverse(ofDay);
            }
            refs.addAll(ofDay);
        }
        Set<String> seen = new HashSet<>();
        List<Place> pending = new ArrayList<>();
        Map<String, Document> stored = new HashMap<>();
        for (int r = 0; r < refs.size(); r++) {
            if (r % CHUNK_WINDOW == 0) {
                stored = byId(index, refs.subList(r, Math.min(refs.size(), r + CHUNK_WINDOW)).stream()
                        .map(ref -> chunkId(name, ref.day(), ref.chunk())).toList());
            }
            ChunkRef ref = refs.get(r);
            Document document = stored.get(chunkId(name, ref.day(), ref.chunk()));
            List<String> keys = document == null ? List.of() : document.getList("keys", String.class);
            List<Integer> places = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                if (!ref.atCursor() || (newestFirst ? i < after.index() : i > after.index())) {
                    places.add(i);
                }
            }
            if (newestFirst) {
                java.util.Collections.reverse(places);
            }
            for (int i : places) {
                if (!REMOVED.equals(keys.get(i)) && seen.add(keys.get(i))) {
                    pending.add(new Place(ref.day(), ref.chunk(), i, keys.get(i)));
                }
                if (pending.size() >= Math.max(1, batchSize.getAsInt())) {
                    boolean more = consumer.test(List.copyOf(pending));
                    pending.clear();
                    if (!more) {
                        return;
                    }
                }
            }
        }
        if (!pending.isEmpty()) {
            consumer.test(List.copyOf(pending));
        }
    }

    /** A chunk to read: its day, its number, and whether the cursor stands in it. */
    private record ChunkRef(String day, long chunk, boolean atCursor) {
    }

    private static NavigableMap<LocalDate, Long> days(MongoCollection<Document> index, String name) {
        TreeMap<LocalDate, Long> days = new TreeMap<>();
        Document stored = index.find(Filters.eq("_id", countsId(name))).first();
        if (stored != null && stored.get("counts") instanceof Document counts) {
            counts.forEach((day, count) -> days.put(LocalDate.parse(day), ((Number) count).longValue()));
        }
        return days;
    }

    /** The documents with these ids, by id, in one round trip ({@code _id $in}: the embedded server's index). */
    public static Map<String, Document> byId(MongoCollection<Document> collection, Collection<String> ids) {
        Map<String, Document> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        for (Document d : collection.find(Filters.in("_id", ids)).batchSize(Math.max(2, ids.size()))) {
            found.put(d.getString("_id"), d);
        }
        return found;
    }
}
