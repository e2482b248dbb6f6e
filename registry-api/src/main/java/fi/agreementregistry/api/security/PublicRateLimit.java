package fi.agreementregistry.api.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The public register's rate limit: a token bucket (Bucket4j) per client address (an IPv6 client by its /64, as
 * {@link SignInThrottle#addressKey}), {@code registry.public.rate-limit.requests-per-minute} tokens that refill evenly;
 * each request takes one, and a request that finds none is refused (429) until one has refilled. Time is the
 * application's {@link Clock}. Buckets live in memory, per instance, in a bounded Caffeine cache; one untouched for two
 * minutes is full again and dropped. The address is the servlet's remote address: behind a proxy, only what
 * {@code server.forward-headers-strategy} makes of {@code X-Forwarded-For}, never the header itself.
 */
@ConditionalOnWebApplication
@Component
public class PublicRateLimit {

    private static final int MAX_KEYS = 100_000;
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final int perMinute;
    private final ClockTimeMeter time;
    private final Cache<String, Bucket> buckets;
    private final MeterRegistry meters;

    public PublicRateLimit(PublicAccessProperties properties, Clock clock, MeterRegistry meters) {
        this.perMinute = properties.rateLimit().requestsPerMinute();
        this.time = new ClockTimeMeter(clock);
        this.meters = meters;
        this.buckets = Caffeine.newBuilder()
                .maximumSize(MAX_KEYS)
                .expireAfterAccess(MINUTE.multipliedBy(2))
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .build();
    }

    /** Takes one request from the address's allowance: empty when it may go on, else how long until it may. */
    public Optional<Duration> take(String address) {
        String key = address == null ? "" : SignInThrottle.addressKey(address);
        Bucket bucket = buckets.get(key, k -> Bucket.builder()
                .addLimit(l -> l.capacity(perMinute).refillGreedy(perMinute, MINUTE))
                .withCustomTimePrecision(time)
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return Optional.empty();
        }
        meters.counter("registry.public.rate-limited").increment();
        return Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }
}
