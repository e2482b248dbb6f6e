package fi.agreementregistry.api.http;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * {@code registry.api.*}: limits of the HTTP API.
 *
 * @param maxRequestSize       the largest request body accepted (413 beyond it)
 * @param idempotencyRetention how long an {@code Idempotency-Key} and its response are kept
 */
@ConfigurationProperties(prefix = "registry.api")
public record ApiProperties(DataSize maxRequestSize, Duration idempotencyRetention) {

    public ApiProperties {
        maxRequestSize = maxRequestSize == null ? DataSize.ofKilobytes(256) : maxRequestSize;
        idempotencyRetention = idempotencyRetention == null ? Duration.ofDays(1) : idempotencyRetention;
    }
}
