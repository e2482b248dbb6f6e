package fi.agreementregistry.api.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code registry.security.sign-in-throttle.*}: how many failed sign-ins (HTTP Basic or the web form) a user name
 * and a client address may have before further attempts get 429. Each allowance refills evenly over its period:
 * with 5 per 15 minutes, one more attempt every 3 minutes.
 *
 * @param perUser    failures per user name (known or not: an unknown name is throttled exactly like a known one)
 * @param perAddress failures per client address (behind a proxy, set {@code server.forward-headers-strategy})
 */
@ConfigurationProperties(prefix = "registry.security.sign-in-throttle")
public record SignInThrottleProperties(Limit perUser, Limit perAddress) {

    public SignInThrottleProperties {
        perUser = perUser == null ? new Limit(5, Duration.ofMinutes(15)) : perUser;
        perAddress = perAddress == null ? new Limit(30, Duration.ofMinutes(15)) : perAddress;
    }

    /**
     * @param failures how many failed sign-ins are allowed at once
     * @param period   how long the allowance takes to refill from empty
     */
    public record Limit(int failures, Duration period) {
        public Limit {
            if (failures < 1) {
                throw new IllegalArgumentException("registry.security.sign-in-throttle: failures must be at least 1");
            }
            if (period == null || period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("registry.security.sign-in-throttle: period must be positive");
            }
        }
    }
}
