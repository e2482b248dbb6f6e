package fi.agreementregistry.api.reminders;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
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

    /** A party's contacts and their version (0: never set), which a change names to be sure it replaces them. */
    public record Stored(List<Contact> contacts, long version) {
    }

    /** The party's contacts; none (version 0) when nobody has set them. */
    public Stored of(String partyId) {
        Document d = collection().find(Filters.eq("_id", partyId)).first();
        List<Contact> contacts = new ArrayList<>();
        if (d == null) {
            return new Stored(contacts, 0);
        }
        for (Document c : d.getList("contacts", Document.class, List.of())) {
            contacts.add(new Contact(c.getString("email"), c.getString("language"), c.getString("name")));
        }
        Number version = d.get("version", Number.class);
        return new Stored(contacts, version == null ? 1 : version.longValue());
    }

    /**
     * Replaces the party's contacts (an empty list removes them), when {@code expectedVersion} is null or still
     * the stored version (one atomic update on {@code _id} and version).
     *
     * @return the new version; empty when another change came first
     */
    public java.util.OptionalLong replace(String partyId, List<Contact> contacts, String updatedBy, Instant at,
                                          Long expectedVersion) {
        List<Document> documents = contacts.stream().map(c -> new Document("email", c.email())
                .append("language", c.language()).append("name", c.name())).toList();
        if (expectedVersion != null && expectedVersion == 0) {
            try {
                collection().insertOne(new Document("_id", partyId).append("contacts", documents)
                        .append("updatedAt", Date.from(at)).append("updatedBy", updatedBy).append("version", 1L));
                return java.util.OptionalLong.of(1);
            } catch (com.mongodb.MongoWriteException e) {
                if (e.getError().getCategory() != com.mongodb.ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                return java.util.OptionalLong.empty();
            }
        }
        org.bson.conversions.Bson filter = expectedVersion == null ? Filters.eq("_id", partyId)
                : Filters.and(Filters.eq("_id", partyId), Filters.eq("version", expectedVersion));
        Document updated = collection().findOneAndUpdate(filter, com.mongodb.client.model.Updates.combine(
                        com.mongodb.client.model.Updates.set("contacts", documents),
                        com.mongodb.client.model.Updates.set("updatedAt", Date.from(at)),
                        com.mongodb.client.model.Updates.set("updatedBy", updatedBy),
                        com.mongodb.client.model.Updates.inc("version", 1L)),
                new com.mongodb.client.model.FindOneAndUpdateOptions().upsert(expectedVersion == null)
                        .returnDocument(com.mongodb.client.model.ReturnDocument.AFTER));
        return updated == null ? java.util.OptionalLong.empty()
                : java.util.OptionalLong.of(updated.get("version", Number.class).longValue());
    }
}
