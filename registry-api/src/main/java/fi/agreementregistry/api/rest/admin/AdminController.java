package fi.agreementregistry.api.rest.admin;

import fi.agreementregistry.api.application.AdminActions;
import fi.agreementregistry.api.readside.ConsistencyCheck;
import fi.agreementregistry.api.readside.ProcessorOverview;
import fi.agreementregistry.api.readside.ProjectionReplays;
import fi.agreementregistry.api.readside.ReplayStatus;

import fi.agreementregistry.api.security.CurrentUser;
import fi.agreementregistry.api.security.RegistryUser;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.Map;

/** Replays for administrators (ADMIN only, see SecurityConfiguration); the JSON shapes are in the README. */
@RestController
@RequestMapping("/api/admin")
public class AdminController {

    private final ProcessorOverview overview;
    private final ProjectionReplays replays;
    private final AdminActions actions;
    private final ConsistencyCheck consistency;

    public AdminController(ProcessorOverview overview, ProjectionReplays replays, AdminActions actions,
                           ConsistencyCheck consistency) {
        this.overview = overview;
        this.replays = replays;
        this.actions = actions;
        this.consistency = consistency;
    }

    @GetMapping("/consistency")
    public ConsistencyCheck.Report consistency() {
        return consistency.check();
    }

    @PostMapping("/consistency/repair")
    public ConsistencyCheck.Repair repair() {
        ConsistencyCheck.Repair repair = consistency.repair();
        actions.record("consistency-repair", "read-models", Map.of("repaired", repair.repaired().size(),
                "remaining", repair.after().mismatches().size()));
        return repair;
    }

    @GetMapping("/processors")
    public ProcessorOverview.Processors processors() {
        return overview.all();
    }

    @PostMapping("/processors/{name}/replay")
    public ResponseEntity<ReplayStatus> replay(@PathVariable String name) {
        if (!overview.exists(name)) {
            throw new ProjectionReplays.UnknownProcessor(name);
        }
        String user = CurrentUser.get().map(RegistryUser::userId).orElse("terminal");
        ReplayStatus started = replays.start(name, user);
        actions.record("replay", name, Map.of("replayId", started.id(), "generation", started.generation(),
                "eventsTotal", started.eventsTotal()));
        return ResponseEntity.accepted().location(URI.create("/api/admin/replays/" + started.id())).body(started);
    }

    @GetMapping("/replays/{id}")
    public ResponseEntity<ReplayStatus> replayStatus(@PathVariable String id) {
        return replays.status(id).map(ResponseEntity::ok).orElseThrow(() -> new UnknownReplay(id));
    }

    static class UnknownReplay extends RuntimeException {
        UnknownReplay(String id) {
            super("There is no replay " + id + ".");
        }
    }

    @ExceptionHandler({ProjectionReplays.UnknownProcessor.class, UnknownReplay.class})
    ResponseEntity<ProblemDetail> notFound(RuntimeException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setType(URI.create("/problems/not-found"));
        problem.setTitle("Not found");
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
    }

    @ExceptionHandler(ProjectionReplays.NothingToRebuild.class)
    ResponseEntity<ProblemDetail> nothingToRebuild(ProjectionReplays.NothingToRebuild e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setType(URI.create("/problems/nothing-to-rebuild"));
        problem.setTitle("This processor cannot be replayed");
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
    }

    @ExceptionHandler(ProjectionReplays.ReplayAlreadyRunning.class)
    ResponseEntity<ProblemDetail> alreadyRunning(ProjectionReplays.ReplayAlreadyRunning e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setType(URI.create("/problems/replay-running"));
        problem.setTitle("A replay is already running");
        problem.setProperty("replay", "/api/admin/replays/" + e.replayId());
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
    }
}
