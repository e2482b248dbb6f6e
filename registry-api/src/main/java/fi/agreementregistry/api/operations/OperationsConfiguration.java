package fi.agreementregistry.api.operations;

import fi.agreementregistry.projections.processors.EventProcessorStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Metrics the registry adds to Axon's own (commands, queries and events by payload type and outcome come from
 * axon-micrometer): event-store append latency, and per event processor the lag behind the head of the store,
 * the replay progress and the segments this instance holds.
 */
@Configuration(proxyBeanMethods = false)
public class OperationsConfiguration {

    /**
     * Wraps the event storage engine in a timer from outside, so the engine itself stays free of metrics.
     * Static: a post-processor must not make its configuration class initialise early.
     */
    @Bean
    static BeanPostProcessor timedEventStorageEngine(ObjectProvider<MeterRegistry> meterRegistry) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof EventStorageEngine engine && !(bean instanceof TimedEventStorageEngine)) {
                    return new TimedEventStorageEngine(engine, meterRegistry.getObject());
                }
                return bean;
            }
        };
    }

    /** Registered once Axon has built its processors, which is after the meter registry exists. */
    @Bean
    ApplicationListener<ApplicationStartedEvent> eventProcessorGauges(MeterRegistry registry,
                                                                       EventProcessorStatus processors) {
        return event -> {
            for (String name : processors.processorNames()) {
                Gauge.builder("registry.processor.lag", processors, p -> p.snapshot(name).lag())
                        .description("Events between the head of the event store and the processor's furthest-behind "
                                + "segment on this instance (replaying segments excluded)")
                        .baseUnit("events")
                        .tag("processor", name)
                        .register(registry);
                Gauge.builder("registry.processor.replay.progress", processors, p -> p.snapshot(name).replayProgress())
                        .description("Replay progress of the processor on this instance, 0 to 1 (1 when not replaying)")
                        .tag("processor", name)
                        .register(registry);
                Gauge.builder("registry.processor.segments.claimed", processors,
                                p -> p.snapshot(name).claimedSegments().size())
                        .description("Segments of the processor this instance holds")
                        .tag("processor", name)
                        .register(registry);
            }
        };
    }
}
