package fi.agreementregistry.projections.rebuild;

/**
 * Lets registry-api's tests pin the moment before a replay switches reads. It lives in the package of
 * {@link ProjectionReplays} (in registry-api's test sources, where the tests that need it run) to reach its
 * package-private hooks, which stay out of the public API.
 */
public final class ReplayTestHooks {

    private ReplayTestHooks() {
    }

    /** While held, no replay run by this instance switches reads to its new generation. */
    public static void holdSwitches(ProjectionReplays replays, boolean held) {
        replays.switchAllowed = () -> !held;
    }

    /** Runs in a rebuild's thread before it handles each event; may block to hold the rebuild at that event. */
    public static void beforeRebuildHandles(ProjectionReplays replays,
                                            java.util.function.Consumer<org.axonframework.eventhandling.EventMessage<?>> hook) {
        replays.beforeRebuildHandles = hook;
    }
}
