package fi.agreementregistry.projections.agreement;

import com.fasterxml.jackson.annotation.JsonProperty;
import fi.agreementregistry.core.agreement.AgreementDrafted;
import fi.agreementregistry.core.agreement.AgreementEnteredIntoForce;
import fi.agreementregistry.core.agreement.AgreementEvent;
import fi.agreementregistry.core.agreement.AgreementKind;
import fi.agreementregistry.core.agreement.AgreementStatus;
import fi.agreementregistry.core.agreement.AgreementSuperseded;
import fi.agreementregistry.core.agreement.AgreementTerminated;
import fi.agreementregistry.core.agreement.CouncilTerm;
import fi.agreementregistry.core.agreement.Forum;
import fi.agreementregistry.core.agreement.PartyAdded;
import fi.agreementregistry.core.agreement.PartyRemoved;
import fi.agreementregistry.core.agreement.Principle;
import fi.agreementregistry.core.amendment.PrinciplesAmended;
import fi.agreementregistry.core.amendment.PrinciplesAmendmentProposed;
import fi.agreementregistry.core.approval.ApprovalRecorded;
import fi.agreementregistry.core.party.PartyRef;
import fi.agreementregistry.core.review.ReviewCompleted;
import fi.agreementregistry.core.review.ReviewOutcome;
import fi.agreementregistry.core.review.ReviewPolicy;
import fi.agreementregistry.core.review.ReviewScheduled;
import fi.agreementregistry.core.signature.AgreementSigned;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The stored state of one agreement in {@code agreement_summaries}, one transition per event.
 * It keeps every version's approvals and signatures (the audit needs them; the view picks the
 * current version's). Mutable on purpose: it lives only while one event is applied. The
 * {@code supersedes} link is not here: the predecessor's event writes it, and this state never
 * overwrites it (see {@link AgreementSummaryProjection}).
 */
public class AgreementSummary {

    @JsonProperty("_id")
    public String id;
    /** Sequence number of the last event applied; an event at or below it was applied already. */
    public long aggregateSequence;
    public String title;
    public AgreementKind kind;
    public String region;
    public CouncilTerm councilTerm;
    public AgreementStatus status;
    public int version;
    public LocalDate draftedOn;
    public LocalDate enteredIntoForceOn;
    public List<PartyEntry> parties = new ArrayList<>();
    public List<Principle> principles = new ArrayList<>();
    public List<String> goals = new ArrayList<>();
    public List<Forum> forums = new ArrayList<>();
    public PendingAmendment pendingAmendment;
    public List<ReviewEntry> reviews = new ArrayList<>();
    public String supersededBy;
    public LocalDate endedOn;
    public String terminationReason;
    public ReviewPolicy reviewPolicy;

    public record PartyEntry(String partyId, String name, List<ApprovalView> approvals, List<SignatureView> signatures) {

        static PartyEntry of(PartyRef party) {
            return new PartyEntry(party.id().value(), party.name(), List.of(), List.of());
        }

        PartyEntry with(ApprovalView approval) {
            List<ApprovalView> all = new ArrayList<>(approvals);
            all.add(approval);
            return new PartyEntry(partyId, name, all, signatures);
        }

        PartyEntry with(SignatureView signature) {
            List<SignatureView> all = new ArrayList<>(signatures);
            all.add(signature);
            return new PartyEntry(partyId, name, approvals, all);
        }

        public ApprovalView approvalOf(int version) {
            return approvals.stream().filter(a -> a.version() == version).reduce((first, last) -> last).orElse(null);
        }

        public SignatureView signatureOf(int version) {
            return signatures.stream().filter(s -> s.version() == version).reduce((first, last) -> last).orElse(null);
        }
    }

    public record PendingAmendment(int version, List<Principle> principles, String rationale, LocalDate proposedOn) {
    }

    /** A review as scheduled and, once completed, its outcome; the review deadlines keep the same ({@code review}). */
    public record ReviewEntry(String reviewId,
                       String kind,
                       LocalDate dueBy,
                       String responsibleBody,
                       String reason,
                       LocalDate scheduledOn,
                       LocalDate completedOn,
                       ReviewOutcome outcome,
                       String minutesReference) {

        public static ReviewEntry scheduled(ReviewScheduled event) {
            return new ReviewEntry(event.reviewId().value(), event.kind(), event.dueBy(), event.responsibleBody(),
                    event.reason(), event.scheduledOn(), null, null, null);
        }

        public ReviewEntry completed(ReviewCompleted event) {
            return new ReviewEntry(reviewId, kind, dueBy, responsibleBody, reason, scheduledOn, event.completedOn(),
                    event.outcome(), event.minutesReference());
        }
    }

    /** True once the agreement's own AgreementDrafted was applied; before that a document may hold only a {@code supersedes} link. */
    public boolean isDrafted() {
        return status != null;
    }

    public static AgreementSummary drafted(AgreementDrafted event) {
        AgreementSummary s = new AgreementSummary();
        s.id = event.agreementId().value();
        s.title = event.title();
        s.kind = event.kind();
        s.region = event.region();
        s.councilTerm = event.councilTerm();
        s.status = AgreementStatus.DRAFT;
        s.version = event.version();
        s.draftedOn = event.draftedOn();
        s.parties = new ArrayList<>(event.parties().stream().map(PartyEntry::of).toList());
        s.principles = new ArrayList<>(event.principles());
        s.goals = new ArrayList<>(event.goals());
        s.forums = new ArrayList<>(event.forums());
        s.reviewPolicy = event.reviewPolicy();
        return s;
    }

