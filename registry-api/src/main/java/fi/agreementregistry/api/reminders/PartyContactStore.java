package fi.agreementregistry.api.reminders;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * The collection {@value #COLLECTION}: the addresses of a party that get the reminders of its agreements' reviews,
 * {@code {_id: partyId, contacts: [{email, language, name}], updatedAt, updatedBy}}. Personal data: kept apart from
 * the events (which never hold it, so it can be changed and erased) and read only by administrators and the mailer.
 */
@Component
public class PartyContactStore {

    public static final String COLLECTION = "party_contacts";

    private final MongoDatabase database;

    public PartyContactStore(MongoDatabase database) {
        this.database = database;
    }

    private MongoCollection<Document> collection() {
        return database.getCollection(COLLECTION);
    }

    /** The party's contacts; none when nobody has set them. */
    public List<Contact> of(String partyId) {
        Document d = collection().find(Filters.eq("_id", partyId)).first();
        List<Contact> contacts = new ArrayList<>();
        if (d != null) {
            for (Document c : d.getList("contacts", Document.class, List.of())) {
                contacts.add(new Contact(c.getString("email"), c.getString("language"), c.getString("name")));
            }
        }
        return contacts;
    }

    /** Replaces the party's contacts (an empty list removes them). */
    public void replace(String partyId, List<Contact> contacts, String updatedBy, Instant at) {
        List<Document> documents = contacts.stream().map(c -> new Document("email", c.email())
                .append("language", c.language()).append("name", c.name())).toList();
        collection().replaceOne(Filters.eq("_id", partyId), new Document("_id", partyId).append("contacts", documents)
                .append("updatedAt", Date.from(at)).append("updatedBy", updatedBy), new ReplaceOptions().upsert(true));
    }
}
