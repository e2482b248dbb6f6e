package fi.agreementregistry.api.storage.eventstore;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.bson.Document;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

import static fi.agreementregistry.api.storage.eventstore.EventDocuments.EVENTS;
import static fi.agreementregistry.api.storage.eventstore.EventDocuments.GLOBAL_INDEX;
import static fi.agreementregistry.api.storage.eventstore.EventDocuments.GLOBAL_INDEXES;
import static fi.agreementregistry.api.storage.eventstore.EventDocuments.ID;
import static fi.agreementregistry.api.storage.eventstore.EventDocuments.LAST_TIMESTAMP;
import static fi.agreementregistry.api.storage.eventstore.EventDocuments.TIMESTAMP;
import static fi.agreementregistry.api.storage.eventstore.EventDocuments.formatTimestamp;
import static fi.agreementregistry.api.storage.eventstore.EventDocuments.globalIndex;
import static fi.agreementregistry.api.storage.eventstore.EventDocuments.isTombstone;
import static fi.agreementregistry.api.storage.eventstore.EventDocuments.toDomainEventData;
import static fi.agreementregistry.api.storage.eventstore.GlobalNumbers.LOWEST_GLOBAL_SEQUENCE;

/**
 * Reads in global order for tracking processors, and the tokens they start from. Tokens are Axon's
 * {@link GapAwareTrackingToken}s whose index is a global number; their gaps are numbers passed but not seen yet,
 * looked up again on every batch so that a late commit is delivered when it appears. Every path that passes a
 * number reads it or claims it with a tombstone first (docs/event-store.md, "Gaps and tombstones"): a gap missing
 * longer than the gap timeout, a gap or skipped number that {@code maxGapOffset} would drop, and a number missing
 * further back than that below a head token or a token at a time. Every read here is on the
 * {@code majority}-read collection, so nothing a failover could roll back is delivered or passed over.
 */
final class GapAwareTracking {

    private static final int SCAN_PAGE = 1_000;

    private final MongoCollection<Document> committedEvents;
    private final GlobalNumbers numbers;
    private final GapClocks gapClocks;
    private final Clock clock;
    private final int maxGapOffset;
    /** How many numbers below the counter a head position looks at for ones not yet visible. */
    private final int headWindow;
    /**
     * Every global number up to this one is known to be held by a commit or a tombstone (learnt from the tokens this
     * engine makes), so a head token need only look for missing numbers above it.
     */
    private final AtomicLong accountedUpTo = new AtomicLong();

    GapAwareTracking(MongoCollection<Document> committedEvents, GlobalNumbers numbers, GapClocks gapClocks,
                     Clock clock, int maxGapOffset, int headWindow) {
        this.committedEvents = committedEvents;
        this.numbers = numbers;
        this.gapClocks = gapClocks;
        this.clock = clock;
        this.maxGapOffset = maxGapOffset;
        this.headWindow = headWindow;
    }

    // ------------------------------------------------------------------------------------------------ tracking

    /**
     * The events after {@code lastToken} (its gaps, then the next {@code batchSize} numbers), each with the token that
     * includes it. Tombstones move the token without being emitted; a window that held only tombstones or nothing is
     * followed by the next one while the counter says numbers exist, queried together with every number still
     * missing before it (so a commit stored meanwhile in an earlier window is not overtaken by a later one).
     */
    List<? extends TrackedEventData<?>> fetch(TrackingToken lastToken, int batchSize) {
        if (lastToken != null && !(lastToken instanceof GapAwareTrackingToken)) {
            throw new IllegalArgumentException("Token [" + lastToken + "] is of the wrong type. Expected ["
                                                       + GapAwareTrackingToken.class.getSimpleName() + "]");
        }
        GapAwareTrackingToken start = (GapAwareTrackingToken) lastToken;
        Instant now = clock.instant();
        gapClocks.forgetStale(now);
        if (start != null && start.hasGaps()) {
            claimExpiredGaps(start.getGaps(), now);
        }

        GapAwareTrackingToken current = start;
        List<TrackedEventData<?>> result = new ArrayList<>();
        long windowEnd = (start == null ? LOWEST_GLOBAL_SEQUENCE : start.getIndex() + 1) + batchSize;  // exclusive
        Long counterEnd = null;
        while (true) {
            // Every number not accounted for up to the window's end, in one query: the token's gaps and all numbers
            // after its index, also those an earlier window of this call found missing. A commit stored meanwhile
            // below the window is then read with (and before) any later one: an aggregate's events keep their order.
            TreeSet<Long> candidates = current == null ? new TreeSet<>() : new TreeSet<>(current.getGaps());
            for (long n = current == null ? LOWEST_GLOBAL_SEQUENCE : current.getIndex() + 1; n < windowEnd; n++) {
                candidates.add(n);
            }
            TreeMap<Long, Document> found = findByGlobalIndexes(candidates, batchSize);
            for (Map.Entry<Long, Document> entry : found.entrySet()) {
                long n = entry.getKey();
                gapClocks.stop(n);
                if (current != null && n <= current.getIndex() && !current.getGaps().contains(n)) {
                    continue;      // already covered (e.g. both a gap and in the window)
                }
                if (!accountForPassedNumbers(current, n)) {
                    return result; // a number about to be passed was filled meanwhile: read it on the next call
                }
                current = advance(current, n);
                Document event = entry.getValue();
                if (event != null) {   // null: a tombstone; the token moves over it, nothing is emitted
                    result.add(new TrackedDomainEventData<>(current, toDomainEventData(event)));
                }
            }
            if (current != null) {
                // the tracker's gap clock starts when it first sees a number missing behind a later one
                current.getGaps().forEach(gap -> gapClocks.start(gap, now));
                accounted(current);
            }
            if (!result.isEmpty()) {
                return result;
            }
            // only tombstones or nothing in this window: look further while the counter says numbers exist
            if (counterEnd == null) {
                counterEnd = numbers.lastAllocated();
            }
            if (windowEnd > counterEnd) {
                return result;
            }
            windowEnd += batchSize;
        }
    }

