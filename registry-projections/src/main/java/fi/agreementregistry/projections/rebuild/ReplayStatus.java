package fi.agreementregistry.projections.rebuild;

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
 * @param lastError       why a FAILED replay failed; null when none
 */
public record ReplayStatus(String id, String processor, String status, long generation, long previousGeneration,
                           long eventsDone, long eventsTotal, double percent, double eventsPerSecond,
                           String startedAt, String estimatedFinish, String finishedAt, String requestedBy,
                           String lastError) {

    public boolean finished() {
        return finished(status);
    }

    static boolean finished(String status) {
        return "COMPLETED".equals(status) || "FAILED".equals(status);
    }
}
