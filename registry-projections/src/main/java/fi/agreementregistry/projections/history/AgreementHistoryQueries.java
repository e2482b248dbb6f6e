package fi.agreementregistry.projections.history;

import fi.agreementregistry.projections.support.CollectionNames;
import fi.agreementregistry.projections.support.ListIndexes;
import fi.agreementregistry.projections.support.DayIndex;
import fi.agreementregistry.projections.support.LongStreamCache;
import fi.agreementregistry.projections.support.PageCursor;
import fi.agreementregistry.projections.support.IsoDateFilters;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import fi.agreementregistry.core.agreement.Principle;
import fi.agreementregistry.core.party.PartyId;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static fi.agreementregistry.projections.history.AgreementHistoryProjection.*;

/** Answers the history queries from {@code agreement_history}. */
public class AgreementHistoryQueries {

    private static final List<String> PRINCIPLE_EVENTS =
            List.of("AgreementDrafted", "PrinciplesAmendmentProposed", "PrinciplesAmended");

    /** Entries looked up per round trip when reading one agreement's history. */
    private static final int HISTORY_BATCH = 256;

    private final MongoDatabase database;
    private final CollectionNames names;
    /** The entries of the long histories read lately, by collection and agreement. */
    private final LongStreamCache<HistoryEntry> kept = new LongStreamCache<>(128, 64);

    /**
     * @param names the collections read: the live generation (built so in {@code ReadModelConfiguration}), or the
     *              plain names in tests
     */
    public AgreementHistoryQueries(MongoDatabase database, CollectionNames names) {
        this.names = names;
        this.database = database;
    }

    /** Null when the agreement has no recorded events (the API answers 404). */
    @QueryHandler
    public AgreementHistory handle(FindAgreementHistory query) {
        String agreementId = query.agreementId().value();
        List<HistoryEntry> all = entriesOf(agreementId);
        if (all.isEmpty()) {
            return null;
        }
        return new AgreementHistory(agreementId, all.stream()
                .filter(e -> matches(e, query.from(), query.to(), query.party(), query.eventType()))
                .toList());
    }

    /** Null when the negotiation has no recorded events (the API answers 404). */
    @QueryHandler
    public NegotiationHistory handle(FindNegotiationHistory query) {
        List<HistoryEntry> all = entriesOf(AgreementHistoryProjection.negotiationKey(query.negotiationId()));
        return all.isEmpty() ? null : new NegotiationHistory(query.negotiationId(), all);
    }

    /**
     * Every entry of one agreement in sequence order, looked up by {@code _id} ({@code agreementId#sequence}) in
     * batches, so the cost follows the agreement's own events and not the size of the collection: the embedded
     * server scans the whole collection for any filter other than {@code _id} or a unique index. The entries of long
     * histories are kept between queries ({@link LongStreamCache}): entries never change, so a query reads those
     * after the last one kept, and the last one kept again, to see that the generation still holds it (a reset
     * drops it).
     */
    private List<HistoryEntry> entriesOf(String agreementId) { // or a negotiation's key
        String collection = names.of(COLLECTION);
        String key = collection + "/" + agreementId;
        List<HistoryEntry> entries = kept.read(key, first -> {
            List<HistoryEntry> read = new ArrayList<>();
            boolean checkKept = first > 0;
            for (long from = checkKept ? first - 1 : 0; ; from += HISTORY_BATCH) {
                List<String> ids = new ArrayList<>(HISTORY_BATCH);
                for (long seq = from; seq < from + HISTORY_BATCH; seq++) {
                    ids.add(AgreementHistoryProjection.id(agreementId, seq));
                }
                List<HistoryEntry> batch = entries(collection().find(Filters.in("_id", ids)).batchSize(HISTORY_BATCH));
                batch.sort(java.util.Comparator.comparingLong(HistoryEntry::sequence));
                if (checkKept) {
                    if (batch.isEmpty() || batch.get(0).sequence() != first - 1) {
                        throw new KeptEntriesGone();
                    }
                    batch = batch.subList(1, batch.size());
                    checkKept = false;
                }
                read.addAll(batch);
                // Sequences are dense: a short batch is the end.
                if (batch.size() < HISTORY_BATCH - (from == first - 1 ? 1 : 0)) {
                    return read;
                }
            }
        }, KeptEntriesGone.class);
        return entries;
    }

