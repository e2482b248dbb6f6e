package fi.agreementregistry.api.security;

import io.github.bucket4j.TimeMeter;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

/** Bucket4j's time from the application's {@link Clock}, so tests move it instead of waiting. */
public record ClockTimeMeter(Clock clock) implements TimeMeter {

    @Override
    public long currentTimeNanos() {
        return TimeUnit.MILLISECONDS.toNanos(clock.millis());
    }

    @Override
    public boolean isWallClockBased() {
        return true;
    }
}
