package fi.agreementregistry.api.config;

import fi.agreementregistry.projections.rebuild.ReplaySettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mock.env.MockEnvironment;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code registry.*} as the registry binds it: every setting's documented default, and every setting read. */
class RegistryPropertiesTest {

    private static RegistryProperties bind(MockEnvironment environment) {
        return Binder.get(environment).bindOrCreate("registry", Bindable.of(RegistryProperties.class));
    }

    @Test
    void withoutSettingsEveryOneHasItsDocumentedDefault() {
        RegistryProperties defaults = bind(new MockEnvironment());
        assertThat(defaults.mongodb().configured()).isFalse();
        assertThat(defaults.mongodb().database()).isEqualTo("agreement-registry");
        assertThat(defaults.embedded().backend()).isEqualTo("file");
        assertThat(defaults.embedded().dataDir()).isEqualTo(Path.of("data"));
        assertThat(defaults.instanceId()).as("pid@host/suffix").contains("@", "/");
        assertThat(defaults.reviews().readModelSettings().dueSoonDays()).isEqualTo(30);
        assertThat(defaults.eventStore().gapTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(defaults.snapshots().threshold()).isEqualTo(100);
        assertThat(defaults.aggregateCache().enabled()).isTrue();
        assertThat(defaults.aggregateCache().maxEntries()).isEqualTo(1000);
        assertThat(defaults.readYourWrites().maxWait()).isEqualTo(Duration.ofSeconds(3));
        assertThat(defaults.health().maxProcessorLag()).isEqualTo(1000);
        assertThat(defaults.health().mongoTimeout()).isEqualTo(Duration.ofSeconds(3));
        ReplaySettings replay = defaults.replaySettings();
        assertThat(replay.lockTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(replay.dropDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(replay.batchSize()).isEqualTo(10_000);
        assertThat(replay.instanceId()).as("the same name on everything this instance holds")
                .isEqualTo(defaults.instanceId());
    }

    @Test
    void eachSettingIsReadDurationsInEitherFormat() {
        RegistryProperties set = bind(new MockEnvironment()
                .withProperty("registry.instance-id", "registry-a")
                .withProperty("registry.reviews.due-soon-days", "14")
                .withProperty("registry.replay.lock-timeout", "5m")
                .withProperty("registry.replay.drop-delay", "PT10S")
                .withProperty("registry.replay.batch-size", "1")
                .withProperty("registry.event-store.gap-timeout", "90s")
                .withProperty("registry.snapshots.threshold", "0")
                .withProperty("registry.aggregate-cache.enabled", "false")
                .withProperty("registry.aggregate-cache.max-entries", "10")
                .withProperty("registry.read-your-writes.max-wait", "PT1S")
                .withProperty("registry.health.max-processor-lag", "50")
                .withProperty("registry.health.mongo-timeout", "1s"));
        assertThat(set.instanceId()).isEqualTo("registry-a");
        assertThat(set.reviews().readModelSettings().dueSoonDays()).isEqualTo(14);
        assertThat(set.replaySettings()).isEqualTo(new ReplaySettings(Duration.ofSeconds(10), 1, Duration.ofMinutes(5),
                "registry-a"));
        assertThat(set.eventStore().gapTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(set.snapshots().threshold()).isZero();
        assertThat(set.aggregateCache().enabled()).isFalse();
        assertThat(set.aggregateCache().maxEntries()).isEqualTo(10);
        assertThat(set.readYourWrites().maxWait()).isEqualTo(Duration.ofSeconds(1));
        assertThat(set.health().maxProcessorLag()).isEqualTo(50);
        assertThat(set.health().mongoTimeout()).isEqualTo(Duration.ofSeconds(1));
    }
}
