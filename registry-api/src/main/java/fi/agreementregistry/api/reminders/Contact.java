package fi.agreementregistry.api.reminders;

import java.util.List;

/**
 * An address reminders go to, with the language they are written in and the name they greet.
 *
 * @param language fi, sv or en
 * @param name     may be null
 */
public record Contact(String email, String language, String name) {

    public static final List<String> LANGUAGES = List.of("fi", "sv", "en");
}
