package fi.agreementregistry.api.application;

import fi.agreementregistry.projections.rebuild.ConsistencyCheck;
import fi.agreementregistry.projections.rebuild.ProcessorOverview;
import fi.agreementregistry.projections.rebuild.ProjectionReplays;
import fi.agreementregistry.projections.rebuild.ReplayStatus;
import org.springframework.stereotype.Service;

import java.util.LinkedHashMap;
import java.util.List;
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
     * Starts a replay of one processing group's read model, or of every read model of a processor ({@code
     * read-models}: all of them in one pass), and records it.
     *
     * @throws ProjectionReplays.UnknownProcessor     there is no such processing group or processor
     * @throws ProjectionReplays.NothingToRebuild     the group keeps no read model (side effects only)
     * @throws ProjectionReplays.ReplayAlreadyRunning one runs for it already
     */
    public ReplayStatus replay(String name) {
        return record(replays.start(name, AdminActions.currentActor()), name);
    }

    /**
     * Starts one replay of several processing groups (a processor's name stands for all its read models), in one pass
     * over the events, and records it.
     *
     * @throws InvalidFieldException                  no group named, or a name the registry does not know
     * @throws ProjectionReplays.NothingToRebuild     a group keeps no read model (side effects only)
     * @throws ProjectionReplays.ReplayAlreadyRunning one runs for one of them already (nothing was started)
     */
    public ReplayStatus replay(List<String> names) {
        List<String> distinct = names == null ? List.of() : names.stream().distinct().toList();
        if (distinct.isEmpty()) {
            throw new InvalidFieldException("groups", "Name at least one processing group to rebuild, e.g. "
                    + String.join(", ", replayable()) + ".");
        }
        try {
            return record(replays.start(distinct, AdminActions.currentActor()), String.join(",", distinct));
        } catch (ProjectionReplays.UnknownProcessor e) {
            throw new InvalidFieldException("groups", e.getMessage() + " Replayable: "
                    + String.join(", ", replayable()) + ".");
        }
    }

    /** The names a replay accepts: every read model's processing group, and the processor that serves them. */
    public List<String> replayable() {
        return replays.replayableNames();
    }

    private ReplayStatus record(ReplayStatus started, String target) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("replayId", started.id());
        details.put("generation", started.generation());
        details.put("groups", started.groups().stream().map(ReplayStatus.Group::name).toList());
        details.put("eventsTotal", started.eventsTotal());
        actions.record("replay", target, details);
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
