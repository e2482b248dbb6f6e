package fi.agreementregistry.api.security;

import fi.agreementregistry.api.http.CorrelationIdFilter;
import fi.agreementregistry.core.actor.Actor;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The actor in every event. When a command is dispatched (on the request's thread) the signed-in
 * user's {@link Actor} and the request's correlation id are put into its metadata, replacing whatever
 * was there; the correlation data provider then makes Axon copy them to every event the command causes.
 * Nothing in a request body can reach these keys. Commands dispatched outside a request without an
 * actor are the registry's own ({@link Actor#SYSTEM}).
 */
@Configuration(proxyBeanMethods = false)
public class ActorMetaDataConfiguration {

    /** Axon's default key for "the message that caused this one"; here it carries the request's id. */
    public static final String CORRELATION_ID = "correlationId";

    private static final List<String> ACTOR_KEYS = List.of(Actor.USER_ID, Actor.DISPLAY_NAME, Actor.ROLE, Actor.PARTY_ID);

    /** Where the events of a command came from: {@value #SOURCE_IMPORT} for an import (issue 17); absent otherwise. */
    public static final String SOURCE = "source";
    public static final String SOURCE_IMPORT = "import";
    /** An imported agreement's file name, its position in the file (from 1) and its key there. */
    public static final String IMPORT_FILE = "importFile";
    public static final String IMPORT_POSITION = "importPosition";
    public static final String IMPORT_KEY = "importKey";
    /** Keys the application itself puts on a command (never from a request body), copied to its events. */
    private static final List<String> ORIGIN_KEYS = List.of(SOURCE, IMPORT_FILE, IMPORT_POSITION, IMPORT_KEY);

    @Bean
    public SmartInitializingSingleton actorOnEveryCommand(CommandBus commandBus) {
        return () -> commandBus.registerDispatchInterceptor(new ActorDispatchInterceptor());
    }

    /**
     * Replaces Axon's default {@link MessageOriginProvider} (a bean of this type switches the default off),
     * keeping its trace id and adding the actor.
     */
    @Bean
    public CorrelationDataProvider actorCorrelationDataProvider() {
        MessageOriginProvider origin = new MessageOriginProvider();
        return message -> {
            Map<String, Object> data = new HashMap<>(origin.correlationDataFor(message));
            Object requestCorrelation = message.getMetaData().get(CORRELATION_ID);
            if (requestCorrelation != null) {
                data.put(CORRELATION_ID, requestCorrelation);
            }
            for (String key : java.util.stream.Stream.concat(ACTOR_KEYS.stream(), ORIGIN_KEYS.stream()).toList()) {
                Object value = message.getMetaData().get(key);
                if (value != null) {
                    data.put(key, value);
                }
            }
            return data;
        };
    }

    static final class ActorDispatchInterceptor implements MessageDispatchInterceptor<CommandMessage<?>> {

        @Override
        public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(
                List<? extends CommandMessage<?>> messages) {
            return (index, command) -> {
                Map<String, Object> metaData = new HashMap<>(command.getMetaData());
                CurrentUser.get().ifPresentOrElse(user -> {
                    ACTOR_KEYS.forEach(metaData::remove);
                    metaData.putAll(user.toActor().toMetaData());
                }, () -> metaData.putIfAbsent(Actor.USER_ID, null));
                if (metaData.get(Actor.USER_ID) == null) {
                    metaData.remove(Actor.USER_ID);
                    metaData.putAll(Actor.SYSTEM.toMetaData());
                }
                CorrelationIdFilter.current().ifPresent(id -> metaData.put(CORRELATION_ID, id));
                return command.withMetaData(metaData);
            };
        }
    }
}
