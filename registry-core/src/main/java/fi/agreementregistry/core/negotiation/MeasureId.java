package fi.agreementregistry.core.negotiation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import fi.agreementregistry.core.Identifiers;

/** Identifies one measure within its negotiation. */
public record MeasureId(@JsonValue String value) {

    public MeasureId {
        Identifiers.requireFormat(value, Identifiers.SLUG,
                "a measure id is 1-100 letters, digits, '.', '_' or '-', got: ");
    }

    @JsonCreator
    public static MeasureId of(String value) {
        return new MeasureId(value);
    }

    public static MeasureId random() {
        return new MeasureId(Identifiers.randomSlug());
    }

    @Override
    public String toString() {
        return value;
    }
}
