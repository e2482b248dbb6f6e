package fi.agreementregistry.projections.negotiation;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import fi.agreementregistry.core.negotiation.MeasureStatus;
import fi.agreementregistry.projections.support.CollectionNames;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reads the negotiations read model: one negotiation, negotiations by county, party and dates, and the measures by
 * responsible party, status and due date as of a day. A county holds a handful of negotiations a year, so the lists
 * filter the county's documents in memory.
 */
public class NegotiationQueries {

    /** A measure with the negotiation that agreed it, and its status and overdue state as of the query's day. */
    public record MeasureEntry(String negotiationId, String welfareAreaId, String welfareAreaName, LocalDate heldOn,
                               MeasureView measure, MeasureStatus statusAsOf, boolean overdue) {
    }

    private final MongoDatabase database;
    private final CollectionNames names;

    public NegotiationQueries(MongoDatabase database, CollectionNames names) {
        this.database = database;
        this.names = names;
    }

    public Optional<NegotiationView> find(String id) {
        Document document = collection().find(Filters.eq("_id", id)).first();
        return Optional.ofNullable(document).map(NegotiationProjection::decode);
    }

    /**
     * Negotiations held from {@code from} to {@code to} (both optional, both included) by {@code welfareAreaId} (or
     * any county) with {@code partyId} among the county and its parties (or anyone), oldest first.
     */
    public List<NegotiationView> list(String welfareAreaId, String partyId, LocalDate from, LocalDate to) {
        Bson filter = welfareAreaId == null ? new Document() : Filters.eq("welfareArea.id", welfareAreaId);
        List<NegotiationView> found = new ArrayList<>();
        for (Document document : collection().find(filter)) {
            NegotiationView view = NegotiationProjection.decode(document);
            if ((partyId == null || view.involves(partyId))
                    && (from == null || !view.heldOn().isBefore(from))
                    && (to == null || !view.heldOn().isAfter(to))) {
                found.add(view);
            }
        }
        found.sort(Comparator.comparing(NegotiationView::heldOn).thenComparing(NegotiationView::id));
        return found;
    }

    /**
     * The measures agreed by {@code asOf} in the negotiations {@code visible} to the caller, with their status then:
     * those {@code responsiblePartyId} is responsible for (or all), in {@code status} as of the day (or any), due
     * before {@code dueBefore} (or whenever); by due date.
     */
    public List<MeasureEntry> measures(String responsiblePartyId, MeasureStatus status, LocalDate dueBefore,
                                       LocalDate asOf, java.util.function.Predicate<NegotiationView> visible) {
        List<MeasureEntry> entries = new ArrayList<>();
        for (NegotiationView negotiation : list(null, null, null, asOf)) {
            if (!visible.test(negotiation)) {
                continue;
            }
            for (MeasureView measure : negotiation.measures()) {
                MeasureStatus then = measure.statusAsOf(asOf);
                if (then == null
                        || (responsiblePartyId != null && measure.responsible().stream()
                        .noneMatch(p -> p.id().value().equals(responsiblePartyId)))
                        || (status != null && status != then)
                        || (dueBefore != null && !measure.dueBy().isBefore(dueBefore))) {
                    continue;
                }
                entries.add(new MeasureEntry(negotiation.id(), negotiation.welfareArea().id().value(),
                        negotiation.welfareArea().name(), negotiation.heldOn(), measure, then,
                        measure.isOverdueOn(asOf)));
            }
        }
        entries.sort(Comparator.comparing((MeasureEntry e) -> e.measure().dueBy())
                .thenComparing(MeasureEntry::negotiationId).thenComparing(e -> e.measure().id()));
        return entries;
    }

    private MongoCollection<Document> collection() {
        return database.getCollection(names.of(NegotiationProjection.COLLECTION));
    }
}
