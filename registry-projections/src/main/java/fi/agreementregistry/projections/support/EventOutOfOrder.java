package fi.agreementregistry.projections.support;

/**
 * An agreement's event reached a read model ahead of its turn: before the agreement's draft, or more than one
 * sequence past the event the document last applied. The events of one agreement reach a processor in order, so
 * this means that another processor is still writing the earlier events into the same documents (the rebuild of a
 * blue/green replay, between the switch and its finish). The projection throws instead of skipping the event: the
 * batch rolls back and the processor retries it, by which time the earlier events are there; an event that never
 * resolves shows as the processor's error.
 */
public class EventOutOfOrder extends IllegalStateException {

    private EventOutOfOrder(String message) {
        super(message);
    }

    /**
     * Checks that an event may be applied to a document that has applied events up to {@code appliedSequence}.
     *
     * @param appliedSequence the sequence of the last event the document applied, or {@code null} when the agreement
     *                        has no document yet (not drafted)
     * @return {@code false} when the event was applied already (a redelivery: skip it), {@code true} when it is next
     * @throws EventOutOfOrder when the agreement is not drafted yet or events between are missing
     */
    public static boolean isNext(String readModel, String agreementId, Long appliedSequence, long sequence,
                                 Object event) {
        if (appliedSequence == null) {
            if (sequence == 0) {
                return true;
            }
            throw new EventOutOfOrder(readModel + ": " + name(event) + " #" + sequence + " of agreement " + agreementId
                    + " arrived before the agreement's draft; the batch is retried");
        }
        if (appliedSequence >= sequence) {
            return false;
        }
        if (appliedSequence < sequence - 1) {
            throw new EventOutOfOrder(readModel + ": " + name(event) + " #" + sequence + " of agreement " + agreementId
                    + " arrived after #" + appliedSequence + ", before the events between; the batch is retried");
        }
        return true;
    }

    private static String name(Object event) {
        return event.getClass().getSimpleName();
    }
}
