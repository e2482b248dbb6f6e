package fi.agreementregistry.core.review;

public enum ReviewOutcome {
    /** The agreement continues as it is. */
    NO_CHANGES,
    /** The principles are to be amended. */
    AMEND,
    /** A new agreement is to replace this one. */
    REPLACE
}
