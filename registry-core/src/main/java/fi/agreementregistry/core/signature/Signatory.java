package fi.agreementregistry.core.signature;

/** The person who signs for a party, with their title (e.g. kunnanjohtaja). */
public record Signatory(String name, String title) {
}
