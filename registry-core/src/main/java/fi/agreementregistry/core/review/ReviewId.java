package fi.agreementregistry.core.review;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import fi.agreementregistry.core.Identifiers;

public record ReviewId(@JsonValue String value) {

    public ReviewId {
        Identifiers.requireFormat(value, Identifiers.SLUG,
                "a review id is 1-100 letters, digits, '.', '_' or '-', got: ");
    }

    @JsonCreator
    public static ReviewId of(String value) {
        return new ReviewId(value);
    }

    public static ReviewId random() {
        return new ReviewId(Identifiers.randomSlug());
    }

    @Override
    public String toString() {
        return value;
    }
}
