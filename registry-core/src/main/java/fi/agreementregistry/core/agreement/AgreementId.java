package fi.agreementregistry.core.agreement;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import fi.agreementregistry.core.InvalidValueException;

import java.util.UUID;
import java.util.regex.Pattern;

/** Identifies one agreement; also its aggregate identifier in the event store. */
public record AgreementId(String value) {

    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    public AgreementId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new InvalidValueException("an agreement id is 1-100 letters, digits, '.', '_' or '-', got: " + value);
        }
    }

    @JsonCreator
    public static AgreementId of(String value) {
        return new AgreementId(value);
    }

    public static AgreementId random() {
        return new AgreementId(UUID.randomUUID().toString());
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    /** Axon uses toString() as the aggregate identifier. */
    @Override
    public String toString() {
        return value;
    }
}
