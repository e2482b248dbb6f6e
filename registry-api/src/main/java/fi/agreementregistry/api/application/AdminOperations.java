package fi.agreementregistry.api.application;

import fi.agreementregistry.projections.rebuild.ConsistencyCheck;
import fi.agreementregistry.projections.rebuild.ProcessorOverview;
import fi.agreementregistry.projections.rebuild.ProjectionReplays;
import fi.agreementregistry.projections.rebuild.ReplayStatus;
import org.springframework.stereotype.Service;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What administrators do, for every adapter (REST API, admin page, terminal): the processors' overview, blue/green
 * replays and the consistency check; a replay and a repair are recorded in the admin log ({@link AdminActions}) with
 * the signed-in administrator ("terminal" for the terminal without a sign-in).
 */
@Service
public class AdminOperations {

    private final ProcessorOverview overview;
    private final ProjectionReplays replays;
    private final ConsistencyCheck consistency;
    private final AdminActions actions;

    public AdminOperations(ProcessorOverview overview, ProjectionReplays replays, ConsistencyCheck consistency,
                           AdminActions actions) {
        this.overview = overview;
        this.replays = replays;
        this.consistency = consistency;
        this.actions = actions;
    }

    public ProcessorOverview.Processors processors() {
        return overview.all();
    }

    /**
     * Starts a replay of a processor's read models and records it.
     *
     * @throws ProjectionReplays.UnknownProcessor     there is no such processor
     * @throws ProjectionReplays.NothingToRebuild     the processor keeps no read model (e.g. the evidence log)
     * @throws ProjectionReplays.ReplayAlreadyRunning one runs for it already
     */
    public ReplayStatus replay(String processor) {
        if (!overview.exists(processor)) {
            throw new ProjectionReplays.UnknownProcessor(processor);
        }
        ReplayStatus started = replays.start(processor, AdminActions.currentActor());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("replayId", started.id());
        details.put("generation", started.generation());
        details.put("eventsTotal", started.eventsTotal());
        actions.record("replay", processor, details);
        return started;
    }

    public Optional<ReplayStatus> replayStatus(String id) {
        return replays.status(id);
    }

    public ConsistencyCheck.Report checkConsistency() {
        return consistency.check();
    }

    /** Rebuilds the documents of the agreements that differ, and records it. */
    public ConsistencyCheck.Repair repair() {
        ConsistencyCheck.Repair repair = consistency.repair();
        actions.record("consistency-repair", "read-models", Map.of("repaired", repair.repaired().size(),
                "remaining", repair.after().mismatches().size()));
        return repair;
    }
}
