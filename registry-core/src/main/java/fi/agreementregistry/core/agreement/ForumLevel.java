package fi.agreementregistry.core.agreement;

/** The level at which a cooperation forum works. */
public enum ForumLevel {
    STRATEGIC,
    CHAIRS,
    TACTICAL,
    OPERATIONAL
}
