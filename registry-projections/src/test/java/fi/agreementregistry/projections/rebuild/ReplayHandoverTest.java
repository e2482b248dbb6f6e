package fi.agreementregistry.projections.rebuild;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a blue/green rebuild may switch reads and stop, decided on tokens. The interleavings below are the ones that
 * lost events when the decision compared positions only (the highest number each had read).
 */
class ReplayHandoverTest {

    private static final Function<Set<Long>, Set<Long>> NO_TOMBSTONES = numbers -> Set.of();

    @Test
    void aRebuildThatStillMissesAnEventTheLiveProcessorAppliedMayNotSwitch() {
        // A stalled writer held 100 while 101 was stored: the rebuild read 101 and lists 100 as missing; then 100
        // was stored and the live processor applied it to the old generation.
        TrackingToken rebuilt = replaying(token(101, 100));
        TrackingToken live = token(101);
        assertThat(rebuilt.position()).hasValue(101);   // the old rule (position >= head) would have switched
        assertThat(ReplayHandover.maySwitch(rebuilt, List.of(live), NO_TOMBSTONES)).isFalse();
        assertThat(ReplayHandover.maySwitch(replaying(token(101)), List.of(live), NO_TOMBSTONES)).isTrue();
    }

    @Test
    void bothStillWaitingForTheSameNumberMaySwitchAndTheLiveProcessorDeliversItIntoTheNewGeneration() {
        assertThat(ReplayHandover.maySwitch(replaying(token(120, 100)), List.of(token(118, 100)), NO_TOMBSTONES))
                .isTrue();
    }

    @Test
    void aRebuildBehindAnySegmentOfTheLiveProcessorMayNotSwitch() {
        assertThat(ReplayHandover.maySwitch(replaying(token(150)), List.of(token(140), token(151)), NO_TOMBSTONES))
                .isFalse();
        assertThat(ReplayHandover.maySwitch(replaying(token(150)), Arrays.asList(token(140), null), NO_TOMBSTONES))
                .as("a segment that has read nothing yet").isTrue();
        assertThat(ReplayHandover.maySwitch(null, List.of(token(1)), NO_TOMBSTONES)).isFalse();
    }

    @Test
    void aRebuildFinishesOnlyWhenItHasSeenEveryEventStoredBeforeTheSwitch() {
        GapAwareTrackingToken headAtSwitch = token(200, 190);          // 190 still in flight at the switch
        assertThat(ReplayHandover.mayFinish(replaying(token(205, 150)), headAtSwitch, NO_TOMBSTONES))
                .as("150 was stored before the switch and not read yet").isFalse();
        assertThat(ReplayHandover.mayFinish(replaying(token(199)), headAtSwitch, NO_TOMBSTONES)).isFalse();
        assertThat(ReplayHandover.mayFinish(replaying(token(200, 190)), headAtSwitch, NO_TOMBSTONES))
                .as("190 is the live processor's to deliver into the new generation").isTrue();
        assertThat(ReplayHandover.mayFinish(replaying(token(200)), headAtSwitch, NO_TOMBSTONES)).isTrue();
    }

    @Test
    void aNumberHeldByATombstoneIsNoEventToWaitFor() {
        // The tracking engine steps over a tombstone without emitting anything, so a token keeps the number as a gap
        // until its next event; a quiet store would never send one.
        GapAwareTrackingToken headAtSwitch = token(200);
        assertThat(ReplayHandover.mayFinish(replaying(token(200, 150)), headAtSwitch, NO_TOMBSTONES)).isFalse();
        assertThat(ReplayHandover.mayFinish(replaying(token(200, 150)), headAtSwitch, numbers -> Set.of(150L)))
                .isTrue();
    }

    @Test
    void tokensSurviveTheReplayDocument() {
        GapAwareTrackingToken token = token(42, 7, 9);
        assertThat(ReplayHandover.fromDocument(ReplayHandover.toDocument(token))).isEqualTo(token);
    }

    private static GapAwareTrackingToken token(long index, long... gaps) {
        return GapAwareTrackingToken.newInstance(index, Arrays.stream(gaps).boxed().toList());
    }

    /** The rebuild's token as its processor holds it: in replay mode for ever (its reset point is beyond any event). */
    private static TrackingToken replaying(GapAwareTrackingToken current) {
        return ReplayToken.createReplayToken(GapAwareTrackingToken.newInstance(Long.MAX_VALUE, List.of()), current);
    }
}
