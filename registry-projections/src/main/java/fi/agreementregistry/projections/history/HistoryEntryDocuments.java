package fi.agreementregistry.projections.history;

import fi.agreementregistry.core.actor.Actor;
import fi.agreementregistry.core.agreement.Principle;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.core.party.PartyRef;
import fi.agreementregistry.core.review.ReviewOutcome;
import org.bson.Document;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads a {@code agreement_history} document back into a {@link HistoryEntry}, field by field. The documents are
 * written through Jackson ({@code JsonDocuments.toCompactDocument}); reading them through Jackson too cost most of a
 * 1,000-event history query (each document serialized to tokens and parsed again), which this plain mapping avoids.
 * {@code HistoryEntryDocumentsTest} checks that it reads back exactly what Jackson wrote, for every event type.
 */
final class HistoryEntryDocuments {

    private HistoryEntryDocuments() {
    }

    static HistoryEntry fromDocument(Document d) {
        return new HistoryEntry(
                // A negotiation's entry keeps its key (negotiation:<id>) there, for the unique index: not an agreement.
                d.get("negotiationId") == null ? d.getString("agreementId") : null,
                ((Number) d.get("sequence")).longValue(),
                d.getString("eventType"),
                date(d, "effectiveOn"),
                d.get("recordedAt") instanceof String at ? Instant.parse(at) : null,
                d.get("actor") instanceof Document a
                        ? new Actor(a.getString("userId"), a.getString("displayName"), a.getString("role"),
                        a.getString("partyId"))
                        : null,
                d.getString("partyId"),
                d.getString("partyName"),
                d.getString("title"),
                list(d, "parties", p -> new PartyRef(PartyId.of(p.getString("id")), p.getString("name"))),
                d.get("version") instanceof Number v ? v.intValue() : null,
                d.getString("decisionBody"),
                date(d, "meetingDate"),
                d.getString("section"),
                d.getString("diaryNumber"),
                d.getString("decisionText"),
                d.getString("signatoryName"),
                d.getString("signatoryTitle"),
                list(d, "principlesBefore", HistoryEntryDocuments::principle),
                list(d, "principlesAfter", HistoryEntryDocuments::principle),
                d.getString("rationale"),
                d.getString("reviewId"),
                d.getString("reviewKind"),
                date(d, "dueBy"),
                d.getString("responsibleBody"),
                d.get("outcome") instanceof String outcome ? ReviewOutcome.valueOf(outcome) : null,
                d.getString("minutesReference"),
                d.getString("successorId"),
                d.getString("reason"),
                d.getString("negotiationId"),
                strings(d, "partyIds"),
                strings(d, "legalBases"),
                d.getString("measureId"),
                d.getString("measureText"),
                d.getString("previousStatus"),
                d.getString("status"),
                d.getString("note"));
    }

    private static List<String> strings(Document d, String field) {
        if (!(d.get(field) instanceof List<?> values)) {
            return null;
        }
        return values.stream().map(String.class::cast).toList();
    }

    private static Principle principle(Document p) {
        return new Principle(((Number) p.get("number")).intValue(), p.getString("text"));
    }

    private static LocalDate date(Document d, String field) {
        return d.get(field) instanceof String text ? LocalDate.parse(text) : null;
    }

    private static <T> List<T> list(Document d, String field, Function<Document, T> element) {
        if (!(d.get(field) instanceof List<?> values)) {
            return null;
        }
        List<T> list = new ArrayList<>(values.size());
        for (Object value : values) {
            list.add(element.apply((Document) value));
        }
        return List.copyOf(list);
    }
}
