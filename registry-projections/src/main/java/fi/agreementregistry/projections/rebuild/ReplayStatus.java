package fi.agreementregistry.projections.rebuild;

import java.util.List;

/**
 * A replay as {@code GET /api/admin/replays/{id}} shows it. Events are counted by global position (tombstones of
 * failed appends included), so {@code eventsDone / eventsTotal} is exact progress through the store.
 *
 * @param status          {@code RUNNING} (building the new generation), {@code SWITCHING} (reads moved to it, the
 *                        rebuild takes the last events written meanwhile), {@code COMPLETED}, or {@code FAILED}
 *                        (a handler error stopped the rebuild, or its instance died and a later replay took over
 *                        its lock: {@code lastError} says which)
 * @param eventsTotal     global positions up to the head of the store when the replay started
 * @param eventsPerSecond measured by the instance running the replay since it (re)started it
 * @param estimatedFinish ISO instant, null until a rate is known or once completed
 * @param finishedAt      ISO instant, written once a completed or failed replay has released its locks
 * @param processor       what was asked for: the one processing group rebuilt, the processor ({@code read-models})
 *                        when every read model it serves is rebuilt, else the groups' names joined by commas
 * @param generation      the generation being built of the (first) group; each group's is in {@code groups}
 * @param lastError       why a FAILED replay failed; null when none
 * @param groups          every processing group the replay rebuilds, in one pass, with its new and old generation
 */
public record ReplayStatus(String id, String processor, String status, long generation, long previousGeneration,
                           long eventsDone, long eventsTotal, double percent, double eventsPerSecond,
                           String startedAt, String estimatedFinish, String finishedAt, String requestedBy,
                           String lastError, List<Group> groups) {

    /** A processing group a replay rebuilds: reads switch from {@code previousGeneration} to {@code generation}. */
    public record Group(String name, long generation, long previousGeneration) {
    }

    /**
     * Completed or failed, and its locks released ({@code finishedAt} is written last), so a replay of the same groups
     * may start now.
     */
    public boolean finished() {
        return finished(status) && finishedAt != null;
    }

    static boolean finished(String status) {
        return "COMPLETED".equals(status) || "FAILED".equals(status);
    }
}
