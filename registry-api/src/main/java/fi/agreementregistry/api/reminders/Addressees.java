package fi.agreementregistry.api.reminders;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The addresses one reminder goes to, each once however often it is listed (compared in lower case): the first
 * listing wins, with its language, name and source ({@code body:<name>}, {@code county:<id>}, {@code party:<id>}).
 */
final class Addressees {

    /** An address with where it came from. */
    record Addressee(Contact contact, String source) {
    }

    private final Map<String, Addressee> byEmail = new LinkedHashMap<>();

    void add(Contact contact, String source) {
        byEmail.putIfAbsent(contact.email().strip().toLowerCase(Locale.ROOT), new Addressee(contact, source));
    }

    /** A configured recipient ({@code registry.reminders.recipients}). */
    void add(ReminderProperties.Recipient recipient, String source) {
        add(new Contact(recipient.email().strip(), recipient.language(), recipient.name()), source);
    }

    /** The contacts an administrator set for the party. */
    void addContactsOf(String partyId, PartyContactStore contacts) {
        for (Contact contact : contacts.of(partyId).contacts()) {
            add(contact, "party:" + partyId);
        }
    }

    Collection<Addressee> all() {
        return byEmail.values();
    }
}
