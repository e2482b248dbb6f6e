package fi.agreementregistry.core.agreement;

import fi.agreementregistry.core.amendment.PrinciplesAmended;
import fi.agreementregistry.core.amendment.PrinciplesAmendmentProposed;
import fi.agreementregistry.core.approval.ApprovalRecorded;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.core.review.ReviewCompleted;
import fi.agreementregistry.core.review.ReviewId;
import fi.agreementregistry.core.review.ReviewScheduled;
import fi.agreementregistry.core.signature.AgreementSigned;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The date rules of the {@link Agreement} (approved-before-proposed, signed-before-approved,
 * completed-before-scheduled, dated-before-draft, ended-before-force), checked over an agreement's stored events.
 * The aggregate refuses commands that break them; events stored before the rules existed still load, and this names
 * them, for the consistency check's chronology warnings.
 */
public final class Chronology {

    /** One stored event of the agreement with its sequence. */
    public record Stored(long sequence, AgreementEvent event) {
    }

    /**
     * @param sequences the events that contradict each other (the earlier fact first)
     */
    public record Warning(String agreementId, String rule, List<Long> sequences, String detail) {
    }

    private record Dated(LocalDate date, long sequence) {
    }

    private Chronology() {
    }

    /** The warnings for one agreement's events, given in sequence order. */
    public static List<Warning> check(List<Stored> events) {
        List<Warning> warnings = new ArrayList<>();
        Dated drafted = null;
        Dated inForce = null;
        Map<Integer, Dated> proposed = new HashMap<>();
        Map<Integer, Map<PartyId, Dated>> approved = new HashMap<>();
        Map<ReviewId, Dated> scheduled = new HashMap<>();
        for (Stored stored : events) {
            AgreementEvent event = stored.event();
            long seq = stored.sequence();
            String id = event.agreementId().value();
            if (event instanceof AgreementDrafted d) {
                drafted = new Dated(d.draftedOn(), seq);
                proposed.put(d.version(), drafted);
            } else if (event instanceof PrinciplesAmendmentProposed p) {
                proposed.put(p.proposedVersion(), new Dated(p.proposedOn(), seq));
                beforeDraft(warnings, id, drafted, "proposal date", p.proposedOn(), seq);
            } else if (event instanceof PrinciplesAmended a && !proposed.containsKey(a.version())) {
                // In a draft the amendment is the proposal; in force it puts an earlier proposal into effect.
                proposed.put(a.version(), new Dated(a.amendedOn(), seq));
                beforeDraft(warnings, id, drafted, "amendment date", a.amendedOn(), seq);
            } else if (event instanceof ApprovalRecorded a) {
                Dated version = proposed.get(a.version());
                if (version != null && a.meetingDate().isBefore(version.date())) {
                    warnings.add(warning(id, AgreementRule.APPROVED_BEFORE_PROPOSED, version.sequence(), seq,
                            a.decisionBody(), a.meetingDate(), a.version(), version.date()));
                }
                approved.computeIfAbsent(a.version(), v -> new HashMap<>())
                        .put(a.party().id(), new Dated(a.meetingDate(), seq));
            } else if (event instanceof AgreementSigned s) {
                Dated approval = approved.getOrDefault(s.version(), Map.of()).get(s.party().id());
                if (approval != null && s.signedOn().isBefore(approval.date())) {
                    warnings.add(warning(id, AgreementRule.SIGNED_BEFORE_APPROVED, approval.sequence(), seq,
                            s.party().name(), s.version(), s.signedOn(), approval.date()));
                }
            } else if (event instanceof AgreementEnteredIntoForce f) {
                inForce = new Dated(f.enteredIntoForceOn(), seq);
            } else if (event instanceof ReviewScheduled r) {
                scheduled.put(r.reviewId(), new Dated(r.scheduledOn(), seq));
                beforeDraft(warnings, id, drafted, "scheduling date", r.scheduledOn(), seq);
            } else if (event instanceof ReviewCompleted c) {
                Dated review = scheduled.get(c.reviewId());
                if (review != null && review.date() != null && c.completedOn().isBefore(review.date())) {
                    warnings.add(warning(id, AgreementRule.COMPLETED_BEFORE_SCHEDULED, review.sequence(), seq,
                            c.reviewId(), c.completedOn(), review.date()));
                }
            } else if (event instanceof AgreementSuperseded s) {
                ended(warnings, id, drafted, inForce, "supersession date", s.supersededOn(), seq);
            } else if (event instanceof AgreementTerminated t) {
                ended(warnings, id, drafted, inForce, "termination date", t.terminatedOn(), seq);
            }
        }
        return warnings;
    }

    private static void ended(List<Warning> warnings, String id, Dated drafted, Dated inForce, String what,
                              LocalDate on, long seq) {
        beforeDraft(warnings, id, drafted, what, on, seq);
        if (inForce != null && on != null && on.isBefore(inForce.date())) {
            warnings.add(warning(id, AgreementRule.ENDED_BEFORE_FORCE, inForce.sequence(), seq, what, on,
                    inForce.date()));
        }
    }

    private static void beforeDraft(List<Warning> warnings, String id, Dated drafted, String what, LocalDate on,
                                    long seq) {
        if (drafted != null && drafted.date() != null && on != null && on.isBefore(drafted.date())) {
            warnings.add(warning(id, AgreementRule.DATED_BEFORE_DRAFT, drafted.sequence(), seq, what, on,
                    drafted.date()));
        }
    }

    private static Warning warning(String id, AgreementRule rule, long earlier, long later, Object... details) {
        return new Warning(id, rule.ruleName(), List.of(earlier, later), rule.violation(details).getMessage());
    }
}
