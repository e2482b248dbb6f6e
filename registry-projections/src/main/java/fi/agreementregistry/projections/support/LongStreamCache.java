package fi.agreementregistry.projections.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The elements of long append-only streams (an agreement's events, its history entries), kept for the streams read
 * most recently, so that reading one again costs only what was appended since: the caller reads from the first
 * element not kept. Streams shorter than {@code minimum} are not kept (they are cheap to read whole); at most
 * {@code capacity} streams are kept, the least recently read dropped first. Thread-safe; the lists handed out are
 * immutable.
 */
public final class LongStreamCache<T> {

    private final int minimum;
    private final Map<String, List<T>> streams;

    public LongStreamCache(int capacity, int minimum) {
        this.minimum = minimum;
        this.streams = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, List<T>> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * The stream: the kept elements followed by what {@code readFrom} answers for the first index not kept (the number
     * of kept elements); kept for next time if long enough.
     *
     * @param readFrom the elements from that index on, in order (an empty list: none appended since)
     */
    public List<T> read(String key, Function<Integer, List<T>> readFrom) {
        return read(key, readFrom, null);
    }

    /**
     * As {@link #read(String, Function)}; when {@code readFrom} throws {@code stale} (what was kept is gone from the
     * store), the stream is forgotten and read whole.
     */
    public List<T> read(String key, Function<Integer, List<T>> readFrom, Class<? extends RuntimeException> stale) {
        List<T> kept;
        synchronized (streams) {
            kept = streams.getOrDefault(key, List.of());
        }
        List<T> appended;
        try {
            appended = readFrom.apply(kept.size());
        } catch (RuntimeException e) {
            if (stale == null || !stale.isInstance(e) || kept.isEmpty()) {
                throw e;
            }
            forget(key);
            kept = List.of();
            appended = readFrom.apply(0);
        }
        if (appended.isEmpty()) {
            return kept;
        }
        List<T> all = new ArrayList<>(kept.size() + appended.size());
        all.addAll(kept);
        all.addAll(appended);
        List<T> stream = List.copyOf(all);
        if (stream.size() >= minimum) {
            synchronized (streams) {
                List<T> current = streams.get(key);
                if (current == null || current.size() < stream.size()) {
                    streams.put(key, stream);
                }
            }
        }
        return stream;
    }

    /** Forgets a stream (when what was kept may no longer be what is stored). */
    public void forget(String key) {
        synchronized (streams) {
            streams.remove(key);
        }
    }
}
