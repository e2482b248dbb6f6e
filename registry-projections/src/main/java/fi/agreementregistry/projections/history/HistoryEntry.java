package fi.agreementregistry.projections.history;

import fi.agreementregistry.core.actor.Actor;
import fi.agreementregistry.core.agreement.Principle;
import fi.agreementregistry.core.party.PartyRef;
import fi.agreementregistry.core.review.ReviewOutcome;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One event of an agreement or of a statutory negotiation as an auditor reads it: when it happened ({@code effectiveOn}, the meeting,
 * signing or review date), when the registry recorded it ({@code recordedAt}), who recorded it and for
 * which party ({@code actor}, absent for events recorded without one), and the facts of the event in
 * plain fields; a field that does not belong to the event type is null.
 * <p>
 * A negotiation's event (NegotiationRecorded, MeasureAdded, MeasureStatusChanged) has {@code negotiationId} and no
 * {@code agreementId}; its {@code partyId} is the county, {@code partyIds} every participant (the county first), so
 * that the party filter and a clerk's scope find it as they find the negotiation itself. Its minutes are in the
 * approval's fields ({@code decisionBody}, {@code meetingDate}, {@code section}, {@code diaryNumber}), a measure's
 * due date in {@code dueBy} and its responsible parties' names in {@code responsibleBody}.
 */
public record HistoryEntry(String agreementId,
                           long sequence,
                           String eventType,
                           LocalDate effectiveOn,
                           Instant recordedAt,
                           Actor actor,
                           // the party the event is about (approval, signature, party added or removed)
                           String partyId,
                           String partyName,
                           // drafted
                           String title,
                           List<PartyRef> parties,
                           // the text version approved, signed, proposed, amended or in force
                           Integer version,
                           // approval
                           String decisionBody,
                           LocalDate meetingDate,
                           String section,
                           String diaryNumber,
                           String decisionText,
                           // signature
                           String signatoryName,
                           String signatoryTitle,
                           // draft and amendments
                           List<Principle> principlesBefore,
                           List<Principle> principlesAfter,
                           String rationale,
                           // reviews
                           String reviewId,
                           String reviewKind,
                           LocalDate dueBy,
                           String responsibleBody,
                           ReviewOutcome outcome,
                           String minutesReference,
                           // the end
                           String successorId,
                           String reason,
                           // statutory negotiations
                           String negotiationId,
                           List<String> partyIds,
                           List<String> legalBases,
                           String measureId,
                           String measureText,
                           String previousStatus,
                           String status,
                           String note) {
}
