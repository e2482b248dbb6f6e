package fi.agreementregistry.api.storage.eventstore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tracker side of the gap timeout: when this engine first saw each still-missing global number. Timed from the
 * engine's own first sight with the injected clock, not from an event's timestamp (a missing number has none), so
 * a writer is given the whole timeout however late it stalled. Shared by every tracker of this engine; a number
 * found, or claimed by a tombstone, is stopped.
 */
final class GapClocks {

    private final Map<Long, Instant> missingSince = new ConcurrentHashMap<>();
    private final Duration gapTimeout;

    GapClocks(Duration gapTimeout) {
        this.gapTimeout = gapTimeout;
    }

    /** Starts timing {@code number} unless it is timed already: a tracker saw it missing behind a later one. */
    void start(long number, Instant now) {
        missingSince.putIfAbsent(number, now);
    }

    /** Stops timing {@code number}: it was found, or it is claimed by a tombstone. */
    void stop(long number) {
        missingSince.remove(number);
    }

    /** The gaps missing for at least the gap timeout; a gap not timed yet starts its clock {@code now}. */
    List<Long> expired(SortedSet<Long> gaps, Instant now) {
        List<Long> expired = new ArrayList<>();
        for (Long gap : gaps) {
            Instant since = missingSince.computeIfAbsent(gap, g -> now);
            if (!now.isBefore(since.plus(gapTimeout))) {
                expired.add(gap);
            }
        }
        return expired;
    }

    /**
     * A gap whose clock is older than twice the gap timeout is no tracker's gap any more (a tracker with it would have
     * claimed it on its next fetch): its segment moved to another instance, or its tracker stopped. Forgetting it
     * bounds the map; a tracker that still has it starts its clock again, which only delays the claim.
     */
    void forgetStale(Instant now) {
        Instant stale = now.minus(gapTimeout.multipliedBy(2));
        missingSince.values().removeIf(since -> since.isBefore(stale));
    }

    /** How many missing numbers are being timed. */
    int count() {
        return missingSince.size();
    }
}
