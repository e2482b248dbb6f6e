package fi.agreementregistry.api.http;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code registry.api.*} as the registry binds it: the documented defaults, settings, and refused settings. */
class ApiPropertiesTest {

    private static ApiProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("registry.api", ApiProperties.class);
    }

    @Test
    void withoutSettingsKeysAreKeptADayAndALeaseLastsTwoMinutes() {
        ApiProperties defaults = bind(Map.of());
        assertThat(defaults.idempotencyRetention()).isEqualTo(Duration.ofDays(1));
        assertThat(defaults.idempotencyLease()).isEqualTo(Duration.ofMinutes(2));
        assertThat(defaults.idempotencyPurgeInterval()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void theLeaseAndThePurgeIntervalAreSettings() {
        ApiProperties set = bind(Map.of("registry.api.idempotency-lease", "5m",
                "registry.api.idempotency-purge-interval", "PT1H"));
        assertThat(set.idempotencyLease()).isEqualTo(Duration.ofMinutes(5));
        assertThat(set.idempotencyPurgeInterval()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aLeaseAsLongAsTheRetentionStopsTheStartUpWithTheReason() {
        assertThatThrownBy(() -> bind(Map.of("registry.api.idempotency-retention", "PT10M",
                "registry.api.idempotency-lease", "PT10M")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("idempotency-retention").hasMessageContaining("idempotency-lease");
    }
}
