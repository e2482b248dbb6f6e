package fi.agreementregistry.projections.rebuild;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import fi.agreementregistry.projections.processors.EventProcessorStatus;
import fi.agreementregistry.projections.support.ReadModelCollections;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.bson.Document;
import org.bson.types.Binary;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every event processor as {@code GET /api/admin/processors} shows it, with the processing groups it serves (the one
 * {@code read-models} processor serves every read model) and, per group, the generation reads use and its replay. Segment owners and positions come from the
 * shared token store, so the answer covers segments other instances hold; errors are known only for the segments
 * this instance holds.
 */
@Component
public class ProcessorOverview {

    /**
     * @param state  {@code caught-up}, {@code catching-up} (lag > 0), {@code replaying} (a rebuild of one of its groups
     *               runs), {@code error} or {@code stopped}
     * @param replay the running replay of one of its groups, else the latest; null when none
     * @param groups the processing groups it serves that the registry knows by name (none for the evidence log)
     */
    public record Processor(String name, String state, long head, long position, long lag, List<Segment> segments,
                            String lastError, ReplayStatus replay, List<Group> groups) {
    }

    /**
     * @param activeGeneration the generation of its collections that reads use
     * @param replayable       it keeps a read model that a replay can rebuild (not a group with side effects only)
     * @param replay           the running replay that rebuilds it, else the latest; null when none
     */
    public record Group(String name, long activeGeneration, boolean replayable, ReplayStatus replay) {
    }

    /** @param position the global position of the last event the segment handled, -1 before the first */
    public record Segment(int segment, String owner, long position, boolean claimedHere, String error) {
    }

    public record Processors(long head, List<Processor> processors) {
    }

    private final EventProcessingConfiguration processing;
    private final EventProcessorStatus status;
    private final MongoDatabase database;
    private final Serializer serializer;
    private final ReadModelCollections collections;
    private final ProjectionReplays replays;
    private final ReplayableGroups groups;

    public ProcessorOverview(EventProcessingConfiguration processing, EventProcessorStatus status,
                             MongoDatabase database, Serializer serializer, ReadModelCollections collections,
                             ProjectionReplays replays, ReplayableGroups groups) {
        this.processing = processing;
        this.status = status;
        this.database = database;
        this.serializer = serializer;
        this.collections = collections;
        this.replays = replays;
        this.groups = groups;
    }

    public boolean exists(String name) {
        return status.processorNames().contains(name);
    }

    public Processors all() {
        long head = status.headIndex();
        List<Processor> processors = new ArrayList<>();
        for (String name : status.processorNames()) {
            processors.add(processor(name, head));
        }
        return new Processors(head, processors);
    }

    private Processor processor(String name, long head) {
        StreamingEventProcessor processor = processing.eventProcessor(name, StreamingEventProcessor.class).orElseThrow();
        Map<Integer, EventTrackerStatus> local = processor.processingStatus();
        List<Segment> segments = new ArrayList<>();
        String lastError = null;
        for (Document token : database.getCollection("trackingtokens").find(Filters.eq("processorName", name))
                .sort(Sorts.ascending("segment"))) {
            int id = token.get("segment", Number.class).intValue();
            EventTrackerStatus here = local.get(id);
            long position = here != null ? here.getCurrentPosition().orElse(-1) : storedPosition(token);
            String error = here != null && here.isErrorState() && here.getError() != null
                    ? String.valueOf(here.getError()) : null;
            lastError = error != null ? error : lastError;
            segments.add(new Segment(id, token.getString("owner"), position, here != null, error));
        }
        long position = segments.stream().mapToLong(Segment::position).min().orElse(-1);
        long lag = Math.max(0, head - position);
        String runningReplay = replays.runningReplayId(name).orElse(null);
        ReplayStatus replay = runningReplay != null ? replays.status(runningReplay).orElse(null)
                : replays.latest(name).orElse(null);
        String state;
        if (lastError != null || processor.isError()) {
            state = "error";
        } else if (runningReplay != null) {
            state = "replaying";
        } else if (!processor.isRunning()) {
            state = "stopped";
        } else {
            state = lag == 0 ? "caught-up" : "catching-up";
        }
        List<Group> served = new ArrayList<>();
        for (ReplayableGroups.Group group : groups.all()) {
            if (name.equals(status.processorOf(group.name()).orElse(null))) {
                String running = replays.runningReplayId(group.name()).orElse(null);
                served.add(new Group(group.name(), collections.activeGeneration(group.name()),
                        !group.collections().isEmpty(), running != null ? replays.status(running).orElse(null)
                        : replays.latest(group.name()).orElse(null)));
            }
        }
        return new Processor(name, state, head, position, lag, segments, lastError, replay, served);
    }

    private long storedPosition(Document token) {
        try {
            Object bytes = token.get("token");
            String type = token.getString("tokenType");
            if (bytes == null || type == null) {
                return -1;
            }
            byte[] data = bytes instanceof Binary binary ? binary.getData() : (byte[]) bytes;
            TrackingToken tracking = serializer.deserialize(
                    new SimpleSerializedObject<>(data, byte[].class, type, null));
            return tracking == null ? -1 : tracking.position().orElse(-1);
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
