package fi.agreementregistry.projections.processors;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import fi.agreementregistry.projections.processors.HeadPosition;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * What this instance knows about its streaming event processors: the segments it has claimed, their errors, how
 * far each lags behind the head of the event store, and how far a replay has come. Segments claimed by another
 * instance are that instance's to report, so each instance's readiness speaks for the work it does.
 */
@Component
public class EventProcessorStatus {

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final HeadPosition headPosition;

    public EventProcessorStatus(EventProcessingConfiguration processing, EventStore eventStore,
                                ObjectProvider<EventStorageEngine> engine) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.headPosition = engine.getIfAvailable() instanceof HeadPosition head ? head : null;
    }

    /**
     * @param name             the processor, e.g. {@code read-models} (every read model) or {@code evidence}
     * @param running          the processor's threads are running
     * @param error            the processor, or one of its claimed segments, is in error
     * @param claimedSegments  the segment ids this instance holds
     * @param lag              events between the head of the store and the furthest-behind segment not replaying
     * @param replaying        one of the claimed segments is replaying
     * @param replayProgress   0..1 for the least advanced replaying segment; 1 when nothing replays
     */
    public record Snapshot(String name, boolean running, boolean error, List<Integer> claimedSegments,
                           long lag, boolean replaying, double replayProgress) {
    }

    /** The global index of the last stored event, -1 when the store is empty. */
    public long headIndex() {
        return headPosition != null ? headPosition.lastStoredPosition()
                : position(eventStore.createHeadToken()).orElse(-1);
    }

    public List<String> processorNames() {
        return processing.eventProcessors().entrySet().stream()
                .filter(e -> e.getValue() instanceof StreamingEventProcessor)
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    /** The processor that runs a processing group's handlers on this instance (e.g. {@code read-models}), if any. */
    public Optional<String> processorOf(String processingGroup) {
        return processing.eventProcessorByProcessingGroup(processingGroup).map(EventProcessor::getName);
    }

    public List<Snapshot> snapshots() {
        long head = headIndex();
        return processorNames().stream().map(name -> snapshot(name, head)).toList();
    }

    public Snapshot snapshot(String name) {
        return snapshot(name, headIndex());
    }

    private Snapshot snapshot(String name, long head) {
        StreamingEventProcessor processor = processing.eventProcessor(name, StreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalArgumentException("no streaming event processor named " + name));
        Map<Integer, EventTrackerStatus> status = new TreeMap<>(processor.processingStatus());
        boolean error = processor.isError();
        long lag = 0;
        boolean replaying = false;
        double progress = 1.0;
        for (EventTrackerStatus segment : status.values()) {
            error |= segment.isErrorState();
            long position = segment.getCurrentPosition().orElse(-1);
            if (segment.isReplaying()) {
                replaying = true;
                long resetAt = segment.getResetPosition().orElse(head);
                progress = Math.min(progress, resetAt <= 0 ? 0.0 : Math.min(1.0, Math.max(0, position) / (double) resetAt));
            } else {
                lag = Math.max(lag, Math.max(0, head - position));
            }
        }
        return new Snapshot(name, processor.isRunning(), error, List.copyOf(status.keySet()), lag, replaying, progress);
    }

    private static OptionalLong position(TrackingToken token) {
        return token == null ? OptionalLong.empty() : token.position();
    }
}
