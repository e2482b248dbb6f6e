package fi.agreementregistry.api.config;

import fi.agreementregistry.projections.rebuild.ReplaySettings;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.time.Duration;

/**
 * Binds {@code registry.replay.*} (and {@code registry.instance-id}) onto the read side's {@link ReplaySettings}.
 * registry-projections has no Spring Boot to bind them itself; the defaults stay in the record, so a setting left
 * out here is null and the record fills it in.
 */
@Configuration(proxyBeanMethods = false)
public class ReplaySettingsConfiguration {

    @Bean
    public ReplaySettings replaySettings(Environment environment) {
        Binder binder = Binder.get(environment);
        return new ReplaySettings(
                binder.bind("registry.replay.drop-delay", Duration.class).orElse(null),
                binder.bind("registry.replay.batch-size", Integer.class).orElse(null),
                binder.bind("registry.replay.lock-timeout", Duration.class).orElse(null),
                binder.bind("registry.instance-id", String.class).orElse(null));
    }
}
