package fi.agreementregistry.api.storage.embedded;

import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit: writers that finish while a commit is running are made durable together by the next one, so the
 * number of commits (each with an {@code fsync}) grows with time, not with the number of writes.
 * <p>
 * Guarantee: {@link #awaitDurable()} returns only after a run of the commit action that <em>started after</em> the
 * call began has completed without an error, so that run holds every write the caller finished before calling. If
 * that run throws, every caller that was waiting for it throws too: no write is acknowledged by a commit that failed.
 * Runs never overlap. The first caller to find no run in progress leads: it runs the action for itself and for every
 * caller that joined before the run started; callers arriving while a run is in progress join the next run and wait
 * on a condition until it has finished, one of them leading it.
 */
final class GroupCommit {

    private final Runnable commitAndSync;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition runFinished = lock.newCondition();
    /** The run that has not started yet: every caller joins it. */
    private Run next = new Run();
    private boolean running;
    private long completedRuns;

    /** @param commitAndSync commits everything written so far and forces it to the disk; throws if it cannot */
    GroupCommit(Runnable commitAndSync) {
        this.commitAndSync = Objects.requireNonNull(commitAndSync, "commitAndSync");
    }

    /**
     * Returns once a commit that started after this call has completed; throws the error of that commit (the
     * leader's own exception, a waiter's wrapped in an {@link IllegalStateException}). Not interruptible: a write
     * whose commit is under way is not abandoned.
     */
    void awaitDurable() {
        Run mine;
        lock.lock();
        try {
            mine = next;
            while (running && !mine.finished) {
                runFinished.awaitUninterruptibly();
            }
            if (mine.finished) {
                mine.throwIfFailed();
                return;
            }
            // No run in progress and ours has not started: lead it.
            running = true;
            next = new Run();
        } finally {
            lock.unlock();
        }
        Throwable failure = runAction();
        lock.lock();
        try {
            mine.finished = true;
            mine.failure = failure;
            running = false;
            if (failure == null) {
                completedRuns++;
            }
            runFinished.signalAll();
        } finally {
            lock.unlock();
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }

    /** How many runs have completed without an error (for tests and measurements). */
    long completedRuns() {
        lock.lock();
        try {
            return completedRuns;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs the action with the leader's interrupt status cleared (and restored after): the run is shared, and a pending
     * interrupt would make {@code FileChannel.write} close the store's channel for everyone
     * (ClosedByInterruptException).
     */
    private Throwable runAction() {
        boolean interrupted = Thread.interrupted();
        try {
            commitAndSync.run();
            return null;
        } catch (RuntimeException | Error e) {
            return e;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One run of the action and the callers that joined it; guarded by the lock. */
    private static final class Run {
        private boolean finished;
        private Throwable failure;

        void throwIfFailed() {
            if (failure != null) {
                throw new IllegalStateException("The commit that was to hold this write failed: " + failure, failure);
            }
        }
    }
}
