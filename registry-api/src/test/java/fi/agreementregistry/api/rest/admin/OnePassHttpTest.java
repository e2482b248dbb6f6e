package fi.agreementregistry.api.rest.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import fi.agreementregistry.api.RegistryHttpTest;
import fi.agreementregistry.projections.processors.ReadModelProcessor;
import fi.agreementregistry.projections.rebuild.ProjectionReplays;
import fi.agreementregistry.projections.rebuild.ReplayTestHooks;
import fi.agreementregistry.projections.support.ReadModelCollections;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One pass feeds every read model (issue 16): the live processor reads each event once for all four, and a replay of
 * all of them, or of several, runs one rebuild processor that hands each event to every group it rebuilds.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class OnePassHttpTest extends RegistryHttpTest {

    private static final List<String> GROUPS = ReadModelProcessor.GROUPS;
    /** Collections that are no read model, or that a replay itself writes. */
    private static final Set<String> NOT_READ_MODELS = Set.of("domain_events", "snapshot_events", "event_counters",
            "trackingtokens", "access_log", "access_log_chains", "evidence_checkpoints", "replays", "replay_locks",
            ReadModelCollections.COLLECTION, "admin_actions");

    @Autowired
    private EventProcessingConfiguration processing;
    @Autowired
    private ProjectionReplays replays;
    @Autowired
    private ReadModelCollections collections;

    @AfterEach
    void releaseHooks() {
        ReplayTestHooks.holdSwitches(replays, false);
        ReplayTestHooks.beforeRebuildHandles(replays, event -> { });
    }

    @Test
    void theLiveProcessorHandsEachEventOnceToEveryReadModel() {
        for (String group : GROUPS) {
            assertThat(processing.eventProcessorByProcessingGroup(group).orElseThrow().getName())
                    .as(group).isEqualTo(ReadModelProcessor.NAME);
        }
        TrackingEventProcessor live = processing.eventProcessor(ReadModelProcessor.NAME, TrackingEventProcessor.class)
                .orElseThrow();
        Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
        live.registerHandlerInterceptor((unitOfWork, chain) -> {
            handled.computeIfAbsent(unitOfWork.getMessage().getIdentifier(), id -> new AtomicInteger())
                    .incrementAndGet();
            return chain.proceed();
        });
        long before = storedEventCount();

        String id = draftKantaHame();
        assertThat(post("/api/agreements/" + id + "/reviews", Map.of("dueBy", "2026-12-31", "responsibleBody",
                "Integraatiovaliokunta", "reason", "Väliarviointi")).getStatusCode().is2xxSuccessful()).isTrue();
        assertThat(post("/api/agreements/" + id + "/approvals", approval("welfare-area:07", 1, "2026-01-20"))
                .getStatusCode().is2xxSuccessful()).isTrue();
        long added = storedEventCount() - before;
        await().atMost(Duration.ofSeconds(20)).until(() -> handled.size() >= added && caughtUp());

        assertThat(handled.values()).as("each event handled once, in one unit of work for all four read models")
                .allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        assertThat(handled).hasSize((int) added);
        // One token for the four: none of their own.
        assertThat(database.getCollection("trackingtokens")
                .countDocuments(Filters.eq("processorName", ReadModelProcessor.NAME))).isEqualTo(1);
        assertThat(database.getCollection("trackingtokens").countDocuments(Filters.in("processorName", GROUPS)))
                .isZero();
        // Every read model has the events.
        assertThat(live("agreement-summary", "agreement_summaries").find(Filters.eq("_id", id)).first()
                .get("aggregateSequence", Number.class).longValue()).isEqualTo(storedEventCount(id) - 1);
        assertThat(live("agreement-history", "agreement_history").countDocuments(Filters.eq("agreementId", id)))
                .isEqualTo(storedEventCount(id));
        assertThat(live("review-deadlines", "review_agreements").countDocuments(Filters.eq("_id", id))).isEqualTo(1);
        assertThat(live("review-deadlines", "review_deadlines").countDocuments(Filters.eq("agreementId", id)))
                .isEqualTo(1);
        assertThat(live("party-portfolio", "party_portfolio_agreements").countDocuments(Filters.eq("_id", id)))
                .isEqualTo(1);

        JsonNode readModels = processor(ReadModelProcessor.NAME);
        assertThat(names(readModels.get("groups"))).containsExactlyElementsOf(GROUPS);
        assertThat(readModels.get("segments")).hasSize(1);
    }

    @Test
    void aReplayOfAllReadModelsRebuildsThemInOnePassAndEqualsTheLiveOnes() {
        for (int i = 0; i < 3; i++) {
            String id = draftKantaHame();
            assertThat(post("/api/agreements/" + id + "/approvals", approval("welfare-area:07", 1, "2026-01-20"))
                    .getStatusCode().is2xxSuccessful()).isTrue();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> caughtUp() && oneGenerationEach());
        Map<String, List<Document>> live = readModels();
        Map<String, Long> generations = generations();
        Map<String, AtomicInteger> rebuilt = new ConcurrentHashMap<>();
        ReplayTestHooks.beforeRebuildHandles(replays, event -> rebuilt
                .computeIfAbsent(event.getIdentifier(), key -> new AtomicInteger()).incrementAndGet());
        ReplayTestHooks.holdSwitches(replays, true);

        ResponseEntity<String> started = as(ADMIN).post("/api/admin/processors/read-models/replay", null);
        assertThat(started.getStatusCode().value()).as(started.getBody()).isEqualTo(202);
        JsonNode status = body(started);
        assertThat(status.get("processor").asText()).isEqualTo(ReadModelProcessor.NAME);
        assertThat(names(status.get("groups"))).containsExactlyElementsOf(GROUPS);
        String location = started.getHeaders().getLocation().toString();

        // Held before the switch: the rebuild has read every event, with one processor for the four.
        long events = storedEventCount();
        await().atMost(Duration.ofSeconds(30)).until(() -> body(as(ADMIN).get(location)).get("eventsDone").asLong()
                >= body(as(ADMIN).get(location)).get("eventsTotal").asLong() && rebuilt.size() >= events);
        List<String> rebuildTokens = new ArrayList<>();
        for (Document token : database.getCollection("trackingtokens").find(Filters.regex("processorName", "@"))) {
            rebuildTokens.add(token.getString("processorName"));
        }
        assertThat(rebuildTokens).as("one rebuild processor").containsExactly(
                ReadModelProcessor.NAME + "@" + status.get("id").asText());
        assertThat(rebuilt.values()).as("each event read once for the four").allSatisfy(count ->
                assertThat(count.get()).isEqualTo(1));
        // Every group is locked by this replay: a replay of any one of them is refused.
        ResponseEntity<String> busy = as(ADMIN).post("/api/admin/processors/party-portfolio/replay", null);
        assertThat(busy.getStatusCode().value()).isEqualTo(409);
        assertThat(body(busy).get("replay").asText()).isEqualTo(location);

        ReplayTestHooks.holdSwitches(replays, false);
        JsonNode done = await().atMost(Duration.ofSeconds(30)).until(() -> body(as(ADMIN).get(location)),
                s -> "COMPLETED".equals(s.get("status").asText()));
        for (JsonNode group : done.get("groups")) {
            String name = group.get("name").asText();
            assertThat(group.get("generation").asLong()).as(name).isEqualTo(generations.get(name) + 1);
            assertThat(group.get("previousGeneration").asLong()).as(name).isEqualTo(generations.get(name));
        }
        Map<String, Long> after = generations();
        GROUPS.forEach(group -> assertThat(after.get(group)).as(group).isEqualTo(generations.get(group) + 1));
        await().atMost(Duration.ofSeconds(10)).until(this::oneGenerationEach);
        Map<String, List<Document>> rebuiltModels = readModels();
        for (String collection : live.keySet()) {
            assertThat(rebuiltModels.get(collection)).as(collection).containsExactlyElementsOf(live.get(collection));
        }
        assertThat(database.getCollection(ProjectionReplays.LOCKS).countDocuments()).as("every lock released")
                .isZero();
    }

    @Test
    void aReplayOfTwoGroupsRebuildsJustThoseTwoTogether() {
        String id = draftKantaHame();
        await().atMost(Duration.ofSeconds(20)).until(this::caughtUp);
        Map<String, Long> generations = generations();
        ReplayTestHooks.holdSwitches(replays, true);

        ResponseEntity<String> started = as(ADMIN).post("/api/admin/replays",
                Map.of("groups", List.of("agreement-history", "review-deadlines")));
        assertThat(started.getStatusCode().value()).as(started.getBody()).isEqualTo(202);
        String location = started.getHeaders().getLocation().toString();
        assertThat(location).startsWith("/api/admin/replays/");
        JsonNode status = body(started);
        assertThat(status.get("processor").asText()).isEqualTo("agreement-history,review-deadlines");
        assertThat(names(status.get("groups")))
                .containsExactly("agreement-history", "review-deadlines");

        // One of them already being rebuilt: refused, and nothing else is locked by the refused request.
        ResponseEntity<String> overlapping = as(ADMIN).post("/api/admin/replays",
                Map.of("groups", List.of("agreement-summary", "review-deadlines")));
        assertThat(overlapping.getStatusCode().value()).isEqualTo(409);
        assertThat(body(overlapping).get("type").asText()).isEqualTo("/problems/replay-running");
        assertThat(body(overlapping).get("replay").asText()).isEqualTo(location);
        assertThat(database.getCollection(ProjectionReplays.LOCKS).countDocuments(
                Filters.eq("_id", "agreement-summary"))).isZero();
        // Names the registry does not know, or none at all: a problem naming the field.
        ResponseEntity<String> unknown = as(ADMIN).post("/api/admin/replays",
                Map.of("groups", List.of("agreement-history", "no-such-group")));
        assertThat(unknown.getStatusCode().value()).isEqualTo(400);
        assertThat(body(unknown).get("detail").asText()).contains("no-such-group", "party-portfolio");
        assertThat(body(unknown).get("errors").get(0).get("field").asText()).isEqualTo("groups");
        assertThat(as(ADMIN).post("/api/admin/replays", Map.of("groups", List.of())).getStatusCode().value())
                .isEqualTo(400);
        ResponseEntity<String> sideEffects = as(ADMIN).post("/api/admin/replays",
                Map.of("groups", List.of("review-notifications")));
        assertThat(sideEffects.getStatusCode().value()).isEqualTo(409);
        assertThat(body(sideEffects).get("type").asText()).isEqualTo("/problems/nothing-to-rebuild");
        assertThat(as(AUDITOR).post("/api/admin/replays", Map.of("groups", List.of("agreement-history")))
                .getStatusCode().value()).isEqualTo(403);

        ReplayTestHooks.holdSwitches(replays, false);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "COMPLETED".equals(body(as(ADMIN).get(location)).get("status").asText()));
        Map<String, Long> after = generations();
        assertThat(after.get("agreement-history")).isEqualTo(generations.get("agreement-history") + 1);
        assertThat(after.get("review-deadlines")).isEqualTo(generations.get("review-deadlines") + 1);
        assertThat(after.get("agreement-summary")).isEqualTo(generations.get("agreement-summary"));
        assertThat(after.get("party-portfolio")).isEqualTo(generations.get("party-portfolio"));
        assertThat(body(as(AUDITOR).get("/api/agreements/" + id + "/history")).get("entries").size())
                .isEqualTo(storedEventCount(id));
        JsonNode history = group("agreement-history");
        assertThat(history.get("replay").get("id").asText()).isEqualTo(body(started).get("id").asText());
    }

    private MongoCollection<Document> live(String group, String base) {
        return database.getCollection(collections.live(group).of(base));
    }

    /** The old generations are dropped (a moment after the switch). */
    private boolean oneGenerationEach() {
        List<String> bases = new ArrayList<>();
        for (String name : database.listCollectionNames()) {
            bases.add(name.replaceFirst("__g\\d+$", ""));
        }
        return bases.size() == Set.copyOf(bases).size();
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(element -> names.add(element.get("name").asText()));
        return names;
    }

    private Map<String, Long> generations() {
        Map<String, Long> generations = new HashMap<>();
        for (JsonNode g : processor(ReadModelProcessor.NAME).get("groups")) {
            generations.put(g.get("name").asText(), g.get("activeGeneration").asLong());
        }
        return generations;
    }

    private boolean caughtUp() {
        return "caught-up".equals(processor(ReadModelProcessor.NAME).get("state").asText())
                && processing.eventProcessor(ReadModelProcessor.NAME, StreamingEventProcessor.class).orElseThrow()
                .processingStatus().values().stream().allMatch(s -> s.getCurrentPosition().orElse(-1)
                        >= eventStore.createHeadToken().position().orElse(-1));
    }

    private JsonNode processor(String name) {
        for (JsonNode p : body(as(ADMIN).get("/api/admin/processors")).get("processors")) {
            if (p.get("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no processor " + name);
    }

    private JsonNode group(String name) {
        for (JsonNode g : processor(ReadModelProcessor.NAME).get("groups")) {
            if (g.get("name").asText().equals(name)) {
                return g;
            }
        }
        throw new AssertionError("no group " + name);
    }

    /** Every read-model collection by its base name (whatever generation), its documents sorted by _id. */
    private Map<String, List<Document>> readModels() {
        Map<String, List<Document>> all = new TreeMap<>();
        for (String name : database.listCollectionNames()) {
            if (!NOT_READ_MODELS.contains(name) && !name.startsWith("evidence")) {
                String base = name.replaceFirst("__g\\d+$", "");
                List<Document> documents = database.getCollection(name).find().sort(new Document("_id", 1))
                        .into(new ArrayList<>());
                if (all.put(base, documents) != null) {
                    throw new AssertionError("two generations of " + base + " at once");
                }
            }
        }
        return all;
    }
}