    /** Maps each candidate number found to its event document, or to {@code null} for a tombstone. */
    private TreeMap<Long, Document> findByGlobalIndexes(Collection<Long> candidates, int batchSize) {
        TreeMap<Long, Document> found = new TreeMap<>();
        Set<Long> wanted = candidates instanceof Set<Long> s ? s : new HashSet<>(candidates);
        EventDocuments.forEachCommitOnce(committedEvents.find(Filters.in(GLOBAL_INDEXES, new ArrayList<>(candidates)))
                .batchSize(batchSize), commit -> {
            if (isTombstone(commit)) {
                for (Object n : commit.getList(GLOBAL_INDEXES, Object.class)) {
                    long number = ((Number) n).longValue();
                    if (wanted.contains(number)) {
                        found.put(number, null);
                    }
                }
            } else {
                for (Document event : commit.getList(EVENTS, Document.class)) {
                    long number = globalIndex(event);
                    if (wanted.contains(number)) {
                        found.put(number, event);
                    }
                }
            }
        });
        return found;
    }

    private GapAwareTrackingToken advance(GapAwareTrackingToken current, long n) {
        if (current == null) {
            TreeSet<Long> gaps = new TreeSet<>();
            for (long g = Math.max(LOWEST_GLOBAL_SEQUENCE, n - maxGapOffset); g < n; g++) {
                gaps.add(g);
            }
            return GapAwareTrackingToken.newInstance(n, gaps);
        }
        return current.advanceTo(n, maxGapOffset);
    }

    /**
     * Advancing to {@code n} passes, without reading them, the gaps older than {@code maxGapOffset} and the numbers
     * between the token's index and {@code n} that are already that far behind (a jump over an empty window, or the
     * first event of a stream that starts from nothing). Every such number must be accounted for: claimed by a
     * tombstone now, or already held by one. Returns {@code false} if one of them is held by a commit by now (it must
     * be delivered), or is held by something this read cannot see yet (a write not yet majority-committed).
     */
    private boolean accountForPassedNumbers(GapAwareTrackingToken current, long n) {
        long index = current == null ? LOWEST_GLOBAL_SEQUENCE - 1 : current.getIndex();
        long smallestKept = Math.max(n, index) - maxGapOffset;
        SortedSet<Long> passed = new TreeSet<>();
        if (current != null) {
            passed.addAll(current.getGaps().headSet(smallestKept));
        }
        for (long skipped = index + 1; skipped < Math.min(n, smallestKept); skipped++) {
            passed.add(skipped);
        }
        if (passed.isEmpty()) {
            return true;
        }
        Set<Long> claimed = numbers.claim(passed, "abandoned");
        if (claimed.size() == passed.size()) {
            return true;
        }
        // some were not claimable: held by a tombstone (fine) or by a late commit (must be delivered)
        Set<Long> unclaimed = new TreeSet<>(passed);
        unclaimed.removeAll(claimed);
        TreeMap<Long, Document> holders = findByGlobalIndexes(unclaimed, unclaimed.size());
        // every number must be accounted for: one we could neither claim nor see is not known to be a tombstone
        return holders.keySet().containsAll(unclaimed) && holders.values().stream().allMatch(Objects::isNull);
    }

    private void accounted(GapAwareTrackingToken token) {
        long upTo = token.getGaps().isEmpty() ? token.getIndex() : token.getGaps().first() - 1;
        accountedUpTo.accumulateAndGet(upTo, Math::max);
    }

    private void claimExpiredGaps(SortedSet<Long> gaps, Instant now) {
        List<Long> expired = gapClocks.expired(gaps, now);
        if (!expired.isEmpty()) {
            numbers.claim(expired, "abandoned");
            expired.forEach(gapClocks::stop);
        }
    }

    // ------------------------------------------------------------------------------------------------ tokens

