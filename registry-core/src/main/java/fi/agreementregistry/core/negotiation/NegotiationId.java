package fi.agreementregistry.core.negotiation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import fi.agreementregistry.core.Identifiers;

/** Identifies one statutory negotiation; also its aggregate identifier in the event store. */
public record NegotiationId(@JsonValue String value) {

    public NegotiationId {
        Identifiers.requireFormat(value, Identifiers.SLUG,
                "a negotiation id is 1-100 letters, digits, '.', '_' or '-', got: ");
    }

    @JsonCreator
    public static NegotiationId of(String value) {
        return new NegotiationId(value);
    }

    public static NegotiationId random() {
        return new NegotiationId(Identifiers.randomSlug());
    }

    /** Axon uses toString() as the aggregate identifier. */
    @Override
    public String toString() {
        return value;
    }
}
