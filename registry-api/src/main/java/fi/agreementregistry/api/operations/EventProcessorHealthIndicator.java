package fi.agreementregistry.api.operations;

import fi.agreementregistry.api.config.RegistryProperties;
import fi.agreementregistry.projections.processors.EventProcessorStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Readiness of the read side on this instance: DOWN when an event processor is in error or stopped,
 * OUT_OF_SERVICE when a segment it holds lags more than {@code registry.health.max-processor-lag} events behind
 * the head of the event store. A replaying segment is behind on purpose and does not count (its progress is shown
 * instead), so a replay does not take every instance out of the load balancer.
 */
@Component("eventProcessors")
public class EventProcessorHealthIndicator extends AbstractHealthIndicator {

    private final EventProcessorStatus processors;
    private final long maxLag;

    @Autowired
    public EventProcessorHealthIndicator(EventProcessorStatus processors, RegistryProperties properties) {
        this(processors, properties.health().maxProcessorLag());
    }

    /** @param maxLag {@code registry.health.max-processor-lag} */
    public EventProcessorHealthIndicator(EventProcessorStatus processors, long maxLag) {
        super("Event processor health check failed");
        if (maxLag < 0) {
            throw new IllegalArgumentException("registry.health.max-processor-lag cannot be negative: " + maxLag);
        }
        this.processors = processors;
        this.maxLag = maxLag;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Status status = Status.UP;
        long head = processors.headIndex();
        Map<String, Object> details = new LinkedHashMap<>();
        for (EventProcessorStatus.Snapshot p : processors.snapshots()) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("running", p.running());
            detail.put("error", p.error());
            detail.put("claimedSegments", p.claimedSegments());
            detail.put("lag", p.lag());
            if (p.replaying()) {
                detail.put("replayProgress", p.replayProgress());
            }
            details.put(p.name(), detail);
            if (p.error() || !p.running()) {
                status = Status.DOWN;
            } else if (p.lag() > maxLag && status != Status.DOWN) {
                status = Status.OUT_OF_SERVICE;
            }
        }
        builder.status(status)
                .withDetail("headIndex", head)
                .withDetail("maxLag", maxLag)
                .withDetail("processors", details);
    }
}
