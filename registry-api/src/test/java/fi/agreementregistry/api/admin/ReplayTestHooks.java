package fi.agreementregistry.api.admin;

/** Lets tests in other packages pin the moment before a replay switches reads. */
public final class ReplayTestHooks {

    private ReplayTestHooks() {
    }

    /** While held, no replay run by this instance switches reads to its new generation. */
    public static void holdSwitches(ProjectionReplays replays, boolean held) {
        replays.switchAllowed = () -> !held;
    }
}
