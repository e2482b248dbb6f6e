package fi.agreementregistry.projections.rebuild;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * When a blue/green rebuild may take over from the live processor, and when it may stop. Both are decided on
 * tokens, not on positions: a gap-aware token's position is its highest number, while the numbers it still lists as
 * missing (a writer that allocated them has not stored them yet) are events it has not seen.
 * <ul>
 *     <li><b>Switch</b> reads to the rebuilt generation only when the rebuild's token covers every segment token of
 *     the live processor: everything the live processor wrote into the old generation is in the new one. From the
 *     switch on, the live processor writes the new generation (each of its batches resolves the generation once).</li>
 *     <li><b>Finish</b> (stop the rebuild) only when its token covers the head token taken right after the switch:
 *     every event stored before the switch, including the ones the live processor applied to the old generation
 *     between the check and the switch, is in the new generation. Numbers missing at the head are the live
 *     processor's to deliver, into the new generation.</li>
 * </ul>
 * A number that a tombstone claims (an abandoned append) is no event: the tracking engine steps over it without
 * emitting anything, so a token can keep it as a gap until its next event. Such numbers are dropped from the gaps
 * before comparing, or a rebuild of a quiet store would wait for an event that never comes.
 */
final class ReplayHandover {

    private ReplayHandover() {
    }

    /**
     * @param rebuilt     the rebuild's token (possibly a replay token), null before its first event
     * @param liveTokens  the live processor's stored token of each segment (null entries: nothing processed yet)
     * @param tombstoned  which of the given numbers are tombstones in the store
     */
    static boolean maySwitch(TrackingToken rebuilt, Collection<TrackingToken> liveTokens,
                             Function<Set<Long>, Set<Long>> tombstoned) {
        for (TrackingToken live : liveTokens) {
            if (!covers(rebuilt, live, tombstoned)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the rebuild has seen every event the head token stands for. */
    static boolean mayFinish(TrackingToken rebuilt, GapAwareTrackingToken headAtSwitch,
                             Function<Set<Long>, Set<Long>> tombstoned) {
        return covers(rebuilt, headAtSwitch, tombstoned);
    }

    /** {@code a} has seen every event {@code b} has seen (nulls: nothing seen). */
    static boolean covers(TrackingToken a, TrackingToken b, Function<Set<Long>, Set<Long>> tombstoned) {
        GapAwareTrackingToken other = gapAware(b);
        if (other == null) {
            return true;
        }
        GapAwareTrackingToken self = gapAware(a);
        if (self == null) {
            return false;
        }
        if (self.getIndex() < other.getIndex()) {
            return false;
        }
        // Gaps of ours at or below their index that they do not list: events they saw and we did not, unless a
        // tombstone holds the number (nobody will ever see an event there).
        Set<Long> unseen = new TreeSet<>();
        for (Long gap : self.getGaps().headSet(other.getIndex() + 1)) {
            if (!other.getGaps().contains(gap)) {
                unseen.add(gap);
            }
        }
        if (unseen.isEmpty()) {
            return true;
        }
        return tombstoned.apply(unseen).containsAll(unseen);
    }

    static GapAwareTrackingToken gapAware(TrackingToken token) {
        TrackingToken lower = WrappedToken.unwrapLowerBound(token);
        if (lower == null) {
            return null;
        }
        if (lower instanceof GapAwareTrackingToken gapAware) {
            return gapAware;
        }
        throw new IllegalStateException("Expected a gap-aware tracking token, got " + lower);
    }

    /** A token stored in a replay document: {@code {index, gaps}}. */
    static org.bson.Document toDocument(GapAwareTrackingToken token) {
        return token == null ? null
                : new org.bson.Document("index", token.getIndex()).append("gaps", List.copyOf(token.getGaps()));
    }

    static GapAwareTrackingToken fromDocument(org.bson.Document document) {
        if (document == null) {
            return null;
        }
        List<Long> gaps = document.getList("gaps", Number.class).stream().map(Number::longValue).toList();
        return GapAwareTrackingToken.newInstance(document.get("index", Number.class).longValue(), gaps);
    }
}
