package fi.agreementregistry.api.config;

import fi.agreementregistry.projections.ReadModelSettings;
import fi.agreementregistry.projections.rebuild.ReplaySettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Hands the read side its settings, bound here with the rest of {@code registry.*} ({@link RegistryProperties}):
 * registry-projections has no Spring Boot to bind them itself, and keeps their defaults in its own records.
 */
@Configuration(proxyBeanMethods = false)
public class ReadSideSettingsConfiguration {

    @Bean
    public ReplaySettings replaySettings(RegistryProperties properties) {
        return properties.replaySettings();
    }

    @Bean
    public ReadModelSettings readModelSettings(RegistryProperties properties) {
        return properties.reviews().readModelSettings();
    }
}
