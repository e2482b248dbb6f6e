package fi.agreementregistry.api.application;

import fi.agreementregistry.api.config.RegistryProperties;
import fi.agreementregistry.core.agreement.AgreementId;
import fi.agreementregistry.projections.agreement.AgreementView;
import fi.agreementregistry.projections.agreement.FindAgreement;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * Reads the agreement read model, and lets a command response wait until the read model has applied
 * the command's events, so a client that GETs right after its own command sees its change
 * (read-your-writes). The wait is bounded: if the projection is behind (e.g. a replay), the command
 * answer comes anyway and the GET may lag for a moment.
 */
@Component
public class AgreementReadModel {

    private final QueryGateway queryGateway;
    private final Duration maxWait;

    /** @param properties {@code registry.read-your-writes.max-wait}: the bound of the wait */
    public AgreementReadModel(QueryGateway queryGateway, RegistryProperties properties) {
        this.queryGateway = queryGateway;
        this.maxWait = properties.readYourWrites().maxWait();
    }

    public Optional<AgreementView> find(AgreementId id) {
        return Optional.ofNullable(queryGateway.query(new FindAgreement(id), ResponseTypes.instanceOf(AgreementView.class))
                .join());
    }

    /** @return true when the read model reached {@code aggregateSequence} within the bounded wait */
    public boolean awaitApplied(AgreementId id, long aggregateSequence) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        long pause = Duration.ofMillis(2).toNanos();
        while (true) {
            Optional<AgreementView> view = find(id);
            if (view.isPresent() && view.get().aggregateSequence() >= aggregateSequence) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, Duration.ofMillis(50).toNanos());
        }
    }
}
