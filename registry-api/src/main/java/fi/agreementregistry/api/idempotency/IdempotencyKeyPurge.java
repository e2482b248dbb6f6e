package fi.agreementregistry.api.idempotency;

import fi.agreementregistry.api.http.ApiProperties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deletes expired Idempotency-Keys every {@code registry.api.idempotency-purge-interval}: keys whose first request is
 * older than {@code registry.api.idempotency-retention} by the application's clock. The registry does this itself
 * because the embedded server ignores TTL indexes; a key past its retention counts as new even before it is purged.
 */
@Component
public class IdempotencyKeyPurge implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyPurge.class);

    private final IdempotencyKeys keys;
    private final long intervalMillis;
    private ScheduledExecutorService scheduler;

    public IdempotencyKeyPurge(IdempotencyKeys keys, ApiProperties properties) {
        this.keys = keys;
        this.intervalMillis = properties.idempotencyPurgeInterval().toMillis();
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "idempotency-purge");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::purge, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    void purge() {
        try {
            long deleted = keys.purgeExpired();
            if (deleted > 0) {
                log.info("Purged {} expired Idempotency-Keys", deleted);
            }
        } catch (RuntimeException e) {
            log.warn("Could not purge expired Idempotency-Keys; trying again in {} ms: {}", intervalMillis,
                    e.getMessage());
        }
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
