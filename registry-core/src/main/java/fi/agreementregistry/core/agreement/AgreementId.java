package fi.agreementregistry.core.agreement;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import fi.agreementregistry.core.Identifiers;

/** Identifies one agreement; also its aggregate identifier in the event store. */
public record AgreementId(@JsonValue String value) {

    public AgreementId {
        Identifiers.requireFormat(value, Identifiers.SLUG,
                "an agreement id is 1-100 letters, digits, '.', '_' or '-', got: ");
    }

    @JsonCreator
    public static AgreementId of(String value) {
        return new AgreementId(value);
    }

    public static AgreementId random() {
        return new AgreementId(Identifiers.randomSlug());
    }

    /** Axon uses toString() as the aggregate identifier. */
    @Override
    public String toString() {
        return value;
    }
}
