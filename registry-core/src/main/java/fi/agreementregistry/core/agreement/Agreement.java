package fi.agreementregistry.core.agreement;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import fi.agreementregistry.core.BusinessRuleViolation;
import fi.agreementregistry.core.InvalidValueException;
import fi.agreementregistry.core.actor.Actor;
import fi.agreementregistry.core.amendment.AmendPrinciples;
import fi.agreementregistry.core.amendment.PrinciplesAmended;
import fi.agreementregistry.core.amendment.PrinciplesAmendmentProposed;
import fi.agreementregistry.core.approval.ApprovalRecorded;
import fi.agreementregistry.core.approval.RecordApproval;
import fi.agreementregistry.core.party.Party;
import fi.agreementregistry.core.party.PartyDirectory;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.core.party.PartyRef;
import fi.agreementregistry.core.party.UnknownPartyException;
import fi.agreementregistry.core.review.CompleteReview;
import fi.agreementregistry.core.review.ReviewCompleted;
import fi.agreementregistry.core.review.ReviewId;
import fi.agreementregistry.core.review.ReviewPolicy;
import fi.agreementregistry.core.review.ReviewScheduled;
import fi.agreementregistry.core.review.ScheduleReview;
import fi.agreementregistry.core.signature.AgreementSigned;
import fi.agreementregistry.core.signature.SignAgreement;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.interceptors.MessageHandlerInterceptor;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.AggregateRoot;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.serialization.Revision;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import static fi.agreementregistry.core.agreement.AgreementRule.*;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One collaboration agreement, from draft through approvals and signatures to force, amendments,
 * reviews and its end. Command handlers check the {@link AgreementRule}s and apply events; state
 * changes only in the event sourcing handlers. Today comes from the injected {@link Clock}, party
 * names from the injected {@link PartyDirectory}. The aggregate type is fixed, so stored events keep it
 * if this class is renamed or moved.
 * <p>
 * Every command on an existing agreement checks, in this order and before any other rule: who acts (a clerk, named
 * by the {@link Actor} in the command's metadata, only on an agreement their party is in: {@code actor-not-a-party}),
 * then the expected sequence (the API's If-Match), then the rules of the command itself. The API answers the first
 * exactly as an unknown agreement, so a clerk outside an agreement learns nothing about it, not even from a stale
 * If-Match.
 * <p>
 * Snapshots hold this state as JSON, field by field (the accessors below are not part of it). The revision is the
 * shape of that state: bump it whenever a field is added, removed, renamed or changes meaning, so snapshots of the
 * old shape are ignored and rebuilt from the events instead of misread (docs/schema-evolution.md, "Snapshots").
 */
@AggregateRoot(type = Agreement.AGGREGATE_TYPE)
@Revision(Agreement.SNAPSHOT_REVISION)
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
public class Agreement {

    /** The shape of the state kept in snapshots; see the class comment. */
    public static final String SNAPSHOT_REVISION = "2";

    public static final String AGGREGATE_TYPE = "Agreement";

    /** The review kind when a ScheduleReview names none. */
    public static final String DEFAULT_REVIEW_KIND = "AGREEMENT_EVALUATION";

    @AggregateIdentifier
    private AgreementId agreementId;
    private AgreementStatus status;
    /** The version of the text in force (or in draft); approvals and signatures name it. */
    private int version;
    private List<Principle> principles = new ArrayList<>();
    /** An amendment proposed while in force, waiting for every party's approval; null when none. */
    private PendingAmendment pendingAmendment;
    private Map<PartyId, PartyRef> parties = new LinkedHashMap<>();
    /** version -> party -> meeting date; kept per version so approvals of older texts simply stop counting. */
    private Map<Integer, Map<PartyId, LocalDate>> approvals = new HashMap<>();
    /** version -> party -> signing date. */
    private Map<Integer, Map<PartyId, LocalDate>> signatures = new HashMap<>();
    /** review -> completion date, null while open. */
    private Map<ReviewId, LocalDate> reviews = new HashMap<>();
    /** review -> its kind, to tell which reviews fall under the review policy. */
    private Map<ReviewId, String> reviewKinds = new HashMap<>();
    private CouncilTerm councilTerm;
    /** Null when the agreement's reviews are scheduled by hand only. */
    private ReviewPolicy reviewPolicy;
    private String endedAs;
    private LocalDate endedOn;
    private LocalDate draftedOn;
    /** Null until it enters into force. */
    private LocalDate enteredIntoForceOn;
    /** version -> the day that text was proposed (the draft's date for version 1, the amendment's for later ones). */
    private Map<Integer, LocalDate> proposedOn = new HashMap<>();
    /** review -> the day it was scheduled. */
    private Map<ReviewId, LocalDate> reviewScheduledOn = new HashMap<>();
    /**
     * Sequence number of the last event applied (the API's ETag), kept in the state so that a snapshot says which
     * event it ends with and the state can be inspected without Axon. Set for every event in one place
     * ({@link #rememberSequence}); command handlers ask Axon ({@link AggregateLifecycle#getVersion()}).
     */
    private long lastSequence;

    /** For Axon, which rebuilds the agreement from its events. */
    protected Agreement() {
    }

    record PendingAmendment(int version, List<Principle> principles, String rationale) {
    }

    // ---- commands -------------------------------------------------------------------------

    @CommandHandler
    public Agreement(DraftAgreement command, PartyDirectory directory, Clock clock) {
        draft(command, directory, clock);
    }

    /**
     * An existing agreement with its whole past (issue 17). Each step goes through the same rule-checking code as the
     * command it stands for, in the order of its business date ({@link ImportStep#inHistoryOrder}); Axon applies each
     * event at once in a handler with a creation policy, so later steps see earlier ones, and the entry into force and
     * the reviews of a review policy follow from the steps exactly as they do from the commands. Every event is appended
     * in this one unit of work, so the agreement is stored whole or not at all.
     * <p>
     * A step that breaks a rule is noted and skipped, and the next steps are still checked, so one run names every
     * problem (later ones may follow from an earlier one). Any problem, or {@code checkOnly}, ends in
     * {@link ImportNotStored}: the unit of work rolls back and nothing is stored. A review of the policy's own kind
     * may not be listed ({@code review-under-policy}): the registry schedules those itself; a completion without a
     * review id completes the review of the policy open at its date.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    public ImportOutcome handle(ImportAgreement command, MetaData metaData, PartyDirectory directory, Clock clock) {
        if (!command.agreementId().equals(command.draft().agreementId())) {
            throw new IllegalArgumentException("the import's draft names another agreement");
        }
        List<ImportProblem> problems = new ArrayList<>();
        try {
            draft(command.draft(), directory, clock);
        } catch (BusinessRuleViolation | UnknownPartyException | InvalidValueException refused) {
            problems.add(problem("draft", 0, refused));
            throw new ImportNotStored(problems, null);
        }
        for (ImportStep step : ImportStep.inHistoryOrder(command.steps())) {
            try {
                run(step.command(), metaData, directory, clock);
            } catch (BusinessRuleViolation | UnknownPartyException | InvalidValueException refused) {
                problems.add(problem(step.list(), step.index(), refused));
            }
        }
        ImportOutcome outcome = new ImportOutcome(status, version, enteredIntoForceOn, AggregateLifecycle.getVersion());
        if (!problems.isEmpty() || command.checkOnly()) {
            throw new ImportNotStored(problems, outcome);
        }
        return outcome;
    }

    private void run(Object command, MetaData metaData, PartyDirectory directory, Clock clock) {
        if (command instanceof AmendPrinciples c) {
            handle(c, metaData, clock);
        } else if (command instanceof RecordApproval c) {
            handle(c, metaData, directory, clock);
        } else if (command instanceof SignAgreement c) {
            handle(c, metaData, directory, clock);
        } else if (command instanceof ScheduleReview c) {
            REVIEW_UNDER_POLICY.require(reviewPolicy == null || !reviewPolicy.reviewKind().equals(c.kind()),
                    c.kind());
            handle(c, metaData, clock);
        } else if (command instanceof CompleteReview c && c.reviewId() == null) {
            // A review the registry scheduled under the policy: the one of the policy's kind open at that time.
            ReviewId open = reviewPolicy == null ? null : reviewKinds.entrySet().stream()
                    .filter(r -> r.getValue().equals(reviewPolicy.reviewKind()) && reviews.get(r.getKey()) == null)
                    .map(Map.Entry::getKey).findFirst().orElse(null);
            UNKNOWN_REVIEW.require(open != null, "of its review policy open on " + c.completedOn());
            handle(new CompleteReview(c.agreementId(), open, c.completedOn(), c.outcome(), c.minutesReference(),
                    null), metaData, clock);
        } else if (command instanceof CompleteReview c) {
            handle(c, metaData, clock);
        } else if (command instanceof SupersedeAgreement c) {
            handle(c, metaData);
        } else if (command instanceof TerminateAgreement c) {
            handle(c, metaData);
        } else {
            throw new IllegalArgumentException("not a step of an agreement's history: " + command);
        }
    }

    private static ImportProblem problem(String list, int index, RuntimeException refused) {
        String rule = refused instanceof BusinessRuleViolation violation ? violation.rule()
                : refused instanceof UnknownPartyException ? "unknown-party" : "invalid-value";
        return new ImportProblem(list, index, rule, refused.getMessage());
    }

    private void draft(DraftAgreement command, PartyDirectory directory, Clock clock) {
        INVALID_DRAFT.require(command.title() != null && !command.title().isBlank(), "it needs a title");
        INVALID_DRAFT.require(command.kind() != null, "it needs a kind");
        INVALID_DRAFT.require(command.councilTerm() != null, "it needs a council term, such as 2025-2029");
        INVALID_DRAFT.require(command.parties() != null && command.parties().stream().noneMatch(Objects::isNull),
                "it needs a list of party ids without empty entries");
        INVALID_DRAFT.require(noBlankTexts(command.principles()), "a principle is blank");
        INVALID_DRAFT.require(noBlankTexts(command.goals()), "a goal is blank");
        INVALID_DRAFT.require(command.forums() == null || command.forums().stream().allMatch(Agreement::isComplete),
                "every forum needs a name and a level");

        Set<PartyId> seen = new HashSet<>();
        for (PartyId party : command.parties()) {
            PARTY_LISTED_TWICE.require(seen.add(party), party);
        }
        AT_LEAST_TWO_PARTIES.require(seen.size() >= 2, "this draft names " + seen.size());
        List<PartyRef> partyRefs = command.parties().stream().map(id -> lookUp(directory, id)).toList();
        LocalDate draftedOn = command.draftedOn() == null ? today(clock) : command.draftedOn();
        requireNotAfterToday("draft date", draftedOn, clock);

        apply(new AgreementDrafted(command.agreementId(), command.title(), command.kind(), command.region(),
                command.councilTerm(), partyRefs,
                Principle.numbered(orEmpty(command.principles())),
                List.copyOf(orEmpty(command.goals())),
                List.copyOf(orEmpty(command.forums())),
                1, draftedOn, command.reviewPolicy()));
    }

    @CommandHandler
    public AgreementCommandResult handle(AddParty command, MetaData metaData, PartyDirectory directory, Clock clock) {
        requireActorIsAParty(metaData);
        requireExpectedSequence(command.expectedSequence());
        requireNotEnded();
        PARTIES_CHANGE_ONLY_IN_DRAFT.require(status == AgreementStatus.DRAFT, describe(status));
        PARTY_REQUIRED.require(command.partyId() != null);
        PartyRef existing = parties.get(command.partyId());
        ALREADY_A_PARTY.require(existing == null, existing == null ? null : existing.name());
        apply(new PartyAdded(agreementId, lookUp(directory, command.partyId()), today(clock)));
        return result();
    }

    @CommandHandler
    public AgreementCommandResult handle(RemoveParty command, MetaData metaData, Clock clock) {
        requireActorIsAParty(metaData);
        requireExpectedSequence(command.expectedSequence());
        requireNotEnded();
        PARTIES_CHANGE_ONLY_IN_DRAFT.require(status == AgreementStatus.DRAFT, describe(status));
        PARTY_REQUIRED.require(command.partyId() != null);
        PartyRef party = requireParty(command.partyId());
        AT_LEAST_TWO_PARTIES.require(parties.size() > 2,
                "removing " + party.name() + " would leave " + (parties.size() - 1));
        apply(new PartyRemoved(agreementId, party, today(clock)));
        // The removed party may have been the only one missing.
        enterIntoForceIfComplete();
        return result();
    }

    @CommandHandler
    public AgreementCommandResult handle(AmendPrinciples command, MetaData metaData, Clock clock) {
        requireActorIsAParty(metaData);
        requireExpectedSequence(command.expectedSequence());
        requireNotEnded();
        PRINCIPLES_REQUIRED.require(command.principles() != null && !command.principles().isEmpty()
                && noBlankTexts(command.principles()));
        List<Principle> amended = Principle.numbered(command.principles());
        LocalDate on = command.proposedOn() == null ? today(clock) : command.proposedOn();
        requireNotAfterToday("proposal date", on, clock);
        DATED_BEFORE_DRAFT.require(!on.isBefore(draftedOn), "proposal date", on, draftedOn);
        if (status == AgreementStatus.DRAFT) {
            apply(new PrinciplesAmended(agreementId, version + 1, principles, amended, command.rationale(), on));
        } else {
            // A newer proposal replaces a pending one; the text in force stays until every party approves.
            int proposed = (pendingAmendment != null ? pendingAmendment.version() : version) + 1;
            apply(new PrinciplesAmendmentProposed(agreementId, proposed, principles, amended, command.rationale(),
                    on));
        }
        return result();
    }

    @CommandHandler
    public AgreementCommandResult handle(RecordApproval command, MetaData metaData, PartyDirectory directory,
                                         Clock clock) {
        requireActorIsAParty(metaData);
        requireExpectedSequence(command.expectedSequence());
        requireNotEnded();
        PARTY_REQUIRED.require(command.partyId() != null);
        PartyRef party = requireParty(command.partyId());
        APPROVAL_DETAILS_REQUIRED.require(!isBlank(command.decisionBody()), "the decision body that approved it");
        APPROVAL_DETAILS_REQUIRED.require(command.meetingDate() != null, "the date of the meeting");
        APPROVAL_DETAILS_REQUIRED.require(!isBlank(command.section()), "the section (§) of the minutes");
        requireNotAfterToday("meeting date", command.meetingDate(), clock);
        int requested = command.version();
        if (openVersion().filter(open -> open == requested).isPresent()) {
            ALREADY_APPROVED.require(!hasApproved(party.id(), requested), party.name(), requested);
        } else if (status == AgreementStatus.IN_FORCE && requested == version) {
            throw ALREADY_APPROVED.violation(party.name(), requested);
        } else {
            throw VERSION_NOT_OPEN.violation(requested, describeOpenVersion());
        }
        LocalDate proposed = proposedOn.get(requested);
        APPROVED_BEFORE_PROPOSED.require(proposed == null || !command.meetingDate().isBefore(proposed),
                command.decisionBody(), command.meetingDate(), requested, proposed);

        apply(new ApprovalRecorded(agreementId, currentRef(directory, party), requested, command.decisionBody(),
                command.meetingDate(), command.section(), command.diaryNumber(), command.decisionText()));
        if (status == AgreementStatus.DRAFT) {
            enterIntoForceIfComplete();
        } else {
            putAmendmentIntoEffectIfApprovedByAll();
        }
        return result();
    }

    @CommandHandler
    public AgreementCommandResult handle(SignAgreement command, MetaData metaData, PartyDirectory directory,
                                         Clock clock) {
        requireActorIsAParty(metaData);
        requireExpectedSequence(command.expectedSequence());
        requireNotEnded();
        PARTY_REQUIRED.require(command.partyId() != null);
        PartyRef party = requireParty(command.partyId());
        SIGNATURE_DETAILS_REQUIRED.require(command.signatory() != null && !isBlank(command.signatory().name()),
                "the name of the signatory");
        SIGNATURE_DETAILS_REQUIRED.require(command.signedOn() != null, "the date of signing");
        requireNotAfterToday("signing date", command.signedOn(), clock);
        int requested = command.version();
        if (openVersion().filter(open -> open == requested).isPresent()) {
            NOT_YET_APPROVED.require(hasApproved(party.id(), requested), party.name(), requested);
            ALREADY_SIGNED.require(!hasSigned(party.id(), requested), party.name(), requested);
            LocalDate approvedOn = approvals.get(requested).get(party.id());
            SIGNED_BEFORE_APPROVED.require(!command.signedOn().isBefore(approvedOn), party.name(), requested,
                    command.signedOn(), approvedOn);
        } else if (status == AgreementStatus.IN_FORCE && requested == version) {
            throw ALREADY_SIGNED.violation(party.name(), requested);
        } else {
            throw VERSION_NOT_OPEN.violation(requested, describeOpenVersion());
        }

        apply(new AgreementSigned(agreementId, currentRef(directory, party), requested, command.signatory(),
                command.signedOn()));
        enterIntoForceIfComplete();
        return result();
    }

    @CommandHandler
    public AgreementCommandResult handle(ScheduleReview command, MetaData metaData, Clock clock) {
        requireActorIsAParty(metaData);
        requireExpectedSequence(command.expectedSequence());
        requireNotEnded();
        REVIEW_DETAILS_REQUIRED.require(command.reviewId() != null, "an id");
        REVIEW_DETAILS_REQUIRED.require(command.dueBy() != null, "a due date");
        REVIEW_DETAILS_REQUIRED.require(!isBlank(command.responsibleBody()), "a responsible body");
        REVIEW_ID_TAKEN.require(!reviews.containsKey(command.reviewId()), command.reviewId());
        String kind = isBlank(command.kind()) ? DEFAULT_REVIEW_KIND : command.kind();
        LocalDate scheduledOn = command.scheduledOn() == null ? today(clock) : command.scheduledOn();
        requireNotAfterToday("scheduling date", scheduledOn, clock);
        DATED_BEFORE_DRAFT.require(!scheduledOn.isBefore(draftedOn), "scheduling date", scheduledOn, draftedOn);
        apply(new ReviewScheduled(agreementId, command.reviewId(), command.dueBy(), kind, command.responsibleBody(),
                command.reason(), scheduledOn));
        return result();
    }

    @CommandHandler
    public AgreementCommandResult handle(CompleteReview command, MetaData metaData, Clock clock) {
        requireActorIsAParty(metaData);
        requireExpectedSequence(command.expectedSequence());
        requireNotEnded();
        REVIEW_COMPLETION_DETAILS_REQUIRED.require(command.reviewId() != null, "the id of the review");
        UNKNOWN_REVIEW.require(reviews.containsKey(command.reviewId()), command.reviewId());
        LocalDate completedBefore = reviews.get(command.reviewId());
        REVIEW_ALREADY_COMPLETED.require(completedBefore == null, command.reviewId(), completedBefore);
        REVIEW_COMPLETION_DETAILS_REQUIRED.require(command.completedOn() != null, "the date of completion");
        REVIEW_COMPLETION_DETAILS_REQUIRED.require(command.outcome() != null,
                "an outcome: NO_CHANGES, AMEND or REPLACE");
        requireNotAfterToday("completion date", command.completedOn(), clock);
        LocalDate scheduledOn = reviewScheduledOn.get(command.reviewId());
        COMPLETED_BEFORE_SCHEDULED.require(scheduledOn == null || !command.completedOn().isBefore(scheduledOn),
                command.reviewId(), command.completedOn(), scheduledOn);
        apply(new ReviewCompleted(agreementId, command.reviewId(), command.completedOn(), command.outcome(),
                command.minutesReference()));
        if (reviewPolicy != null && reviewPolicy.reviewKind().equals(reviewKinds.get(command.reviewId()))) {
            scheduleReviewUnderPolicy(reviewPolicy.nextDue(command.completedOn(), councilTerm), command.completedOn());
        }
        return result();
    }

    @CommandHandler
    public AgreementCommandResult handle(SupersedeAgreement command, MetaData metaData) {
        requireActorIsAParty(metaData);
        requireExpectedSequence(command.expectedSequence());
        requireNotEnded();
        SUPERSESSION_DETAILS_REQUIRED.require(command.successorId() != null, "the id of the agreement that replaces it");
        SUPERSESSION_DETAILS_REQUIRED.require(command.supersededOn() != null, "the date");
        CANNOT_SUPERSEDE_ITSELF.require(!command.successorId().equals(agreementId));
        requireNotBeforeItBegan("supersession date", command.supersededOn());
        apply(new AgreementSuperseded(agreementId, command.successorId(), command.supersededOn()));
        return result();
    }

    @CommandHandler
    public AgreementCommandResult handle(TerminateAgreement command, MetaData metaData) {
        requireActorIsAParty(metaData);
        requireExpectedSequence(command.expectedSequence());
        requireNotEnded();
        TERMINATION_DETAILS_REQUIRED.require(command.terminatedOn() != null, "the date");
        TERMINATION_DETAILS_REQUIRED.require(!isBlank(command.reason()), "a reason");
        requireNotBeforeItBegan("termination date", command.terminatedOn());
        apply(new AgreementTerminated(agreementId, command.terminatedOn(), command.reason()));
        return result();
    }

    // ---- who acts, and on which state ----------------------------------------------------------

    /**
     * A clerk acts only on an agreement their party is in: the aggregate knows its parties, including one added or
     * removed a moment ago. Other actors (the committee, the registry itself, a command sent without a user) are not
     * bound to a party. Checked first in every command on an agreement, so that the refusal depends on nothing else
     * about it.
     */
    private void requireActorIsAParty(MetaData metaData) {
        Actor actor = Actor.fromMetaData(metaData).orElse(null);
        if (actor != null && Actor.CLERK_ROLE.equals(actor.role())) {
            ACTOR_NOT_A_PARTY.require(actor.partyId() != null
                    && parties.keySet().stream().anyMatch(party -> party.value().equals(actor.partyId())),
                    actor.partyId());
        }
    }

    /**
     * The sequence a client expects (its If-Match), when given, must be the agreement's last: a command decided on
     * an older state is refused before any rule, with Axon's own exception. The aggregate checks it instead of
     * Axon's {@code @TargetAggregateVersion}, which would refuse before the actor is checked. Two appends racing
     * from the same state still have one winner: the event store's unique key on (agreement, sequence).
     */
    private void requireExpectedSequence(Long expected) {
        Long current = AggregateLifecycle.getVersion();
        if (expected != null && !expected.equals(current)) {
            throw new ConflictingAggregateVersionException(agreementId.value(), expected, current);
        }
    }

    // ---- decisions that follow from an approval, signature or removal ------------------------

    private void enterIntoForceIfComplete() {
        if (status != AgreementStatus.DRAFT) {
            return;
        }
        Map<PartyId, LocalDate> approved = approvals.getOrDefault(version, Map.of());
        Map<PartyId, LocalDate> signed = signatures.getOrDefault(version, Map.of());
        if (!approved.keySet().containsAll(parties.keySet()) || !signed.keySet().containsAll(parties.keySet())) {
            return;
        }
        LocalDate lastOfAll = null;
        for (PartyId party : parties.keySet()) {
            lastOfAll = latest(latest(lastOfAll, approved.get(party)), signed.get(party));
        }
        apply(new AgreementEnteredIntoForce(agreementId, version, lastOfAll));
        if (reviewPolicy != null) {
            scheduleReviewUnderPolicy(reviewPolicy.firstDue(lastOfAll, councilTerm), lastOfAll);
        }
    }

    /**
     * The registry itself schedules the next review under the policy, so the deadline list is never
     * empty by oversight; the event names the system as its actor. Nothing is scheduled while a review
     * of the policy's kind is still open. The id derives from the due date (never a random id in a handler).
     */
    private void scheduleReviewUnderPolicy(LocalDate dueBy, LocalDate scheduledOn) {
        String kind = reviewPolicy.reviewKind();
        boolean openUnderPolicy = reviewKinds.entrySet().stream()
                .anyMatch(r -> r.getValue().equals(kind) && reviews.get(r.getKey()) == null);
        if (openUnderPolicy) {
            return;
        }
        ReviewId reviewId = ReviewId.of("policy-" + dueBy);
        for (int n = 2; reviews.containsKey(reviewId); n++) {
            reviewId = ReviewId.of("policy-" + dueBy + "-" + n);
        }
        String reason = reviewPolicy.kind() == ReviewPolicy.Kind.EVERY_MONTHS
                ? "Review policy: every " + reviewPolicy.months() + " months"
                : "Review policy: once per council term (611/2021 §14)";
        // Axon merges the command's correlation data under the metadata given here: the given keys win, but a
        // key left out would be filled from the command, so the clerk's party is explicitly blanked.
        Map<String, Object> system = new HashMap<>(Actor.SYSTEM.toMetaData());
        system.putIfAbsent(Actor.PARTY_ID, null);
        apply(new ReviewScheduled(agreementId, reviewId, dueBy, kind, reviewPolicy.responsibleBody(), reason,
                scheduledOn), MetaData.from(system));
    }

    private void putAmendmentIntoEffectIfApprovedByAll() {
        if (pendingAmendment == null) {
            return;
        }
        Map<PartyId, LocalDate> approved = approvals.getOrDefault(pendingAmendment.version(), Map.of());
        if (!approved.keySet().containsAll(parties.keySet())) {
            return;
        }
        LocalDate lastApproval = null;
        for (PartyId party : parties.keySet()) {
            lastApproval = latest(lastApproval, approved.get(party));
        }
        apply(new PrinciplesAmended(agreementId, pendingAmendment.version(), principles,
                pendingAmendment.principles(), pendingAmendment.rationale(), lastApproval));
    }

    // ---- event sourcing ---------------------------------------------------------------------

    /** Runs around every event sourcing handler below, whichever takes the event, and remembers its sequence. */
    @MessageHandlerInterceptor(messageType = DomainEventMessage.class)
    void rememberSequence(DomainEventMessage<?> event, InterceptorChain chain) throws Exception {
        chain.proceed();
        lastSequence = event.getSequenceNumber();
    }

    @EventSourcingHandler
    void on(AgreementDrafted event) {
        agreementId = event.agreementId();
        status = AgreementStatus.DRAFT;
        version = event.version();
        principles = event.principles();
        councilTerm = event.councilTerm();
        reviewPolicy = event.reviewPolicy();
        draftedOn = event.draftedOn();
        proposedOn.put(event.version(), event.draftedOn());
        event.parties().forEach(party -> parties.put(party.id(), party));
    }

    @EventSourcingHandler
    void on(PartyAdded event) {
        parties.put(event.party().id(), event.party());
    }

    @EventSourcingHandler
    void on(PartyRemoved event) {
        PartyId removed = event.party().id();
        parties.remove(removed);
        // A party that is added again must approve and sign anew.
        approvals.values().forEach(byParty -> byParty.remove(removed));
        signatures.values().forEach(byParty -> byParty.remove(removed));
    }

    @EventSourcingHandler
    void on(PrinciplesAmended event) {
        // In a draft the amendment is the proposal; in force it puts an earlier proposal into effect.
        proposedOn.putIfAbsent(event.version(), event.amendedOn());
        version = event.version();
        principles = event.principles();
        pendingAmendment = null;
    }

    @EventSourcingHandler
    void on(PrinciplesAmendmentProposed event) {
        pendingAmendment = new PendingAmendment(event.proposedVersion(), event.proposedPrinciples(), event.rationale());
        proposedOn.put(event.proposedVersion(), event.proposedOn());
    }

    @EventSourcingHandler
    void on(ApprovalRecorded event) {
        approvals.computeIfAbsent(event.version(), v -> new HashMap<>()).put(event.party().id(), event.meetingDate());
    }

    @EventSourcingHandler
    void on(AgreementSigned event) {
        signatures.computeIfAbsent(event.version(), v -> new HashMap<>()).put(event.party().id(), event.signedOn());
    }

    @EventSourcingHandler
    void on(AgreementEnteredIntoForce event) {
        status = AgreementStatus.IN_FORCE;
        enteredIntoForceOn = event.enteredIntoForceOn();
    }

    @EventSourcingHandler
    void on(ReviewScheduled event) {
        reviews.put(event.reviewId(), null);
        reviewKinds.put(event.reviewId(), event.kind());
        reviewScheduledOn.put(event.reviewId(), event.scheduledOn());
    }

    @EventSourcingHandler
    void on(ReviewCompleted event) {
        reviews.put(event.reviewId(), event.completedOn());
    }

    @EventSourcingHandler
    void on(AgreementSuperseded event) {
        status = AgreementStatus.SUPERSEDED;
        endedAs = "superseded by " + event.successorId();
        endedOn = event.supersededOn();
    }

    @EventSourcingHandler
    void on(AgreementTerminated event) {
        status = AgreementStatus.TERMINATED;
        endedAs = "terminated";
        endedOn = event.terminatedOn();
    }

    // ---- helpers ----------------------------------------------------------------------------

    private AgreementCommandResult result() {
        return new AgreementCommandResult(version, AggregateLifecycle.getVersion());
    }

    private void requireNotEnded() {
        AGREEMENT_HAS_ENDED.require(!status.isEnded(), endedAs, endedOn);
    }

    private PartyRef requireParty(PartyId id) {
        PartyRef party = parties.get(id);
        NOT_A_PARTY.require(party != null, id);
        return party;
    }

    /** The version a party may approve now: the draft's text, or the amendment pending while in force. */
    private Optional<Integer> openVersion() {
        if (status == AgreementStatus.DRAFT) {
            return Optional.of(version);
        }
        return Optional.ofNullable(pendingAmendment).map(PendingAmendment::version);
    }

    private String describeOpenVersion() {
        return openVersion().map(String::valueOf)
                .orElse("none (version " + version + " is in force and no amendment is pending)");
    }

    private boolean hasApproved(PartyId party, int version) {
        return approvals.getOrDefault(version, Map.of()).containsKey(party);
    }

    private boolean hasSigned(PartyId party, int version) {
        return signatures.getOrDefault(version, Map.of()).containsKey(party);
    }

    private static PartyRef lookUp(PartyDirectory directory, PartyId id) {
        return directory.find(id).map(Party::ref).orElseThrow(() -> new UnknownPartyException(id));
    }

    /** The party's name today; a party the directory no longer lists (e.g. merged) keeps its recorded name. */
    private static PartyRef currentRef(PartyDirectory directory, PartyRef recorded) {
        return directory.find(recorded.id()).map(Party::ref).orElse(recorded);
    }

    /** An end is dated on or after the draft, and on or after the entry into force where there was one. */
    private void requireNotBeforeItBegan(String what, LocalDate date) {
        DATED_BEFORE_DRAFT.require(!date.isBefore(draftedOn), what, date, draftedOn);
        ENDED_BEFORE_FORCE.require(enteredIntoForceOn == null || !date.isBefore(enteredIntoForceOn), what, date,
                enteredIntoForceOn);
    }

    private static void requireNotAfterToday(String what, LocalDate date, Clock clock) {
        LocalDate today = today(clock);
        DATE_IN_THE_FUTURE.require(!date.isAfter(today), what, date, today);
    }

    private static String describe(AgreementStatus status) {
        return status.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    private static LocalDate today(Clock clock) {
        return LocalDate.now(clock);
    }

    private static LocalDate latest(LocalDate a, LocalDate b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }

    private static boolean noBlankTexts(List<String> texts) {
        return texts == null || texts.stream().noneMatch(Agreement::isBlank);
    }

    private static boolean isComplete(Forum forum) {
        return forum != null && !isBlank(forum.name()) && forum.level() != null;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    // Read-only views, for tests and for a snapshotter that inspects the state.

    public AgreementId agreementId() {
        return agreementId;
    }

    public AgreementStatus status() {
        return status;
    }

    public int version() {
        return version;
    }

    public long lastSequence() {
        return lastSequence;
    }

    public List<PartyRef> parties() {
        return List.copyOf(parties.values());
    }

    public List<Principle> principles() {
        return List.copyOf(principles);
    }
}
