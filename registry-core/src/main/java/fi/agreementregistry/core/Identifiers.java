package fi.agreementregistry.core;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What the registry's identifiers ({@code AgreementId}, {@code ReviewId}, {@code PartyId}) check and generate alike;
 * each id keeps its own format and its own message.
 */
public final class Identifiers {

    /** 1-100 letters, digits, '.', '_' or '-', the first a letter or digit: the format of agreement and review ids. */
    public static final Pattern SLUG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private Identifiers() {
    }

    /**
     * Refuses a value that is missing or does not match the format, with an {@link InvalidValueException} whose message
     * is {@code problem} followed by the value.
     */
    public static void requireFormat(String value, Pattern format, String problem) {
        if (value == null || !format.matcher(value).matches()) {
            throw new InvalidValueException(problem + value);
        }
    }

    /** A new random value in the {@link #SLUG} format (a UUID). */
    public static String randomSlug() {
        return UUID.randomUUID().toString();
    }
}
