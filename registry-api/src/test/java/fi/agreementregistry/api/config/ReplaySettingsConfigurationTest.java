package fi.agreementregistry.api.config;

import fi.agreementregistry.projections.rebuild.ReplaySettings;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code registry.replay.*} and {@code registry.instance-id} as the registry binds them for the read side. */
class ReplaySettingsConfigurationTest {

    private final ReplaySettingsConfiguration configuration = new ReplaySettingsConfiguration();

    @Test
    void withoutSettingsARebuildUsesTheDocumentedDefaults() {
        ReplaySettings defaults = configuration.replaySettings(new MockEnvironment());
        assertThat(defaults.lockTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(defaults.dropDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(defaults.batchSize()).isEqualTo(200);
        assertThat(defaults.instanceId()).isEmpty();
    }

    @Test
    void eachSettingIsReadInEitherDurationFormat() {
        ReplaySettings set = configuration.replaySettings(new MockEnvironment()
                .withProperty("registry.replay.lock-timeout", "5m")
                .withProperty("registry.replay.drop-delay", "PT10S")
                .withProperty("registry.replay.batch-size", "1")
                .withProperty("registry.instance-id", "registry-a"));
        assertThat(set.lockTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(set.dropDelay()).isEqualTo(Duration.ofSeconds(10));
        assertThat(set.batchSize()).isEqualTo(1);
        assertThat(set.instanceId()).isEqualTo("registry-a");
    }
}
