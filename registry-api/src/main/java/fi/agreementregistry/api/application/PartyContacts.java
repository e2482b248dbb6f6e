package fi.agreementregistry.api.application;

import fi.agreementregistry.api.application.requests.PartyContactsRequest;
import fi.agreementregistry.api.reminders.Contact;
import fi.agreementregistry.api.reminders.PartyContactStore;
import fi.agreementregistry.api.security.CurrentUser;
import fi.agreementregistry.api.security.RegistryUser;
import fi.agreementregistry.core.InvalidValueException;
import fi.agreementregistry.core.party.Party;
import fi.agreementregistry.core.party.PartyDirectory;
import fi.agreementregistry.core.party.PartyId;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The addresses of a party that get the reminders of its agreements' reviews (administrators only: personal data).
 * A party the directory does not know is a 404; an address that is not one mailbox, or the same address twice, a 400
 * naming the field.
 */
@Service
public class PartyContacts {

    /**
     * A party's contacts as the API shows them.
     *
     * @param version changes with every replacement (0: never set); the API's ETag, for If-Match
     */
    public record View(String partyId, String partyName, List<Contact> contacts, long version) {
    }

    private final PartyDirectory directory;
    private final PartyContactStore store;
    private final Clock clock;

    public PartyContacts(PartyDirectory directory, PartyContactStore store, Clock clock) {
        this.directory = directory;
        this.store = store;
        this.clock = clock;
    }

    public View contacts(String partyId) {
        return view(knownParty(partyId));
    }

    private View view(Party party) {
        PartyContactStore.Stored stored = store.of(party.id().value());
        return new View(party.id().value(), party.name(), stored.contacts(), stored.version());
    }

    /**
     * Replaces the party's contacts.
     *
     * @param expectedVersion the version the caller read (If-Match); null: replace whatever is there
     */
    public View replace(String partyId, Long expectedVersion, PartyContactsRequest request) {
        Party party = knownParty(partyId);
        List<Contact> contacts = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < request.contacts().size(); i++) {
            PartyContactsRequest.ContactRequest c = request.contacts().get(i);
            String field = "contacts[" + i + "].email";
            String email = mailbox(field, c.email());
            if (!seen.add(email.toLowerCase(Locale.ROOT))) {
                throw new InvalidFieldException(field, email + " is listed twice");
            }
            String name = c.name() == null || c.name().isBlank() ? null : c.name().strip();
            contacts.add(new Contact(email, c.language(), name));
        }
        if (store.replace(party.id().value(), contacts, CurrentUser.get().map(RegistryUser::userId).orElse("system"),
                clock.instant(), expectedVersion).isEmpty()) {
            throw new PreconditionFailedException("The contacts of " + party.id().value() + " were changed after "
                    + "version " + expectedVersion + "; GET them again and send the ETag it returns as If-Match.");
        }
        return view(party);
    }

    /** One plain address (no name part, no list), as an SMTP server takes it. */
    private static String mailbox(String field, String email) {
        String address = email.strip();
        try {
            InternetAddress parsed = new InternetAddress(address, true);
            if (!address.equals(parsed.getAddress()) || !address.contains("@")) {
                throw new AddressException("not a single plain address");
            }
        } catch (AddressException e) {
            throw new InvalidFieldException(field, "not an e-mail address: " + address);
        }
        return address;
    }

    private Party knownParty(String partyId) {
        try {
            return directory.find(PartyId.of(partyId))
                    .orElseThrow(() -> new NotFoundException("There is no party " + partyId + " in the directory."));
        } catch (InvalidValueException e) {
            throw new NotFoundException("There is no party " + partyId + ": " + e.getMessage());
        }
    }
}