    /**
     * Folds one agreement's events, in order, into its state: the same transitions the projection
     * applies, for read models and as-of answers computed from the events themselves.
     *
     * @return null when the first event is not the agreement's AgreementDrafted
     */
    public static AgreementSummary fold(List<? extends AgreementEvent> events) {
        AgreementSummary s = null;
        for (AgreementEvent event : events) {
            if (event instanceof AgreementDrafted drafted) {
                s = drafted(drafted);
            } else if (s != null) {
                s.apply(event);
            }
        }
        return s;
    }

    /** Applies any agreement event but AgreementDrafted (which starts the state). */
    public void apply(AgreementEvent event) {
        if (event instanceof PartyAdded e) {
            apply(e);
        } else if (event instanceof PartyRemoved e) {
            apply(e);
        } else if (event instanceof PrinciplesAmended e) {
            apply(e);
        } else if (event instanceof PrinciplesAmendmentProposed e) {
            apply(e);
        } else if (event instanceof ApprovalRecorded e) {
            apply(e);
        } else if (event instanceof AgreementSigned e) {
            apply(e);
        } else if (event instanceof AgreementEnteredIntoForce e) {
            apply(e);
        } else if (event instanceof ReviewScheduled e) {
            apply(e);
        } else if (event instanceof ReviewCompleted e) {
            apply(e);
        } else if (event instanceof AgreementSuperseded e) {
            apply(e);
        } else if (event instanceof AgreementTerminated e) {
            apply(e);
        } else if (!(event instanceof AgreementDrafted)) {
            throw new IllegalArgumentException("no transition for " + event.getClass().getName());
        }
    }

    /** The view of this state with review statuses as of {@code today}. */
    public AgreementView toView(String supersedes, LocalDate today, int dueSoonDays) {
        List<PartyView> partyViews = parties.stream()
                .map(p -> new PartyView(p.partyId(), p.name(), p.approvalOf(version), p.signatureOf(version)))
                .toList();
        PendingAmendmentView pending = pendingAmendment == null ? null : new PendingAmendmentView(
                pendingAmendment.version(),
                pendingAmendment.principles(),
                pendingAmendment.rationale(),
                pendingAmendment.proposedOn(),
                parties.stream()
                        .filter(p -> p.approvalOf(pendingAmendment.version()) != null)
                        .map(PartyEntry::partyId)
                        .toList());
        List<ReviewView> reviewViews = reviews.stream()
                .sorted(Comparator.comparing(ReviewEntry::dueBy).thenComparing(ReviewEntry::reviewId))
                .map(r -> new ReviewView(r.reviewId(), r.kind(), r.dueBy(), r.responsibleBody(), r.reason(),
                        r.scheduledOn(), ReviewStatus.of(r.dueBy(), r.completedOn(), today, dueSoonDays),
                        r.completedOn(), r.outcome(), r.minutesReference()))
                .toList();
        return new AgreementView(id, title, kind, region, councilTerm, status, version,
                aggregateSequence, draftedOn, enteredIntoForceOn, partyViews, List.copyOf(principles),
                List.copyOf(goals), List.copyOf(forums), pending, reviewViews, supersededBy,
                supersedes, endedOn, terminationReason, reviewPolicy);
    }

    public void apply(PartyAdded event) {
        String partyId = event.party().id().value();
        if (parties.stream().noneMatch(p -> p.partyId().equals(partyId))) {
            parties.add(PartyEntry.of(event.party()));
        }
    }

    public void apply(PartyRemoved event) {
        parties.removeIf(p -> p.partyId().equals(event.party().id().value()));
    }

    public void apply(PrinciplesAmended event) {
        version = event.version();
        principles = new ArrayList<>(event.principles());
        pendingAmendment = null;
    }

    public void apply(PrinciplesAmendmentProposed event) {
        pendingAmendment = new PendingAmendment(event.proposedVersion(), event.proposedPrinciples(),
                event.rationale(), event.proposedOn());
    }

    public void apply(ApprovalRecorded event) {
        updateParty(event.party(), p -> p.with(new ApprovalView(event.version(), event.decisionBody(),
                event.meetingDate(), event.section(), event.diaryNumber(), event.decisionText())));
    }

    public void apply(AgreementSigned event) {
        updateParty(event.party(), p -> p.with(new SignatureView(event.version(), event.signatory().name(),
                event.signatory().title(), event.signedOn())));
    }

    public void apply(AgreementEnteredIntoForce event) {
        status = AgreementStatus.IN_FORCE;
        version = event.version();
        enteredIntoForceOn = event.enteredIntoForceOn();
    }

    public void apply(ReviewScheduled event) {
        reviews.removeIf(r -> r.reviewId().equals(event.reviewId().value()));
        reviews.add(ReviewEntry.scheduled(event));
    }

    public void apply(ReviewCompleted event) {
        reviews.replaceAll(r -> r.reviewId().equals(event.reviewId().value()) ? r.completed(event) : r);
    }

    public void apply(AgreementSuperseded event) {
        status = AgreementStatus.SUPERSEDED;
        supersededBy = event.successorId().value();
        endedOn = event.supersededOn();
    }

    public void apply(AgreementTerminated event) {
        status = AgreementStatus.TERMINATED;
        endedOn = event.terminatedOn();
        terminationReason = event.reason();
    }

    private void updateParty(PartyRef party, UnaryOperator<PartyEntry> change) {
        String partyId = party.id().value();
        if (parties.stream().noneMatch(p -> p.partyId().equals(partyId))) {
            // The aggregate only lets parties act; keep the record rather than drop what an event says.
            parties.add(PartyEntry.of(party));
        }
        parties.replaceAll(p -> p.partyId().equals(partyId) ? change.apply(p) : p);
    }
}
