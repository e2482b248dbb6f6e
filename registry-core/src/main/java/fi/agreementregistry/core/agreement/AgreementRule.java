package fi.agreementregistry.core.agreement;

import fi.agreementregistry.core.BusinessRuleViolation;

/**
 * Every rule the {@link Agreement} enforces, by a stable kebab-case name (the problem {@code type} the API
 * answers with) and a message template in a clerk's words. The aggregate is where each is checked;
 * AgreementTest has one test per rule.
 */
public enum AgreementRule {

    INVALID_DRAFT("invalid-draft",
            "The draft is incomplete: %s."),
    AT_LEAST_TWO_PARTIES("at-least-two-parties",
            "An agreement needs at least two different parties; %s."),
    PARTY_LISTED_TWICE("party-listed-twice",
            "%s is listed more than once; name each party once."),
    PARTIES_CHANGE_ONLY_IN_DRAFT("parties-change-only-in-draft",
            "Parties can be added or removed only while the agreement is a draft; it is %s."),
    PARTY_REQUIRED("party-required",
            "Name the party, by its id such as municipality:109."),
    ALREADY_A_PARTY("already-a-party",
            "%s is already a party to this agreement."),
    NOT_A_PARTY("not-a-party",
            "%s is not a party to this agreement."),
    // Checked before every other rule of a command on an agreement; the API answers it as an unknown agreement.
    ACTOR_NOT_A_PARTY("actor-not-a-party",
            "You act for %s, which is not a party to this agreement; only its parties' clerks may change it."),
    PRINCIPLES_REQUIRED("principles-required",
            "An amendment needs at least one principle, and no principle may be blank."),
    VERSION_NOT_OPEN("version-not-open",
            "Version %d cannot be approved or signed now; the version open for approval is %s."),
    ALREADY_APPROVED("already-approved",
            "%s has already approved version %d."),
    APPROVAL_DETAILS_REQUIRED("approval-details-required",
            "An approval needs %s."),
    DATE_IN_THE_FUTURE("date-in-the-future",
            "The %s %s is after today (%s); record it on or after the day it happens."),
    NOT_YET_APPROVED("not-yet-approved",
            "%s cannot sign version %d before its decision body has approved that version."),
    ALREADY_SIGNED("already-signed",
            "%s has already signed version %d."),
    SIGNATURE_DETAILS_REQUIRED("signature-details-required",
            "A signature needs %s."),
    REVIEW_DETAILS_REQUIRED("review-details-required",
            "A review needs %s."),
    REVIEW_ID_TAKEN("review-id-taken",
            "This agreement already has a review %s."),
    UNKNOWN_REVIEW("unknown-review",
            "This agreement has no review %s."),
    REVIEW_ALREADY_COMPLETED("review-already-completed",
            "Review %s was already completed on %s."),
    REVIEW_COMPLETION_DETAILS_REQUIRED("review-completion-details-required",
            "Completing a review needs %s."),
    SUPERSESSION_DETAILS_REQUIRED("supersession-details-required",
            "Superseding an agreement needs %s."),
    CANNOT_SUPERSEDE_ITSELF("cannot-supersede-itself",
            "An agreement cannot be superseded by itself; name the agreement that replaces it."),
    TERMINATION_DETAILS_REQUIRED("termination-details-required",
            "Terminating an agreement needs %s."),
    AGREEMENT_HAS_ENDED("agreement-has-ended",
            "The agreement was %s on %s; it can no longer be changed."),
    // Business dates that contradict each other (issue 14): what happened later cannot be dated earlier.
    APPROVED_BEFORE_PROPOSED("approved-before-proposed",
            "The meeting of %s (%s) is before version %d was proposed (%s); a body approves a text that exists."),
    SIGNED_BEFORE_APPROVED("signed-before-approved",
            "%s signed version %d on %s, before its own decision body approved it on %s."),
    COMPLETED_BEFORE_SCHEDULED("completed-before-scheduled",
            "Review %s is completed on %s, before it was scheduled (%s)."),
    DATED_BEFORE_DRAFT("dated-before-draft",
            "The %s %s is before the agreement was drafted (%s)."),
    ENDED_BEFORE_FORCE("ended-before-force",
            "The %s %s is before the agreement entered into force (%s)."),
    // Importing an agreement's past (issue 17): the registry schedules the reviews of its review policy itself.
    REVIEW_UNDER_POLICY("review-under-policy",
            "Reviews of kind %s are scheduled by the registry itself under the agreement's review policy; leave "
                    + "them out of the import (or give the review another kind).");

    private final String ruleName;
    private final String messageTemplate;

    AgreementRule(String ruleName, String messageTemplate) {
        this.ruleName = ruleName;
        this.messageTemplate = messageTemplate;
    }

    /** The stable kebab-case name, e.g. {@code not-yet-approved}. */
    public String ruleName() {
        return ruleName;
    }

    public String messageTemplate() {
        return messageTemplate;
    }

    public BusinessRuleViolation violation(Object... details) {
        return new BusinessRuleViolation(ruleName, String.format(messageTemplate, details));
    }

    /** Throws this rule's violation unless {@code holds}. */
    public void require(boolean holds, Object... details) {
        if (!holds) {
            throw violation(details);
        }
    }

    public static AgreementRule byName(String ruleName) {
        for (AgreementRule rule : values()) {
            if (rule.ruleName.equals(ruleName)) {
                return rule;
            }
        }
        throw new IllegalArgumentException("no agreement rule named " + ruleName);
    }
}
