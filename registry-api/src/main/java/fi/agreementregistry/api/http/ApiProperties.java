package fi.agreementregistry.api.http;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * {@code registry.api.*}: limits of the HTTP API. The defaults are here and nowhere else.
 *
 * @param maxRequestSize           the largest request body accepted (413 beyond it)
 * @param idempotencyRetention     how long an {@code Idempotency-Key} and its response are kept (default a day)
 * @param idempotencyLease         how long a request holds its key while it runs (default 2 minutes): a retry within
 *                                 it gets 409, after it the retry takes the key over (the first request is presumed
 *                                 dead, e.g. its registry crashed); longer than any request runs, shorter than the
 *                                 retention
 * @param idempotencyPurgeInterval how often expired keys are deleted (default 10 minutes)
 */
@ConfigurationProperties(prefix = "registry.api")
public record ApiProperties(DataSize maxRequestSize, Duration idempotencyRetention, Duration idempotencyLease,
                            Duration idempotencyPurgeInterval) {

    public ApiProperties {
        maxRequestSize = maxRequestSize == null ? DataSize.ofKilobytes(256) : maxRequestSize;
        idempotencyRetention = idempotencyRetention == null ? Duration.ofDays(1) : idempotencyRetention;
        idempotencyLease = idempotencyLease == null ? Duration.ofMinutes(2) : idempotencyLease;
        idempotencyPurgeInterval = idempotencyPurgeInterval == null ? Duration.ofMinutes(10) : idempotencyPurgeInterval;
        if (idempotencyLease.isNegative() || idempotencyLease.isZero()) {
            throw new IllegalArgumentException("registry.api.idempotency-lease must be positive, got " + idempotencyLease);
        }
        if (idempotencyRetention.compareTo(idempotencyLease) <= 0) {
            throw new IllegalArgumentException("registry.api.idempotency-retention (" + idempotencyRetention
                    + ") must be longer than registry.api.idempotency-lease (" + idempotencyLease + ")");
        }
        if (idempotencyPurgeInterval.isNegative() || idempotencyPurgeInterval.isZero()) {
            throw new IllegalArgumentException("registry.api.idempotency-purge-interval must be positive, got "
                    + idempotencyPurgeInterval);
        }
    }
}
