package fi.agreementregistry.api.benchmark;

import fi.agreementregistry.projections.rebuild.ProjectionReplays;
import fi.agreementregistry.projections.rebuild.ReplayStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * What an administrator sees while a 100,000-event store is rebuilt: grows the store through the command bus with
 * {@link RegistryBenchmark}'s preload (memory backend unless {@code -Dbenchmark.backend=file}), starts a blue/green
 * replay of {@code agreement-history} through {@link ProjectionReplays} and prints the stored status every few
 * seconds until it is completed. Not part of {@code ./mvnw test}; run it with the test classpath:
 * <pre>java -Xmx6g -cp ... fi.agreementregistry.api.benchmark.ReplayStatusBenchmark</pre>
 * ({@code -Dreplay.events=100000}, {@code -Dreplay.processor=agreement-history}, {@code -Dreplay.every=PT5S}).
 */
public final class ReplayStatusBenchmark {

    public static void main(String[] args) throws Exception {
        long events = Long.getLong("replay.events", 100_000);
        String processor = System.getProperty("replay.processor", "agreement-history");
        Duration every = Duration.parse(System.getProperty("replay.every", "PT5S"));
        RegistryBenchmark registry = new RegistryBenchmark();
        try {
            registry.start();
            System.out.println("preload: " + registry.preload(events));
            registry.awaitCaughtUp(Duration.ofMinutes(30));
            ProjectionReplays replays = registry.context.getBean(ProjectionReplays.class);
            long t0 = System.nanoTime();
            ReplayStatus status = replays.start(processor, "benchmark");
            System.out.printf("replay %s of %s: %d events in the store%n", status.id(), processor, status.eventsTotal());
            System.out.println("elapsed  status     eventsDone/total      percent  events/s  ETA (estimatedFinish - now)");
            while (true) {
                status = replays.status(status.id()).orElseThrow();
                double elapsed = (System.nanoTime() - t0) / 1e9;
                String eta = status.estimatedFinish() == null ? "-"
                        : Duration.between(Instant.now(), Instant.parse(status.estimatedFinish())).toSeconds() + " s";
                System.out.printf(Locale.ROOT, "%6.1f s  %-9s  %7d/%-7d  %8.1f %%  %8.1f  %s%n", elapsed,
                        status.status(), status.eventsDone(), status.eventsTotal(), status.percent(),
                        status.eventsPerSecond(), eta);
                if (status.finished()) {
                    break;
                }
                Thread.sleep(every.toMillis());
            }
            double total = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "%s: %d events in %.1f s (%.0f events/s overall), started %s, finished %s%n",
                    status.status(), status.eventsTotal(), total, status.eventsTotal() / total, status.startedAt(),
                    status.finishedAt());
        } finally {
            registry.close();
        }
        System.exit(0);
    }
}
