package fi.agreementregistry.core.party;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import fi.agreementregistry.core.Identifiers;

import java.util.regex.Pattern;

/** A party's id: its kind and official code, e.g. municipality:109, welfare-area:07, regional-council:05. */
public record PartyId(@JsonValue String value) {

    private static final Pattern FORMAT = Pattern.compile("(municipality|welfare-area|regional-council):\\d{2,3}");

    public PartyId {
        Identifiers.requireFormat(value, FORMAT, "a party id is a kind and an official code, such as municipality:109, "
                + "welfare-area:07 or regional-council:05; got: ");
    }

    @JsonCreator
    public static PartyId of(String value) {
        return new PartyId(value);
    }

    public static PartyId of(PartyKind kind, String code) {
        return new PartyId(kind.idPrefix() + ":" + code);
    }

    public PartyKind kind() {
        return PartyKind.fromIdPrefix(value.substring(0, value.indexOf(':')));
    }

    @Override
    public String toString() {
        return value;
    }
}
