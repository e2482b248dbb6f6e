package fi.agreementregistry.api.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code registry.public.*}: how the public register's addresses ({@link PublicPaths}) may be used and kept (what they
 * show: {@code PublicRegisterProperties}, the same prefix).
 *
 * @param rateLimit   requests per client address
 * @param cacheMaxAge how long a browser or proxy may keep an answer ({@code Cache-Control: public, max-age})
 */
@ConfigurationProperties(prefix = "registry.public")
public record PublicAccessProperties(RateLimit rateLimit, Duration cacheMaxAge) {

    public PublicAccessProperties {
        rateLimit = rateLimit == null ? new RateLimit(120) : rateLimit;
        cacheMaxAge = cacheMaxAge == null ? Duration.ofMinutes(5) : cacheMaxAge;
        if (cacheMaxAge.isNegative()) {
            throw new IllegalArgumentException("registry.public.cache-max-age cannot be negative");
        }
    }

    /**
     * @param requestsPerMinute how many requests one client address (an IPv6 client: its /64) may make a minute; the
     *                          allowance refills evenly (120: one more every half second), and a burst may use all of it
     */
    public record RateLimit(int requestsPerMinute) {
        public RateLimit {
            if (requestsPerMinute < 1) {
                throw new IllegalArgumentException("registry.public.rate-limit.requests-per-minute must be at least 1");
            }
        }
    }
}
