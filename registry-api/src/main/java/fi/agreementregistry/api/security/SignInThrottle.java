package fi.agreementregistry.api.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Failed sign-ins cost time: each user name and each client address has a token bucket (Bucket4j) of allowed
 * failures ({@link SignInThrottleProperties}) that refills evenly; a failed sign-in takes a token, and while either
 * bucket is empty every attempt for that user or from that address, even with the right password, is refused
 * (429 with Retry-After) before any password is checked. Unknown and known user names are treated alike, so the
 * refusal tells nothing about which exist. Failures that slip past the check concurrently are still counted (the
 * bucket goes into debt), so parallel guessing only lengthens the wait.
 * <p>
 * Time comes from the application's {@link Clock}. Buckets live in memory, per instance, bounded by a Caffeine
 * cache; one that has refilled is dropped. Every refusal (a wrong password or unknown user, and a throttled
 * attempt) is recorded: a WARN line of this logger with the request's correlation id, and the counter
 * {@code registry.sign-in.refusals} tagged {@code reason}.
 */
@Component
public class SignInThrottle {

    private static final Logger log = LoggerFactory.getLogger(SignInThrottle.class);
    private static final int MAX_KEYS = 100_000;

    private final SignInThrottleProperties properties;
    private final TimeMeter time;
    private final Cache<String, Bucket> users;
    private final Cache<String, Bucket> addresses;
    private final MeterRegistry meters;

    public SignInThrottle(SignInThrottleProperties properties, Clock clock, MeterRegistry meters) {
        this.properties = properties;
        this.meters = meters;
        this.time = new ClockTimeMeter(clock);
        this.users = cache(properties.perUser(), clock);
        this.addresses = cache(properties.perAddress(), clock);
    }

    private static Cache<String, Bucket> cache(SignInThrottleProperties.Limit limit, Clock clock) {
        // A bucket untouched for twice its refill period is full again (bar a large debt): forgetting it is harmless.
        return Caffeine.newBuilder()
                .maximumSize(MAX_KEYS)
                .expireAfterAccess(limit.period().multipliedBy(2))
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .build();
    }

    private Bucket bucket(Cache<String, Bucket> cache, String key, SignInThrottleProperties.Limit limit) {
        return cache.get(key, k -> Bucket.builder()
                .addLimit(l -> l.capacity(limit.failures()).refillGreedy(limit.failures(), limit.period()))
                .withCustomTimePrecision(time)
                .build());
    }

    /** How long this user at this address must wait before the next attempt; empty when they may try now. */
    public Optional<Duration> retryAfter(String user, String address) {
        long waitNanos = Math.max(wait(users, key(user)), wait(addresses, addressKey(address)));
        return waitNanos <= 0 ? Optional.empty() : Optional.of(Duration.ofNanos(waitNanos));
    }

    private static long wait(Cache<String, Bucket> cache, String key) {
        Bucket bucket = key == null ? null : cache.getIfPresent(key);
        if (bucket == null) {
            return 0;
        }
        return bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
    }

    /** Records an attempt refused because of earlier failures. */
    public void recordThrottled(String user, String address, Duration retryAfter) {
        meters.counter("registry.sign-in.refusals", "reason", "throttled").increment();
        log.warn("Sign-in refused, too many failures: user '{}' from {}; retry after {} s", printable(user), address,
                seconds(retryAfter));
    }

    /** A wrong password or an unknown user name, from HTTP Basic or the web form: one token from each bucket. */
    @EventListener
    public void onBadCredentials(AuthenticationFailureBadCredentialsEvent event) {
        if (!(event.getAuthentication() instanceof UsernamePasswordAuthenticationToken attempt)) {
            return; // bearer tokens are not guessed passwords
        }
        String user = key(attempt.getName());
        String address = attempt.getDetails() instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : null;
        bucket(users, user, properties.perUser()).consumeIgnoringRateLimits(1);
        if (address != null) {
            bucket(addresses, addressKey(address), properties.perAddress()).consumeIgnoringRateLimits(1);
        }
        meters.counter("registry.sign-in.refusals", "reason", "bad-credentials").increment();
        log.warn("Sign-in failed: wrong user name or password for user '{}' from {}", printable(user), address);
    }

    /** Whole seconds to wait, rounded up, at least 1: the Retry-After value. */
    public static long seconds(Duration wait) {
        long seconds = wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }

    /**
     * The client an address stands for: an IPv4 address itself, an IPv6 address by its /64 network, since one
     * client usually holds a whole /64 and could otherwise take a fresh address for every few guesses.
     */
    public static String addressKey(String address) {
        if (address == null || address.indexOf(':') < 0) {
            return address;
        }
        try {
            // A numeric IPv6 literal: parsed, never looked up in DNS.
            byte[] bytes = InetAddress.getByName(address).getAddress();
            if (bytes.length != 16) {
                return address;
            }
            StringBuilder network = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                network.append(String.format("%02x%02x:", bytes[i], bytes[i + 1]));
            }
            return network.append(":/64").toString();
        } catch (UnknownHostException e) {
            return address;
        }
    }

    /** Bounded, so a megabyte of user name is not a megabyte of key. */
    private static String key(String user) {
        if (user == null) {
            return "";
        }
        return user.length() > 256 ? user.substring(0, 256) : user;
    }

    /** A user name as typed, safe for a log line: no line breaks or other control characters. */
    private static String printable(String user) {
        String shown = key(user).replaceAll("\\p{Cntrl}", "?");
        return shown.length() > 100 ? shown.substring(0, 100) + "…" : shown;
    }
}
