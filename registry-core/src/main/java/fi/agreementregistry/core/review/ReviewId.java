package fi.agreementregistry.core.review;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import fi.agreementregistry.core.InvalidValueException;

import java.util.UUID;
import java.util.regex.Pattern;

public record ReviewId(String value) {

    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    public ReviewId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new InvalidValueException("a review id is 1-100 letters, digits, '.', '_' or '-', got: " + value);
        }
    }

    @JsonCreator
    public static ReviewId of(String value) {
        return new ReviewId(value);
    }

    public static ReviewId random() {
        return new ReviewId(UUID.randomUUID().toString());
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
