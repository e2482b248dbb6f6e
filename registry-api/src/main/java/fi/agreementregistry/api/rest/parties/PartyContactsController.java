package fi.agreementregistry.api.rest.parties;

import fi.agreementregistry.api.application.PartyContacts;
import fi.agreementregistry.api.application.requests.PartyContactsRequest;
import fi.agreementregistry.api.rest.agreements.IfMatch;
import jakarta.validation.Valid;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** A party's reminder addresses (ADMIN only: personal data; {@code SecurityConfiguration}). */
@ConditionalOnWebApplication
@RestController
public class PartyContactsController {

    private final PartyContacts contacts;

    public PartyContactsController(PartyContacts contacts) {
        this.contacts = contacts;
    }

    /** The contacts, with their version as ETag. */
    @GetMapping("/api/parties/{partyId}/contacts")
    public ResponseEntity<PartyContacts.View> get(@PathVariable String partyId) {
        PartyContacts.View view = contacts.contacts(partyId);
        return ResponseEntity.ok().eTag(IfMatch.etagOf(view.version())).body(view);
    }

    /**
     * Replaces the party's contacts: {@code {"contacts": [{"email", "language": "fi|sv|en", "name"}]}}. With
     * {@code If-Match} (the ETag of a GET) only if nobody changed them since: otherwise 412.
     */
    @PutMapping("/api/parties/{partyId}/contacts")
    public ResponseEntity<PartyContacts.View> put(@PathVariable String partyId,
                                                  @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                  @Valid @RequestBody PartyContactsRequest body) {
        PartyContacts.View view = contacts.replace(partyId, IfMatch.expectedSequence(ifMatch), body);
        return ResponseEntity.ok().eTag(IfMatch.etagOf(view.version())).body(view);
    }
}
