package fi.agreementregistry.api.readside;

/** Lets tests in other packages pin the moment before a replay switches reads. */
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
