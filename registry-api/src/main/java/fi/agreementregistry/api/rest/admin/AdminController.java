package fi.agreementregistry.api.rest.admin;

import fi.agreementregistry.api.application.AdminOperations;
import fi.agreementregistry.api.application.NotFoundException;
import fi.agreementregistry.projections.rebuild.ConsistencyCheck;
import fi.agreementregistry.projections.rebuild.ProcessorOverview;
import fi.agreementregistry.projections.rebuild.ReplayStatus;

import fi.agreementregistry.api.application.requests.ReplayRequest;
import jakarta.validation.Valid;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/** Replays for administrators (ADMIN only, see SecurityConfiguration); the JSON shapes are in the README. */
@ConditionalOnWebApplication
@RestController
@RequestMapping("/api/admin")
public class AdminController {

    private final AdminOperations admin;

    public AdminController(AdminOperations admin) {
        this.admin = admin;
    }

    @GetMapping("/consistency")
    public ConsistencyCheck.Report consistency() {
        return admin.checkConsistency();
    }

    @PostMapping("/consistency/repair")
    public ConsistencyCheck.Repair repair() {
        return admin.repair();
    }

    @GetMapping("/processors")
    public ProcessorOverview.Processors processors() {
        return admin.processors();
    }

    /** {@code name}: one processing group, or a processor ({@code read-models}) for every read model it serves. */
    @PostMapping("/processors/{name}/replay")
    public ResponseEntity<ReplayStatus> replay(@PathVariable String name) {
        return accepted(admin.replay(name));
    }

    /** One replay of several processing groups, in one pass over the events. */
    @PostMapping("/replays")
    public ResponseEntity<ReplayStatus> replay(@Valid @RequestBody ReplayRequest request) {
        return accepted(admin.replay(request.groups()));
    }

    private static ResponseEntity<ReplayStatus> accepted(ReplayStatus started) {
        return ResponseEntity.accepted().location(URI.create("/api/admin/replays/" + started.id())).body(started);
    }

    @GetMapping("/replays/{id}")
    public ResponseEntity<ReplayStatus> replayStatus(@PathVariable String id) {
        return admin.replayStatus(id).map(ResponseEntity::ok)
                .orElseThrow(() -> new NotFoundException("There is no replay " + id + "."));
    }
}