    /** The last entry kept is no longer stored (the collection was reset): read the history afresh. */
    private static final class KeptEntriesGone extends RuntimeException {
        KeptEntriesGone() {
            super(null, null, false, false);
        }
    }

    /** The same criteria as {@link #filters}, for entries already read. */
    private static boolean matches(HistoryEntry e, LocalDate from, LocalDate to, PartyId party, String eventType) {
        if (from != null && (e.effectiveOn() == null || e.effectiveOn().isBefore(from))) {
            return false;
        }
        if (to != null && (e.effectiveOn() == null || e.effectiveOn().isAfter(to))) {
            return false;
        }
        if (party != null && !party.value().equals(e.partyId())
                && !(e.actor() != null && party.value().equals(e.actor().partyId()))
                && !(e.partyIds() != null && e.partyIds().contains(party.value()))) {
            return false;
        }
        return eventType == null || eventType.equals(e.eventType());
    }

    /**
     * By page number: counts the matches and sorts the collection (on the embedded server, every entry). By cursor:
     * walks the index of entries by business date from the newest (or the cursor), looking entries up by
     * {@code _id} until the page is full, so a page costs what it reads: with a filter (party, event type) that
     * matches few entries of the days walked, more of them. A generation built before the index existed is read by
     * sorting, its cursor an offset.
     */
    @QueryHandler
    public HistoryPage handle(FindHistory query) {
        List<Bson> criteria = filters(query.from(), query.to(), query.party(), query.eventType());
        Bson filter = criteria.isEmpty() ? new Document() : Filters.and(criteria);
        if (query.page() != null) {
            long total = collection().countDocuments(filter);
            List<HistoryEntry> entries = sorted(filter, (long) query.page() * query.size(), query.size());
            return new HistoryPage(entries, query.page(), query.size(), null, null, total);
        }
        MongoCollection<Document> index = database.getCollection(names.of(INDEX));
        if (!ListIndexes.complete(index)) {
            List<String> position = PageCursor.decode(query.cursor(), query.criteria(), 1);
            long offset = position == null ? 0 : offset(position.get(0));
            List<HistoryEntry> entries = sorted(filter, offset, query.size() + 1);
            String next = null;
            if (entries.size() > query.size()) {
                entries = entries.subList(0, query.size());
                next = PageCursor.encode(query.criteria(), List.of(Long.toString(offset + query.size())));
            }
            return new HistoryPage(entries, null, null, query.size(), next, null);
        }
        return byBusinessDate(query, index, criteria.isEmpty());
    }

    private HistoryPage byBusinessDate(FindHistory query, MongoCollection<Document> index, boolean unfiltered) {
        List<String> position = PageCursor.decode(query.cursor(), query.criteria(), 4);
        DayIndex.Place after = position == null ? null : DayIndex.Place.of(position);
        List<HistoryEntry> page = new ArrayList<>();
        List<DayIndex.Place> places = new ArrayList<>();
        DayIndex.walk(index, AgreementHistoryProjection.EFFECTIVE, query.from(), query.to(), true, after,
                () -> Math.min(HISTORY_BATCH, query.size() + 1 - page.size()), batch -> {
                    Map<String, Document> found = DayIndex.byId(collection(),
                            batch.stream().map(DayIndex.Place::key).toList());
                    for (DayIndex.Place place : batch) {
                        Document stored = found.get(place.key());
                        HistoryEntry entry = stored == null ? null : HistoryEntryDocuments.fromDocument(stored);
                        if (entry != null
                                && matches(entry, query.from(), query.to(), query.party(), query.eventType())) {
                            page.add(entry);
                            places.add(place);
                            if (page.size() > query.size()) {
                                return false;
                            }
                        }
                    }
                    return true;
                });
        String next = PageCursor.next(page, query.size(), query.criteria(), i -> places.get(i).position());
        Long total = unfiltered ? DayIndex.total(index, AgreementHistoryProjection.EFFECTIVE) : null;
        return new HistoryPage(page, null, null, query.size(), next, total);
    }

