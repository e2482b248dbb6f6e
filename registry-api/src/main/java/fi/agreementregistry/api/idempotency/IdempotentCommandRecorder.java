package fi.agreementregistry.api.idempotency;

import fi.agreementregistry.api.idempotency.IdempotencyKeys.RecordedCommand;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

import java.util.List;
import java.util.function.BiFunction;

/**
 * Before a command of a request with an {@code Idempotency-Key} is dispatched, records its target aggregate and the
 * trace id its events will carry ({@code traceId} in their metadata: Axon's {@link MessageOriginProvider} copies the
 * command's identifier there) on the key's marker. A retry after a crash can then find the command's events, and
 * return their outcome instead of running the command a second time.
 * <p>
 * A request whose lease was taken over by a retry meanwhile (it ran longer than the lease) stores nothing: it
 * dispatches no more commands, and a command it already dispatched is checked again just before its events are
 * appended (the unit of work's prepare-commit, which runs before the event store's) and rolled back with a 409. What
 * is left is the moment between that check and the append.
 */
@Component
public class IdempotentCommandRecorder implements SmartInitializingSingleton {

    private final CommandBus commandBus;
    private final IdempotencyKeys keys;
    private final CommandTargetResolver targets = AnnotationCommandTargetResolver.builder().build();

    public IdempotentCommandRecorder(CommandBus commandBus, IdempotencyKeys keys) {
        this.commandBus = commandBus;
        this.keys = keys;
    }

    @Override
    public void afterSingletonsInstantiated() {
        commandBus.registerDispatchInterceptor(new Interceptor());
        commandBus.registerHandlerInterceptor(new Fence());
    }

    private final class Fence implements MessageHandlerInterceptor<CommandMessage<?>> {
        @Override
        public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain)
                throws Exception {
            IdempotencyFilter.KeyedRequest.current().ifPresent(request -> unitOfWork.onPrepareCommit(u -> {
                if (!keys.holds(request.id(), request.attempt())) {
                    throw new ErrorResponseException(HttpStatus.CONFLICT, IdempotencyFilter.takenOver(), null);
                }
            }));
            return chain.proceed();
        }
    }

    private final class Interceptor implements MessageDispatchInterceptor<CommandMessage<?>> {
        @Override
        public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(
                List<? extends CommandMessage<?>> messages) {
            return (index, command) -> {
                IdempotencyFilter.KeyedRequest request = IdempotencyFilter.KeyedRequest.current().orElse(null);
                if (request == null) {
                    return command;
                }
                String aggregateId;
                try {
                    aggregateId = targets.resolveTarget(command).getIdentifier();
                } catch (IllegalArgumentException e) {
                    return command; // no target aggregate: nothing to look up after a crash (it would run again)
                }
                Object trace = command.getMetaData().getOrDefault(MessageOriginProvider.getDefaultTraceKey(),
                        command.getIdentifier());
                RecordedCommand recorded = new RecordedCommand(aggregateId, String.valueOf(trace));
                if (!keys.recordCommand(request.id(), request.attempt(), recorded)) {
                    throw new ErrorResponseException(HttpStatus.CONFLICT, IdempotencyFilter.takenOver(), null);
                }
                request.recorded().add(recorded);
                return command;
            };
        }
    }
}
