package fi.agreementregistry.api.web;

import fi.agreementregistry.api.application.AdminOperations;
import fi.agreementregistry.projections.rebuild.ConsistencyCheck;
import fi.agreementregistry.projections.rebuild.ProcessorOverview;
import fi.agreementregistry.projections.rebuild.ProjectionReplays;
import fi.agreementregistry.projections.rebuild.ReplayStatus;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.MessageSource;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Administration: the event processors and the processing groups each serves, with a Rebuild button for every read
 * model and one for all of them ({@code read-models}, one pass), the progress of their running or latest replay
 * (refreshed every second by ui.js from {@code /ui/admin/replays/{id}}, and the processor table every two seconds from
 * {@code /ui/admin/processors} while a replay runs; a reload shows them without JS), and the
 * consistency check with its repair. Calls the admin API's controller, so the same actions are recorded in the
 * admin action log.
 */
@ConditionalOnWebApplication
@Controller
class AdminPageController {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("H.mm.ss")
            .withZone(ZoneId.of("Europe/Helsinki"));

    private final AdminOperations admin;
    private final MessageSource messages;

    AdminPageController(AdminOperations admin, MessageSource messages) {
        this.admin = admin;
        this.messages = messages;
    }

    @GetMapping("/ui/admin")
    String admin(@RequestParam(defaultValue = "false") boolean check, Model model, Locale locale) {
        ProcessorOverview.Processors processors = processors(model);
        // A replay of several groups is one replay: shown once.
        Map<String, ReplayStatus> replays = new LinkedHashMap<>();
        for (ProcessorOverview.Processor p : processors.processors()) {
            Stream.concat(Stream.of(p.replay()), p.groups().stream().map(ProcessorOverview.Group::replay))
                    .filter(Objects::nonNull).forEach(replay -> replays.putIfAbsent(replay.id(), replay));
        }
        model.addAttribute("replays", replays.values().stream().map(replay -> view(replay, locale)).toList());
        if (check) {
            model.addAttribute("consistency", admin.checkConsistency());
        }
        return "ui/admin";
    }

    /** The processor table alone, as the page draws it: ui.js refreshes the page's cells from it while a replay runs. */
    @GetMapping("/ui/admin/processors")
    String processorTable(Model model) {
        processors(model);
        return "ui/admin :: processorTable";
    }

    private ProcessorOverview.Processors processors(Model model) {
        ProcessorOverview.Processors processors = admin.processors();
        model.addAttribute("processors", processors);
        model.addAttribute("replayable", admin.replayable());
        return processors;
    }

    @PostMapping("/ui/admin/processors/{name}/replay")
    String replay(@PathVariable String name, RedirectAttributes redirect) {
        try {
            ReplayStatus started = admin.replay(name);
            redirect.addFlashAttribute("replayStarted", name);
            redirect.addFlashAttribute("replayId", started.id());
        } catch (ProjectionReplays.ReplayAlreadyRunning e) {
            redirect.addFlashAttribute("replayRunning", name);
        } catch (ProjectionReplays.UnknownProcessor | ProjectionReplays.NothingToRebuild e) {
            redirect.addFlashAttribute("replayUnknown", name);
        }
        return "redirect:/ui/admin";
    }

    /** The replay's status with its labels in the page's language, for ui.js. */
    @GetMapping("/ui/admin/replays/{id}")
    @ResponseBody
    ResponseEntity<Map<String, Object>> replayStatus(@PathVariable String id, Locale locale) {
        return admin.replayStatus(id).map(status -> ResponseEntity.ok(view(status, locale)))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    @PostMapping("/ui/admin/consistency/repair")
    String repair(RedirectAttributes redirect) {
        ConsistencyCheck.Repair repair = admin.repair();
        redirect.addFlashAttribute("repaired", repair.repaired().size());
        redirect.addFlashAttribute("remaining", repair.after().mismatches().size());
        return "redirect:/ui/admin?check=true#consistency-title";
    }

    /** A replay as the page shows it: the status's fields and its formatted labels. */
    Map<String, Object> view(ReplayStatus r, Locale locale) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", r.id());
        view.put("processor", r.processor());
        view.put("status", r.status());
        view.put("finished", r.finished());
        view.put("percent", Math.floor(r.percent()));
        view.put("eventsDone", r.eventsDone());
        view.put("eventsTotal", r.eventsTotal());
        view.put("generation", r.generation());
        view.put("statusLabel", message("admin.replay.status." + r.status(), locale, r.status()));
        view.put("percentLabel", (long) Math.floor(r.percent()) + " %");
        view.put("doneLabel", message("admin.replay.done", locale, r.eventsDone(), r.eventsTotal()));
        view.put("rateLabel", message("admin.replay.rate", locale, Math.round(r.eventsPerSecond())));
        view.put("etaLabel", r.estimatedFinish() != null
                ? message("admin.replay.eta", locale, CLOCK.format(Instant.parse(r.estimatedFinish())))
                : r.finishedAt() != null
                ? message("admin.replay.finishedAt", locale, CLOCK.format(Instant.parse(r.finishedAt())))
                : message("admin.replay.etaUnknown", locale));
        view.put("error", r.lastError());
        return view;
    }

    private String message(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, key, locale);
    }
}