    /**
     * The global number of the last stored commit or tombstone, -1 when the store is empty: the counter's value,
     * less the numbers at the top that are allocated but not yet visible (looked for among the last
     * {@code headWindow}). Cheap (two lookups): for status, lag and health figures.
     */
    long lastStoredPosition() {
        long head = numbers.lastAllocated();
        if (head < LOWEST_GLOBAL_SEQUENCE) {
            return -1;
        }
        long low = Math.max(LOWEST_GLOBAL_SEQUENCE, head - headWindow + 1);
        TreeSet<Long> window = new TreeSet<>();
        for (long n = low; n <= head; n++) {
            window.add(n);
        }
        TreeMap<Long, Document> present = findByGlobalIndexes(window, headWindow);
        long index = present.isEmpty() ? low - 1 : present.lastKey();
        return index < LOWEST_GLOBAL_SEQUENCE ? -1 : index;
    }

    /**
     * A token at the last stored commit or tombstone ({@link #lastStoredPosition()}), {@code null} when the store is
     * empty. Every number below it that is allocated but not stored (an append in flight) is kept as a gap, so a
     * processor starting here does not skip it; one more than {@code maxGapOffset} behind is claimed by a tombstone
     * instead (its writer retries with fresh numbers, which come after this token).
     */
    TrackingToken headToken() {
        long index = lastStoredPosition();
        return index < LOWEST_GLOBAL_SEQUENCE ? null : tokenAt(index);
    }

    /**
     * The position just before the first event stored at or after {@code dateTime}, with every number below it that
     * is not yet stored kept as a gap ({@link #tokenAt(long)}); the head token when no event is that recent. An
     * administrative operation: it reads the commits' last timestamps in pages of global numbers, with a projection,
     * so memory stays bounded and each query is short.
     */
    TrackingToken tokenAtTime(Instant dateTime) {
        String from = formatTimestamp(dateTime);
        long head = numbers.lastAllocated();
        long first = Long.MAX_VALUE;
        for (long pageStart = LOWEST_GLOBAL_SEQUENCE; pageStart <= head; pageStart += SCAN_PAGE) {
            List<Long> page = new ArrayList<>(SCAN_PAGE);
            for (long n = pageStart; n <= Math.min(head, pageStart + SCAN_PAGE - 1); n++) {
                page.add(n);
            }
            try (MongoCursor<Document> cursor = committedEvents
                    .find(Filters.and(Filters.in(GLOBAL_INDEXES, page), Filters.gte(LAST_TIMESTAMP, from)))
                    .projection(Projections.include(EVENTS + "." + GLOBAL_INDEX, EVENTS + "." + TIMESTAMP))
                    .batchSize(SCAN_PAGE)
                    .iterator()) {
                while (cursor.hasNext()) {
                    List<Document> entries = cursor.next().getList(EVENTS, Document.class);
                    if (entries == null) {
                        continue;  // a tombstone
                    }
                    for (Document event : entries) {
                        if (event.getString(TIMESTAMP).compareTo(from) >= 0) {
                            first = Math.min(first, globalIndex(event));
                        }
                    }
                }
            }
        }
        if (first == Long.MAX_VALUE) {
            return headToken();
        }
        return first - 1 < LOWEST_GLOBAL_SEQUENCE ? null : tokenAt(first - 1);
    }

    /**
     * A token at {@code at} (or at the highest number below it that is stored: numbers missing at the top come after
     * the token) whose gaps are every number below it not held by a commit or tombstone; numbers further back than
     * {@code maxGapOffset} are claimed by tombstones instead of kept; null when nothing up to {@code at} is stored.
     * Looks only above the numbers known to be accounted for, in pages of {@value #SCAN_PAGE} numbers (bounded
     * memory, short queries).
     */
    private GapAwareTrackingToken tokenAt(long at) {
        long index = at;
        long from = Math.max(LOWEST_GLOBAL_SEQUENCE, accountedUpTo.get() + 1);
        TreeSet<Long> missing = new TreeSet<>();
        for (long pageStart = from; pageStart <= index; pageStart += SCAN_PAGE) {
            List<Long> page = new ArrayList<>(SCAN_PAGE);
            for (long n = pageStart; n <= Math.min(index, pageStart + SCAN_PAGE - 1); n++) {
                page.add(n);
            }
            TreeMap<Long, Document> present = findByGlobalIndexes(page, SCAN_PAGE);
            page.stream().filter(n -> !present.containsKey(n)).forEach(missing::add);
        }
        // A token's index is a number it has seen: the numbers missing at the top come after it (read later).
        while (missing.contains(index)) {
            missing.remove(index);
            index--;
        }
        if (index < LOWEST_GLOBAL_SEQUENCE) {
            return null;
        }
        SortedSet<Long> tooOld = new TreeSet<>(missing.headSet(index - maxGapOffset));
        if (!tooOld.isEmpty()) {
            // claimed now, or held by a commit stored meanwhile (so before this token, like every other stored one)
            numbers.claim(tooOld, "abandoned");
            missing.removeAll(tooOld);
        }
        GapAwareTrackingToken token = GapAwareTrackingToken.newInstance(index, missing);
        accounted(token);
        return token;
    }
}
