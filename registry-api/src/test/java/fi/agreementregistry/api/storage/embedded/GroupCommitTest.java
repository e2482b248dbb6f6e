package fi.agreementregistry.api.storage.embedded;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link GroupCommit} with a stand-in store: a write adds an id to {@code written}; a commit takes a copy of
 * {@code written} when it starts (what a commit under the write lock holds) and, when it completes, makes that copy
 * durable. A caller's write must be durable when its {@code awaitDurable()} returns.
 */
class GroupCommitTest {

    private final Set<String> written = ConcurrentHashMap.newKeySet();
    private final Set<String> durable = ConcurrentHashMap.newKeySet();

    @Test
    void everyCallerIsAcknowledgedOnlyByACommitThatStartedAfterItsWrite() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        GroupCommit groupCommit = new GroupCommit(() -> {
            runs.incrementAndGet();
            Set<String> held = Set.copyOf(written);
            Thread.yield();   // writers go on meanwhile, as they do during a real commit and fsync
            durable.addAll(held);
        });
        int writers = 8;
        int writesEach = 500;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<List<String>>> notDurableWhenAcknowledged = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                notDurableWhenAcknowledged.add(pool.submit(() -> {
                    List<String> wrong = new ArrayList<>();
                    for (int i = 0; i < writesEach; i++) {
                        String id = writer + "-" + i;
                        written.add(id);
                        groupCommit.awaitDurable();
                        if (!durable.contains(id)) {
                            wrong.add(id);
                        }
                    }
                    return wrong;
                }));
            }
            for (Future<List<String>> wrong : notDurableWhenAcknowledged) {
                assertThat(wrong.get(60, TimeUnit.SECONDS)).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(durable).hasSize(writers * writesEach);
        assertThat(groupCommit.completedRuns()).isEqualTo(runs.get());
        System.out.printf("[figures] group commit, stand-in store: %d writes by %d threads in %d commits%n",
                writers * writesEach, writers, runs.get());
    }

    @Test
    void callersWhoWroteDuringACommitShareTheNextOne() throws Exception {
        CountDownLatch firstCommitMayEnd = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        GroupCommit groupCommit = new GroupCommit(() -> {
            Set<String> held = Set.copyOf(written);
            if (runs.incrementAndGet() == 1) {
                awaitLatch(firstCommitMayEnd);
            }
            durable.addAll(held);
        });
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            AtomicReferenceArray<Thread> threads = new AtomicReferenceArray<>(5);
            Future<?> first = pool.submit(() -> {
                threads.set(0, Thread.currentThread());
                write(groupCommit, "first");
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 1);
            List<Future<?>> during = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                int caller = i;
                during.add(pool.submit(() -> {
                    threads.set(caller, Thread.currentThread());
                    write(groupCommit, "during-" + caller);
                }));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> waiting(threads, 1, 4));
            assertThat(durable).as("nothing is acknowledged while the first commit runs").isEmpty();

            firstCommitMayEnd.countDown();
            first.get(10, TimeUnit.SECONDS);
            for (Future<?> f : during) {
                f.get(10, TimeUnit.SECONDS);   // each asserted its write durable on return
            }
            assertThat(runs.get()).as("one commit for the four callers who wrote during the first").isEqualTo(2);
            assertThat(groupCommit.completedRuns()).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedCommitFailsEveryCallerWaitingForItAndTheNextCommitServesLaterCallers() throws Exception {
        CountDownLatch firstCommitMayEnd = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        GroupCommit groupCommit = new GroupCommit(() -> {
            Set<String> held = Set.copyOf(written);
            int run = runs.incrementAndGet();
            if (run == 1) {
                awaitLatch(firstCommitMayEnd);
            } else if (run == 2) {
                throw new IllegalStateException("disk full");
            }
            durable.addAll(held);
        });
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            AtomicReferenceArray<Thread> threads = new AtomicReferenceArray<>(4);
            Future<?> first = pool.submit(() -> {
                threads.set(0, Thread.currentThread());
                write(groupCommit, "first");
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 1);
            List<Future<?>> during = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                int caller = i;
                during.add(pool.submit(() -> {
                    threads.set(caller, Thread.currentThread());
                    write(groupCommit, "during-" + caller);
                }));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> waiting(threads, 1, 3));

            firstCommitMayEnd.countDown();
            first.get(10, TimeUnit.SECONDS);
            for (Future<?> f : during) {
                assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
                        .hasRootCauseInstanceOf(IllegalStateException.class)
                        .hasRootCauseMessage("disk full");
            }
            assertThat(durable).containsExactly("first");
            assertThat(groupCommit.completedRuns()).isEqualTo(1);

            pool.submit(() -> write(groupCommit, "later")).get(10, TimeUnit.SECONDS);
            assertThat(durable).contains("later");
            assertThat(groupCommit.completedRuns()).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Writes {@code id}, waits for the commit, and fails if the write is not durable on return. */
    private void write(GroupCommit groupCommit, String id) {
        written.add(id);
        groupCommit.awaitDurable();
        assertThat(durable).as("durable when acknowledged").contains(id);
    }

    /** Whether threads from..to have all started and wait for a commit (parked on the condition, not the lock). */
    private static boolean waiting(AtomicReferenceArray<Thread> threads, int from, int to) {
        for (int i = from; i <= to; i++) {
            Thread thread = threads.get(i);
            if (thread == null || !(LockSupport.getBlocker(thread) instanceof Condition)) {
                return false;
            }
        }
        return true;
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
