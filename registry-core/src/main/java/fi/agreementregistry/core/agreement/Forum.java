package fi.agreementregistry.core.agreement;

/** A cooperation forum named in the agreement (e.g. the strategic forum of county and municipal leaders). */
public record Forum(String name, ForumLevel level) {
}
