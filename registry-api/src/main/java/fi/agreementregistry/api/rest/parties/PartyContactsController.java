package fi.agreementregistry.api.rest.parties;

import fi.agreementregistry.api.application.PartyContacts;
import fi.agreementregistry.api.application.requests.PartyContactsRequest;
import jakarta.validation.Valid;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A party's reminder addresses (ADMIN only: personal data; {@code SecurityConfiguration}). */
@ConditionalOnWebApplication
@RestController
public class PartyContactsController {

    private final PartyContacts contacts;

    public PartyContactsController(PartyContacts contacts) {
        this.contacts = contacts;
    }

    @GetMapping("/api/parties/{partyId}/contacts")
    public PartyContacts.View get(@PathVariable String partyId) {
        return contacts.contacts(partyId);
    }

    /** Replaces the party's contacts: {@code {"contacts": [{"email", "language": "fi|sv|en", "name"}]}}. */
    @PutMapping("/api/parties/{partyId}/contacts")
    public PartyContacts.View put(@PathVariable String partyId, @Valid @RequestBody PartyContactsRequest body) {
        return contacts.replace(partyId, body);
    }
}
