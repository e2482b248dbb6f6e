package fi.agreementregistry.api.accesslog;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code registry.access-log.*}: the log of use and disclosure (Act 906/2019, section 17). The defaults are here and
 * nowhere else.
 *
 * @param retention     how long entries are kept (default 5 years); older ones are purged by the registry itself
 * @param flushInterval how often the buffered entries are written (default 200 ms)
 * @param batchSize     the most entries written in one insert (default 500)
 * @param queueCapacity entries buffered before a request waits for the writer (default 10,000): none is dropped
 */
@ConfigurationProperties(prefix = "registry.access-log")
public record AccessLogProperties(Duration retention, Duration flushInterval, Integer batchSize,
                                  Integer queueCapacity) {

    public AccessLogProperties {
        retention = retention == null ? Duration.ofDays(5 * 365 + 1) : retention;
        flushInterval = flushInterval == null ? Duration.ofMillis(200) : flushInterval;
        batchSize = batchSize == null ? 500 : batchSize;
        queueCapacity = queueCapacity == null ? 10_000 : queueCapacity;
        if (retention.isNegative() || retention.isZero() || flushInterval.isNegative() || flushInterval.isZero()
                || batchSize < 1 || queueCapacity < batchSize) {
            throw new IllegalArgumentException("registry.access-log: retention and flush-interval must be positive, "
                    + "batch-size at least 1 and queue-capacity at least batch-size");
        }
    }
}
