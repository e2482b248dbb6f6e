package fi.agreementregistry.projections.agreement;

import fi.agreementregistry.core.agreement.AgreementEvent;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import fi.agreementregistry.projections.support.LongStreamCache;
import org.axonframework.queryhandling.QueryHandler;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers {@link FindAgreementAsOf} by reading the agreement's events from the event store and folding those
 * that were effective by {@code asOf} and recorded by {@code knownAt} through the summary's own transitions,
 * not from the current read model. The {@code supersedes} link is written by another agreement's event,
 * so it is not part of this answer. The events of long agreements are kept between queries ({@link LongStreamCache}),
 * so asking again reads only the events appended since.
 */
public class AgreementAsOfQueries {

    /** Agreements whose events are kept between queries, and the fewest events worth keeping. */
    static final int KEPT_AGREEMENTS = 128;
    static final int KEPT_FROM_EVENTS = 64;

    private final EventStore eventStore;
    private final Clock clock;
    private final int dueSoonDays;
    /**
     * The events of the long agreements read lately: stored events never change (upcasters are applied as they are
     * read, the same each time), so only the events appended since need reading.
     */
    private final LongStreamCache<DomainEventMessage<?>> events =
            new LongStreamCache<>(KEPT_AGREEMENTS, KEPT_FROM_EVENTS);

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
        String id = query.agreementId().value();
        List<DomainEventMessage<?>> stream = events.read(id, first -> eventStore.readEvents(id, first).asStream()
                .<DomainEventMessage<?>>map(message -> message).toList());
        for (DomainEventMessage<?> message : stream) {
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
