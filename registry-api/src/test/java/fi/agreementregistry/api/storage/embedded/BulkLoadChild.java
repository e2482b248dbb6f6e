package fi.agreementregistry.api.storage.embedded;

import com.fasterxml.jackson.databind.ObjectMapper;
import fi.agreementregistry.api.RegistryApplication;
import fi.agreementregistry.api.RegistryHttpTest;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Child JVM of {@link EmbeddedStoreSurvivesKillDuringBulkLoadTest}: starts the registry on the H2 file store in the
 * data folder, then drafts agreements of about 200 KB each (20 principles of 9,500 characters) through its own HTTP
 * API from 4 threads until {@code plannedBytes} of request bodies are acknowledged, printing
 * {@code ACK <agreementId> <bytes acknowledged so far>} after each 201. Arguments: data folder, plannedBytes.
 */
public final class BulkLoadChild {

    public static void main(String[] args) throws Exception {
        String dataDir = args[0];
        long planned = Long.parseLong(args[1]);
        ConfigurableApplicationContext app = SpringApplication.run(RegistryApplication.class, "--server.port=0",
                "--spring.profiles.active=test", "--registry.embedded.backend=file",
                "--registry.embedded.data-dir=" + dataDir, "--logging.level.root=WARN");
        URI drafts = URI.create("http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort()
                + "/api/agreements");
        String clerk = RegistryHttpTest.clerkOf(RegistryHttpTest.KANTA_HAME.get(0));
        String auth = "Basic " + Base64.getEncoder().encodeToString((clerk + ":" + RegistryHttpTest.PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        ObjectMapper json = new ObjectMapper();
        HttpClient http = HttpClient.newHttpClient();
        AtomicLong acknowledged = new AtomicLong();
        AtomicInteger next = new AtomicInteger();
        System.out.println("READY");
        System.out.flush();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            writers.add(pool.submit(() -> {
                while (acknowledged.get() < planned) {
                    int n = next.getAndIncrement();
                    Map<String, Object> draft = new HashMap<>(RegistryHttpTest.kantaHameDraft());
                    draft.put("title", "Bulk load " + n);
                    List<String> principles = new ArrayList<>();
                    for (int p = 0; p < 20; p++) {
                        principles.add("Periaate " + n + "." + p + ": " + "x".repeat(9_500));
                    }
                    draft.put("principles", principles);
                    byte[] body = json.writeValueAsBytes(draft);
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(drafts)
                            .header("Content-Type", "application/json").header("Authorization", auth)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 201) {
                        System.out.println("FAILED " + response.statusCode() + " " + response.body());
                        System.out.flush();
                        continue;
                    }
                    String id = json.readTree(response.body()).get("agreementId").asText();
                    long total = acknowledged.addAndGet(body.length);
                    synchronized (System.out) {
                        System.out.println("ACK " + id + " " + total);
                        System.out.flush();
                    }
                }
                return null;
            }));
        }
        for (Future<?> writer : writers) {
            writer.get();
        }
        System.out.println("DONE");
        System.out.flush();
        app.close();
        pool.shutdown();
    }
}
