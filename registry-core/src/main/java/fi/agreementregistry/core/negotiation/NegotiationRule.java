package fi.agreementregistry.core.negotiation;

import fi.agreementregistry.core.BusinessRuleViolation;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every rule the {@link Negotiation} enforces, by a stable kebab-case name (the problem {@code type} the API answers
 * with) and a message in a clerk's words. NegotiationTest has one test per rule, named after it.
 */
public enum NegotiationRule {

    INVALID_NEGOTIATION("invalid-negotiation",
            "The negotiation is incomplete: %s."),
    NOT_A_WELFARE_AREA("not-a-welfare-area",
            "%s is not a wellbeing services county; a statutory negotiation is held by one, such as welfare-area:09."),
    PARTIES_REQUIRED("parties-required",
            "Name the municipalities that took part (one, or all of the county's), and the regional council if it did."),
    PARTY_LISTED_TWICE("negotiation-party-listed-twice",
            "%s is listed more than once; name each party once (the county takes part anyway and need not be listed)."),
    PARTY_OUTSIDE_WELFARE_AREA("party-outside-welfare-area",
            "%s is not in the area of %s; a county negotiates with its own municipalities and regional council."),
    // Checked first on every command; the API answers it as an unknown negotiation (or, when recording, 403).
    ACTOR_NOT_A_PARTICIPANT("actor-not-a-participant",
            "You act for %s, which did not take part in this negotiation; only its parties' clerks may record it."),
    DATE_IN_THE_FUTURE("negotiation-date-in-the-future",
            "The %s %s is after today (%s); record it on or after the day it happens."),
    NEGOTIATION_BEFORE_LEGAL_BASIS("negotiation-before-legal-basis",
            "The negotiation is dated %s, before %s: no statutory negotiation under 611/2021 §14 or 612/2021 §7 was due "
                    + "before the first county councils began their term."),
    MINUTES_DATE_IN_THE_FUTURE("minutes-date-in-the-future",
            "The minutes' meeting date %s is after today (%s); record the minutes on or after the meeting."),
    MINUTES_BEFORE_NEGOTIATION("minutes-before-negotiation",
            "The minutes' meeting date %s is before the negotiation was held (%s); minutes record a negotiation "
                    + "on or after its day."),
    MEASURE_DETAILS_REQUIRED("measure-details-required",
            "A measure needs %s."),
    RESPONSIBLE_NOT_A_PARTICIPANT("responsible-not-a-participant",
            "%s did not take part in the negotiation; a measure is the responsibility of the county or a party that did."),
    DUE_BEFORE_AGREED("due-before-agreed",
            "The measure is due by %s, before it was agreed (%s)."),
    AGREED_BEFORE_NEGOTIATION("agreed-before-negotiation",
            "The measure is dated %s, before the negotiation was held (%s)."),
    UNKNOWN_MEASURE("unknown-measure",
            "This negotiation has no measure %s."),
    MEASURE_ID_TAKEN("measure-id-taken",
            "This negotiation already has a measure %s."),
    STATUS_DETAILS_REQUIRED("status-details-required",
            "A status change needs %s."),
    STATUS_UNCHANGED("status-unchanged",
            "The measure is already %s."),
    MEASURE_CLOSED("measure-closed",
            "The measure was closed as %s on %s; it can no longer change."),
    STATUS_BEFORE_AGREED("status-before-agreed",
            "The status change of %s is before the measure was agreed (%s)."),
    STATUS_BEFORE_PREVIOUS("status-before-previous",
            "The status change of %s is before the measure's previous change (%s).");

    private final String ruleName;
    private final String messageTemplate;

    NegotiationRule(String ruleName, String messageTemplate) {
        this.ruleName = ruleName;
        this.messageTemplate = messageTemplate;
    }

    public String ruleName() {
        return ruleName;
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

    public static Optional<NegotiationRule> find(String ruleName) {
        return Arrays.stream(values()).filter(rule -> rule.ruleName.equals(ruleName)).findFirst();
    }
}
