package fi.agreementregistry.api.idempotency;

import fi.agreementregistry.api.application.AgreementReadModel;
import fi.agreementregistry.api.application.CommandAccepted;
import fi.agreementregistry.api.application.NegotiationCommands;
import fi.agreementregistry.api.rest.agreements.AgreementController;
import fi.agreementregistry.api.rest.agreements.IfMatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.agreementregistry.api.idempotency.IdempotencyKeys.RecordedCommand;
import fi.agreementregistry.api.idempotency.IdempotencyKeys.StoredResponse;
import fi.agreementregistry.core.agreement.AgreementDrafted;
import fi.agreementregistry.core.agreement.AgreementId;
import fi.agreementregistry.core.amendment.PrinciplesAmended;
import fi.agreementregistry.core.negotiation.MeasureAdded;
import fi.agreementregistry.core.negotiation.MeasureStatusChanged;
import fi.agreementregistry.core.negotiation.NegotiationRecorded;
import fi.agreementregistry.core.review.ReviewScheduled;
import fi.agreementregistry.projections.negotiation.NegotiationView;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The response {@link AgreementController} (or {@code NegotiationController}) gives for commands whose events are
 * stored, rebuilt from those events (found by the trace id Axon puts in their metadata): for a keyed request whose
 * registry stopped after the append and before its response was kept. Same status, Location, ETag and body as the
 * controller's: the agreement, its text version after the command and the sequence of the command's last event (and
 * the review's id when one was scheduled); a recorded negotiation as its event left it, a measure's acceptance.
 * {@code IdempotencyLeaseHttpTest} compares the two for every command endpoint.
 */
@Component
public class StoredCommandOutcomes implements CommandOutcomes {

    private static final Pattern CREATED = Pattern.compile("/api/agreements(/[^/]+/(approvals|signatures|reviews))?");
    private static final Pattern SCHEDULE_REVIEW = Pattern.compile("/api/agreements/[^/]+/reviews");
    private static final Pattern NEGOTIATION = Pattern.compile("/api/negotiations(/[^/]+/measures(/[^/]+/status)?)?");
    private static final String TRACE_ID = MessageOriginProvider.getDefaultTraceKey();

    private final EventStore eventStore;
    private final AgreementReadModel readModel;
    private final NegotiationCommands negotiations;
    private final ObjectMapper json;

    public StoredCommandOutcomes(EventStore eventStore, AgreementReadModel readModel, NegotiationCommands negotiations,
                                 ObjectMapper json) {
        this.eventStore = eventStore;
        this.readModel = readModel;
        this.negotiations = negotiations;
        this.json = json;
    }

    @Override
    public Optional<StoredResponse> outcomeOf(String method, String path, List<RecordedCommand> commands) {
        Map<String, Set<String>> tracesByAggregate = commands.stream().collect(Collectors.groupingBy(
                RecordedCommand::aggregateId, LinkedHashMap::new,
                Collectors.mapping(RecordedCommand::traceId, Collectors.toSet())));
        for (Map.Entry<String, Set<String>> aggregate : tracesByAggregate.entrySet()) {
            Optional<StoredResponse> outcome = outcomeOf(path, aggregate.getKey(), aggregate.getValue());
            if (outcome.isPresent()) {
                return outcome;
            }
        }
        return Optional.empty();
    }

    private Optional<StoredResponse> outcomeOf(String path, String aggregateId, Set<String> traces) {
        List<? extends DomainEventMessage<?>> events = eventStore.readEvents(aggregateId, 0).asStream().toList();
        int version = 0;
        DomainEventMessage<?> last = null;
        String reviewId = null;
        for (DomainEventMessage<?> event : events) {
            boolean ours = traces.contains(String.valueOf(event.getMetaData().get(TRACE_ID)));
            if (last != null && !ours) {
                break; // the command's events are one append: consecutive, and later ones belong to others
            }
            Object payload = event.getPayload();
            if (payload instanceof AgreementDrafted drafted) {
                version = drafted.version();
            } else if (payload instanceof PrinciplesAmended amended) {
                version = amended.version();
            }
            if (ours) {
                last = event;
                if (reviewId == null && payload instanceof ReviewScheduled scheduled) {
                    reviewId = scheduled.reviewId().value();
                }
            }
        }
        if (last == null) {
            return Optional.empty();
        }
        if (NEGOTIATION.matcher(path).matches()) {
            return Optional.of(negotiationOutcome(aggregateId, last));
        }
        long sequence = last.getSequenceNumber();
        readModel.awaitApplied(AgreementId.of(aggregateId), sequence);
        boolean scheduledReview = SCHEDULE_REVIEW.matcher(path).matches();
        Map<String, String> headers = new LinkedHashMap<>();
        Matcher created = CREATED.matcher(path);
        int status = created.matches() ? 201 : 200;
        if (path.equals("/api/agreements")) {
            headers.put(HttpHeaders.LOCATION, "/api/agreements/" + aggregateId);
        } else if (scheduledReview && reviewId != null) {
            headers.put(HttpHeaders.LOCATION, "/api/agreements/" + aggregateId + "/reviews/" + reviewId);
        }
        headers.put(HttpHeaders.ETAG, IfMatch.etagOf(sequence));
        return Optional.of(response(status, headers,
                new CommandAccepted(aggregateId, version, sequence, scheduledReview ? reviewId : null)));
    }

    /** A negotiation's command applies one event: the recording, a measure added, or a measure's new status. */
    private StoredResponse negotiationOutcome(String negotiationId, DomainEventMessage<?> event) {
        long sequence = event.getSequenceNumber();
        negotiations.awaitApplied(negotiationId, sequence);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(HttpHeaders.ETAG, IfMatch.etagOf(sequence));
        Object payload = event.getPayload();
        if (payload instanceof NegotiationRecorded recorded) {
            headers.put(HttpHeaders.LOCATION, "/api/negotiations/" + negotiationId);
            return response(201, headers, NegotiationView.recorded(recorded, sequence,
                    event.getTimestamp(), fi.agreementregistry.core.actor.Actor.fromMetaData(event.getMetaData())
                            .orElse(null)));
        }
        if (payload instanceof MeasureAdded added) {
            headers.put(HttpHeaders.LOCATION, "/api/negotiations/" + negotiationId);
            return response(201, headers, new NegotiationCommands.MeasureAccepted(negotiationId,
                    added.measure().measureId().value(), sequence));
        }
        MeasureStatusChanged changed = (MeasureStatusChanged) payload;
        return response(200, headers, new NegotiationCommands.MeasureAccepted(negotiationId,
                changed.measureId().value(), sequence));
    }

    private StoredResponse response(int status, Map<String, String> headers, Object body) {
        try {
            return new StoredResponse(status, headers, MediaType.APPLICATION_JSON_VALUE, json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + body, e);
        }
    }
}
