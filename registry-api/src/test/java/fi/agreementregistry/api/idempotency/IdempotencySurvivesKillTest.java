package fi.agreementregistry.api.idempotency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import fi.agreementregistry.api.RegistryApplication;
import fi.agreementregistry.api.RegistryHttpTest;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12, section 8: {@code kill -9} in the middle of a burst of keyed drafts. A child JVM runs the registry on the
 * H2 file store and answers POSTs, each with its own Idempotency-Key and title, from a few clients at once; it is
 * killed (SIGKILL, no shutdown) once some have been answered, with others in flight. A registry started again on the
 * same data folder then gets every key again: each retry gets 201 (never a lasting 409), a key answered before the
 * kill gets the same agreement again, and every key has exactly one draft among the stored events (never two).
 */
class IdempotencySurvivesKillTest {

    private static final int KEYS = 60;
    private static final int CLIENTS = 6;
    private static final int ANSWERED_BEFORE_KILL = 20;
    private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");
    private static final String CLERK = RegistryHttpTest.clerkOf("municipality:109");

    @TempDir
    Path dataDir;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** What a client saw for a key before the kill: a status and body, or no answer. */
    private record Seen(int status, String body) {
    }

    @Test
    void retriesAfterAKillGetTheStoredOutcomeOrRunNeverALasting409NorASecondDraft() throws Exception {
        Map<String, String> bodies = new LinkedHashMap<>();
        for (int i = 0; i < KEYS; i++) {
            Map<String, Object> draft = new HashMap<>(RegistryHttpTest.kantaHameDraft());
            draft.put("title", "Puitesopimus " + i + " (kill-9)");
            bodies.put("burst-key-" + i, json.writeValueAsString(draft));
        }

        Map<String, Seen> seen = new ConcurrentHashMap<>();
        long started = System.nanoTime();
        Process child = startChild();
        Duration childUp;
        long killed;
        try {
            int port = portOf(child);
            childUp = Duration.ofNanos(System.nanoTime() - started);
            AtomicInteger answered = new AtomicInteger();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            List<CompletableFuture<Void>> burst = new ArrayList<>();
            for (Map.Entry<String, String> request : bodies.entrySet()) {
                burst.add(CompletableFuture.runAsync(() -> {
                    try {
                        HttpResponse<String> response = post(port, request.getKey(), request.getValue());
                        seen.put(request.getKey(), new Seen(response.statusCode(), response.body()));
                        answered.incrementAndGet();
                    } catch (Exception e) {
                        // no answer: the registry was killed with this request in flight, or before it arrived
                    }
                }, clients));
            }
            await().pollInterval(Duration.ofMillis(10)).atMost(Duration.ofSeconds(60)).until(() -> answered.get() >= ANSWERED_BEFORE_KILL);
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no final commit
            killed = System.nanoTime();
            child.waitFor(30, TimeUnit.SECONDS);
            CompletableFuture.allOf(burst.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            clients.shutdown();
        } finally {
            child.destroyForcibly();
        }
        assertThat(seen.values()).as("answers before the kill").allMatch(s -> s.status() == 201);
        assertThat(seen).hasSizeGreaterThanOrEqualTo(ANSWERED_BEFORE_KILL).hasSizeLessThan(KEYS);

        try (ConfigurableApplicationContext registry = SpringApplication.run(RegistryApplication.class,
                "--server.port=0", "--spring.profiles.active=test", "--registry.embedded.backend=file",
                "--registry.embedded.data-dir=" + dataDir, "--registry.api.idempotency-lease=PT1S",
                // the killed registry's processors' claims are taken over after 2 s (the default is a minute)
                "--axon.eventhandling.tokenstore.claim-timeout=2s")) {
            int port = ((WebServerApplicationContext) registry).getWebServer().getPort();
            long restarted = System.nanoTime();
            // Every key again, from as many clients; a marker the killed registry left pending is refused until its
            // lease (1 s here) has passed.
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            Map<String, CompletableFuture<HttpResponse<String>>> retries = new LinkedHashMap<>();
            for (Map.Entry<String, String> request : bodies.entrySet()) {
                retries.put(request.getKey(), CompletableFuture.supplyAsync(() -> await()
                        .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200)).atMost(Duration.ofSeconds(20))
                        .until(() -> post(port, request.getKey(), request.getValue()), r -> r.statusCode() != 409),
                        clients));
            }
            Map<String, String> agreementOf = new LinkedHashMap<>();
            int replayed = 0;
            for (Map.Entry<String, CompletableFuture<HttpResponse<String>>> answer : retries.entrySet()) {
                String key = answer.getKey();
                HttpResponse<String> retry = answer.getValue().get(60, TimeUnit.SECONDS);
                assertThat(retry.statusCode()).as(key + ": " + retry.body()).isEqualTo(201);
                String agreementId = json.readTree(retry.body()).get("agreementId").asText();
                agreementOf.put(key, agreementId);
                if ("true".equals(retry.headers().firstValue(IdempotencyFilter.REPLAYED).orElse(null))) {
                    replayed++;
                }
                Seen before = seen.get(key);
                if (before != null) {
                    assertThat(retry.headers().firstValue(IdempotencyFilter.REPLAYED)).as(key).hasValue("true");
                    assertThat(json.readTree(retry.body())).as(key).isEqualTo(json.readTree(before.body()));
                }
            }

            Map<String, List<String>> draftsByTitle = draftsByTitle(registry.getBean(MongoDatabase.class));
            for (Map.Entry<String, String> request : bodies.entrySet()) {
                String title = json.readTree(request.getValue()).get("title").asText();
                assertThat(draftsByTitle.get(title)).as("drafts stored for " + request.getKey())
                        .containsExactly(agreementOf.get(request.getKey()));
            }
            assertThat(draftsByTitle).hasSize(KEYS);
            long recovered = registry.getBean(MongoDatabase.class).getCollection(IdempotencyKeys.COLLECTION)
                    .countDocuments(Filters.eq("recovered", true));
            clients.shutdown();
            System.out.printf("kill -9 after %d answers of %d keys: %d retries replayed (%d of them rebuilt from "
                    + "the stored events), %d ran; child up in %d s, restart up in %d s, retries took %d ms%n",
                    seen.size(), KEYS, replayed, recovered, KEYS - replayed, childUp.toSeconds(),
                    Duration.ofNanos(restarted - killed).toSeconds(),
                    Duration.ofNanos(System.nanoTime() - restarted).toMillis());
        }
    }

    private Process startChild() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                RegistryApplication.class.getName(), "--server.port=0", "--spring.profiles.active=test",
                "--registry.embedded.backend=file", "--registry.embedded.data-dir=" + dataDir)
                .redirectErrorStream(true)
                .start();
    }

    /** Reads the child's log until Tomcat names its port, and keeps draining it so the child never blocks on it. */
    private static int portOf(Process child) throws Exception {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader log = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = log.readLine()) != null) {
                    Matcher m = PORT.matcher(line);
                    if (!port.isDone() && m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (Exception e) {
                // the child is gone
            }
            port.completeExceptionally(new IllegalStateException("the child registry stopped before it listened"));
        }, "child-registry-log");
        reader.setDaemon(true);
        reader.start();
        return port.get(120, TimeUnit.SECONDS);
    }

    private HttpResponse<String> post(int port, String key, String body) throws Exception {
        String credentials = CLERK + ":" + RegistryHttpTest.PASSWORD;
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/agreements"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        credentials.getBytes(StandardCharsets.UTF_8)))
                .header(IdempotencyFilter.HEADER, key)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Every AgreementDrafted in the event store, as title -> the agreements drafted with it. */
    private Map<String, List<String>> draftsByTitle(MongoDatabase db) throws Exception {
        Map<String, List<String>> drafts = new HashMap<>();
        for (Document commit : db.getCollection("domain_events").find(Filters.exists("tombstone", false))) {
            for (Document event : commit.getList("events", Document.class)) {
                if (event.getString("payloadType").endsWith(".AgreementDrafted")) {
                    JsonNode payload = json.readTree(event.getString("payload"));
                    drafts.computeIfAbsent(payload.get("title").asText(), t -> new ArrayList<>())
                            .add(event.getString("aggregateIdentifier"));
                }
            }
        }
        return drafts;
    }
}
