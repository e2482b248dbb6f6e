package fi.agreementregistry.projections.agreement;

import fi.agreementregistry.core.agreement.AgreementEvent;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryHandler;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers {@link FindAgreementAsOf} by reading the agreement's events from the event store and folding those
 * that were effective by {@code asOf} and recorded by {@code knownAt} through the summary's own transitions,
 * not from the current read model. The {@code supersedes} link is written by another agreement's event,
 * so it is not part of this answer.
 */
public class AgreementAsOfQueries {

    private final EventStore eventStore;
    private final Clock clock;
    private final int dueSoonDays;

    /** @param dueSoonDays a review due within this many days (counting the day asked about) is DUE_SOON */
    public AgreementAsOfQueries(EventStore eventStore, Clock clock, int dueSoonDays) {
        this.eventStore = eventStore;
        this.clock = clock;
        this.dueSoonDays = dueSoonDays;
    }

    @QueryHandler
    public AgreementView handle(FindAgreementAsOf query) {
        List<AgreementEvent> included = new ArrayList<>();
        long lastSequence = -1;
        for (DomainEventMessage<?> message : eventStore.readEvents(query.agreementId().value(), 0).asStream().toList()) {
            if (!(message.getPayload() instanceof AgreementEvent event)) {
                continue;
            }
            boolean effective = query.asOf() == null || !event.effectiveOn().isAfter(query.asOf());
            boolean known = query.knownAt() == null || !message.getTimestamp().isAfter(query.knownAt());
            if (effective && known) {
                included.add(event);
                lastSequence = message.getSequenceNumber();
            }
        }
        AgreementSummary state = AgreementSummary.fold(included);
        if (state == null) {
            return null;
        }
        state.aggregateSequence = lastSequence;
        LocalDate today = query.asOf() != null ? query.asOf() : LocalDate.now(clock);
        return state.toView(null, today, dueSoonDays);
    }
}