    private List<HistoryEntry> sorted(Bson filter, long skip, int limit) {
        return entries(collection().find(filter)
                .sort(Sorts.descending(EFFECTIVE_ON, RECORDED_AT_MILLIS, "_id"))
                .skip((int) Math.min(Integer.MAX_VALUE, skip))
                .limit(limit));
    }

    private static long offset(String text) {
        try {
            long offset = Long.parseLong(text);
            if (offset >= 0) {
                return offset;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("cursor is not one this registry gave out");
    }

    @QueryHandler
    public PrinciplesVersion handle(FindPrinciples query) {
        return versions(query.agreementId().value()).get(query.version());
    }

    @QueryHandler
    public PrinciplesDiff handle(FindPrinciplesDiff query) {
        Map<Integer, PrinciplesVersion> versions = versions(query.agreementId().value());
        PrinciplesVersion from = versions.get(query.from());
        PrinciplesVersion to = versions.get(query.to());
        if (from == null || to == null) {
            return null;
        }
        Map<Integer, String> before = byNumber(from.principles());
        Map<Integer, String> after = byNumber(to.principles());
        List<Principle> added = to.principles().stream().filter(p -> !before.containsKey(p.number())).toList();
        List<Principle> removed = from.principles().stream().filter(p -> !after.containsKey(p.number())).toList();
        List<PrinciplesDiff.Change> changed = to.principles().stream()
                .filter(p -> before.containsKey(p.number()) && !Objects.equals(before.get(p.number()), p.text()))
                .map(p -> new PrinciplesDiff.Change(p.number(), before.get(p.number()), p.text()))
                .toList();
        return new PrinciplesDiff(query.agreementId().value(), query.from(), query.to(), added, removed, changed);
    }

    /** Every version of the principles, the last event recording a version winning (a proposal that took effect). */
    private Map<Integer, PrinciplesVersion> versions(String agreementId) {
        Map<Integer, PrinciplesVersion> versions = new LinkedHashMap<>();
        for (HistoryEntry e : entries(collection()
                .find(Filters.and(Filters.eq(AGREEMENT_ID, agreementId), Filters.in(EVENT_TYPE, PRINCIPLE_EVENTS)))
                .sort(Sorts.ascending(SEQUENCE)))) {
            versions.put(e.version(), new PrinciplesVersion(agreementId, e.version(), e.principlesAfter(),
                    e.effectiveOn(), e.eventType()));
        }
        return versions;
    }

    private static Map<Integer, String> byNumber(List<Principle> principles) {
        Map<Integer, String> map = new LinkedHashMap<>();
        principles.forEach(p -> map.put(p.number(), p.text()));
        return map;
    }

    private static List<Bson> filters(LocalDate from, LocalDate to, PartyId party, String eventType) {
        List<Bson> criteria = new ArrayList<>();
        if (from != null) {
            criteria.add(IsoDateFilters.onOrAfter(EFFECTIVE_ON, from));
        }
        if (to != null) {
            criteria.add(IsoDateFilters.onOrBefore(EFFECTIVE_ON, to));
        }
        if (party != null) {
            criteria.add(Filters.or(Filters.eq(PARTY_ID, party.value()), Filters.eq(ACTOR_PARTY_ID, party.value()),
                    Filters.eq(PARTY_IDS, party.value())));
        }
        if (eventType != null) {
            criteria.add(Filters.eq(EVENT_TYPE, eventType));
        }
        return criteria;
    }

    private static List<HistoryEntry> entries(Iterable<Document> documents) {
        List<HistoryEntry> entries = new ArrayList<>();
        documents.forEach(d -> entries.add(HistoryEntryDocuments.fromDocument(d)));
        return entries;
    }

    private MongoCollection<Document> collection() {
        return database.getCollection(names.of(COLLECTION));
    }
}
