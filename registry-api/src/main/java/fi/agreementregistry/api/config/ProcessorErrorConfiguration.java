package fi.agreementregistry.api.config;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What an event processor does when a handler throws. Axon's default logs the error and moves on, so a read model
 * would silently miss the event. Here the error reaches the processor: the batch rolls back (its documents are not
 * written, its token not stored), the segment goes into error mode and is retried with back-off (1 s doubling to
 * 60 s), and readiness and {@code GET /api/admin/processors} show the error until the event goes through. A batch
 * refused because an event arrived ahead of its turn (the rebuild of a blue/green replay still writing the earlier
 * events, {@code EventOutOfOrder}) goes through on a retry.
 */
@Configuration(proxyBeanMethods = false)
public class ProcessorErrorConfiguration {

    @Bean
    public ConfigurerModule handlerErrorsReachTheProcessor() {
        return configurer -> configurer.eventProcessing()
                .registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance());
    }
}
