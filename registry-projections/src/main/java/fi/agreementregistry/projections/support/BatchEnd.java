package fi.agreementregistry.projections.support;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The writes that a processor's batch leaves for its end. A tracking processor hands its handlers a batch of events in
 * one unit of work; a handler that buffers what the events change (the read models' {@link BatchWrites}, the evidence
 * log) keeps its buffer here, and the buffer is written once, when the batch ends.
 * <p>
 * The writes must reach MongoDB before the processor stores the batch's token, or a crash in between would lose them.
 * The processor stores its token in a prepare-commit handler registered before any handler's, so the token store calls
 * {@link #writeCurrent()} first ({@link BatchFlushingTokenStore}); the prepare-commit handler registered here writes
 * whatever that left (a token store without the hook, or a processor that stores its token before processing).
 * Buffers are written in the order they were first used; a failing write throws, so the unit of work rolls back and
 * the processor retries the batch.
 */
public final class BatchEnd {

    private static final String BUFFERS = BatchEnd.class.getName() + ".buffers";

    private BatchEnd() {
    }

    /**
     * The buffer that {@code owner} keeps for the current batch, created at its first use in the batch.
     *
     * @param write writes the buffer when the batch ends
     * @return the buffer, or null when no unit of work is active (the caller writes at once)
     */
    public static <B> B buffer(Object owner, Supplier<B> create, Consumer<B> write) {
        if (!CurrentUnitOfWork.isStarted()) {
            return null;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        Buffers buffers = root.getOrComputeResource(BUFFERS, key -> {
            Buffers created = new Buffers();
            root.onPrepareCommit(uow -> created.write());
            return created;
        });
        @SuppressWarnings("unchecked")
        Pending<B> pending = (Pending<B>) buffers.byOwner.computeIfAbsent(owner,
                key -> new Pending<>(create.get(), write));
        return pending.buffer;
    }

    /** Writes every buffer of the current unit of work's batch; nothing without one. */
    public static void writeCurrent() {
        if (CurrentUnitOfWork.isStarted()) {
            Buffers buffers = CurrentUnitOfWork.get().root().getResource(BUFFERS);
            if (buffers != null) {
                buffers.write();
            }
        }
    }

    private record Pending<B>(B buffer, Consumer<B> write) {
        void run() {
            write.accept(buffer);
        }
    }

    /** The batch's buffers by owner, in the order first used. */
    private static final class Buffers {
        final Map<Object, Pending<?>> byOwner = new LinkedHashMap<>();

        void write() {
            List<Pending<?>> due = new ArrayList<>(byOwner.values());
            byOwner.clear();
            for (Pending<?> pending : due) {
                pending.run();
            }
        }
    }
}
