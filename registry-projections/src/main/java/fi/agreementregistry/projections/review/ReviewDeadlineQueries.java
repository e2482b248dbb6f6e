package fi.agreementregistry.projections.review;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import fi.agreementregistry.projections.agreement.AgreementSummary;
import fi.agreementregistry.projections.agreement.ReviewStatus;
import fi.agreementregistry.projections.agreement.ReviewView;
import fi.agreementregistry.projections.support.CollectionNames;
import fi.agreementregistry.projections.support.ListIndexes;
import fi.agreementregistry.projections.support.DayIndex;
import fi.agreementregistry.projections.support.IsoDateFilters;
import fi.agreementregistry.projections.support.JsonDocuments;
import fi.agreementregistry.projections.support.PageCursor;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static fi.agreementregistry.projections.review.ReviewDeadlineProjection.AGREEMENTS;
import static fi.agreementregistry.projections.review.ReviewDeadlineProjection.INDEX;
import static fi.agreementregistry.projections.review.ReviewDeadlineProjection.REVIEWS;

/**
 * Answers {@link FindReviews} a page at a time; statuses are computed per query against {@code asOf} or the clock.
 * <p>
 * The order is by due date, and within a day by the order the reviews were listed in the index walked (for a party's
 * reviews, the party's own index; by review key in a generation written before it). A page costs what it returns, not the size of the store: the query walks the index
 * ({@link ReviewDeadlineProjection#INDEX}) day by day from the cursor, looking reviews and their agreements up by
 * {@code _id}, and stops after {@code limit + 1} matches. The status narrows the days walked (upcoming and due-soon
 * reviews are due from {@code asOf} on, overdue ones before it); a party's reviews walk the party's own index. A
 * filter that matches few of the reviews in the days it walks (a rare responsible body, overdue reviews among years of
 * completed ones) reads more of them for a page: docs/performance.md. A generation built before the index existed is
 * read as before, by sorting the whole collection, until it is rebuilt.
 */
public class ReviewDeadlineQueries {

    /** Review keys looked up per round trip while walking the index. */
    private static final int LOOKUP = 128;

    private final MongoDatabase database;
    private final CollectionNames names;
    private final Clock clock;
    private final int dueSoonDays;

    /**
     * @param names       the collections read: the live generation (built so in {@code ReadModelConfiguration}), or
     *                    the plain names in tests
     * @param dueSoonDays a review due within this many days (counting today) is DUE_SOON
     */
    public ReviewDeadlineQueries(MongoDatabase database, CollectionNames names, Clock clock, int dueSoonDays) {
        this.names = names;
        this.database = database;
        this.clock = clock;
        this.dueSoonDays = ReviewStatus.requireValidDueSoonDays(dueSoonDays);
    }

    @QueryHandler
    public ReviewDeadlines handle(FindReviews query) {
        LocalDate asOf = query.asOf() != null ? query.asOf() : LocalDate.now(clock);
        MongoCollection<Document> index = collection(INDEX);
        int version = ListIndexes.version(index);
        if (version < 1) {
            return bySortKey(query, asOf, scan(query));
        }
        if (query.party() != null && version < ReviewDeadlineProjection.INDEX_VERSION) {
            return bySortKey(query, asOf, ofParty(query.party().value()));
        }
        return byDueDay(query, asOf, index);
    }

    /** The responsible bodies of every review, sorted; one document of the index (a scan without it). */
    @QueryHandler
    public ResponsibleBodies handle(FindResponsibleBodies query) {
        MongoCollection<Document> index = collection(INDEX);
        java.util.SortedSet<String> bodies = new java.util.TreeSet<>();
        if (!ListIndexes.complete(index)) {
            collection(REVIEWS).distinct("responsibleBody", String.class).forEach(body -> {
                if (body != null) {
                    bodies.add(body);
                }
            });
        } else {
            Document stored = index.find(Filters.eq("_id", ReviewDeadlineProjection.BODIES)).first();
            if (stored != null) {
                bodies.addAll(stored.getList("bodies", String.class));
            }
        }
        return new ResponsibleBodies(List.copyOf(bodies));
    }

    // ---- walking the index by due day ------------------------------------------------------------------------

    private ReviewDeadlines byDueDay(FindReviews query, LocalDate asOf, MongoCollection<Document> index) {
        List<String> position = PageCursor.decode(query.cursor(), query.criteria(), 4);
        DayIndex.Place after = position == null ? null : DayIndex.Place.of(position);
        LocalDate from = latest(query.dueAfter(), firstDueDay(query.status(), asOf));
        LocalDate to = earliest(query.dueBefore(), lastDueDay(query.status(), asOf));
        List<ReviewDeadline> page = new ArrayList<>();
        List<DayIndex.Place> places = new ArrayList<>();
        Map<String, ReviewDeadlineProjection.AgreementEntry> agreements = new HashMap<>();
        String walked = query.party() != null ? ReviewDeadlineProjection.partyDue(query.party().value())
                : openOnly(query.status(), asOf) ? ReviewDeadlineProjection.OPEN : ReviewDeadlineProjection.DUE;
        DayIndex.walk(index, walked, from, to, false, after,
                () -> Math.min(LOOKUP, query.limit() + 1 - page.size()), batch -> {
                    Map<String, ReviewDeadlineProjection.ReviewEntry> reviews =
                            reviews(batch.stream().map(DayIndex.Place::key).toList());
                    Set<String> missing = new LinkedHashSet<>();
                    reviews.values().forEach(r -> {
                        if (!agreements.containsKey(r.agreementId())) {
                            missing.add(r.agreementId());
                        }
                    });
                    agreements.putAll(agreementEntries(missing));
                    for (DayIndex.Place place : batch) {
                        ReviewDeadlineProjection.ReviewEntry entry = reviews.get(place.key());
                        ReviewDeadline deadline = entry == null ? null
                                : deadlineOf(entry, agreements.get(entry.agreementId()), query, asOf);
                        if (deadline != null) {
                            page.add(deadline);
                            places.add(place);
                            if (page.size() > query.limit()) {
                                return false;
                            }
                        }
                    }
                    return true;
                });
        String next = PageCursor.next(page, query.limit(), query.criteria(), i -> places.get(i).position());
        Long total = noCriteria(query) ? DayIndex.total(index, ReviewDeadlineProjection.DUE) : null;
        return new ReviewDeadlines(asOf, page, query.limit(), next, total);
    }

    /**
     * Whether only open reviews can match, and the index of open ones holds all of them: for an open status as of today
     * or later (a review completed later than it was recorded stays in that index, and the status sorts it out).
     */
    private boolean openOnly(ReviewStatus status, LocalDate asOf) {
        boolean open = status == ReviewStatus.OVERDUE || status == ReviewStatus.DUE_SOON
                || status == ReviewStatus.UPCOMING;
        return open && !asOf.isBefore(LocalDate.now(clock));
    }

    /** The first due day a review with this status can have; null: any. */
    private LocalDate firstDueDay(ReviewStatus status, LocalDate asOf) {
        if (status == ReviewStatus.UPCOMING) {
            return asOf.plusDays(dueSoonDays + 1L);
        }
        return status == ReviewStatus.DUE_SOON ? asOf : null;
    }

    /** The last due day a review with this status can have; null: any. */
    private LocalDate lastDueDay(ReviewStatus status, LocalDate asOf) {
        if (status == ReviewStatus.OVERDUE) {
            return asOf.minusDays(1);
        }
        return status == ReviewStatus.DUE_SOON ? asOf.plusDays(dueSoonDays) : null;
    }

    private static boolean noCriteria(FindReviews query) {
        return query.status() == null && query.dueBefore() == null && query.dueAfter() == null
                && query.responsibleBody() == null && query.party() == null && query.asOf() == null;
    }

    // ---- generations without the (party's) index: sorted lists ------------------------------------------------

    /**
     * Every review of the agreements the party belongs to, through its agreements, in a generation written before the
     * parties' own indexes (version 1): its cost follows the party's agreements.
     */
    private List<ReviewDeadline> ofParty(String partyId) {
        Document agreementsOfParty = collection(INDEX).find(
                Filters.eq("_id", ReviewDeadlineProjection.partyAgreements(partyId))).first();
        if (agreementsOfParty == null) {
            return List.of();
        }
        Map<String, ReviewDeadlineProjection.AgreementEntry> agreements = new HashMap<>();
        agreementEntries(agreementsOfParty.getList("agreements", String.class)).forEach((id, a) -> {
            if (a.parties().stream().anyMatch(p -> p.id().value().equals(partyId))) {
                agreements.put(id, a);
            }
        });
        List<String> ids = agreements.keySet().stream().map(ReviewDeadlineProjection::agreementReviews).toList();
        List<String> keys = new ArrayList<>();
        DayIndex.byId(collection(INDEX), ids).values().forEach(d -> keys.addAll(d.getList("reviews", String.class)));
        return resolve(new ArrayList<>(reviews(keys).values()), agreements);
    }

    /** Every review matching the query's stored criteria, by scanning the collections (a generation without index). */
    private List<ReviewDeadline> scan(FindReviews query) {
        Map<String, ReviewDeadlineProjection.AgreementEntry> agreements = new HashMap<>();
        Bson agreementFilter = query.party() == null ? new Document()
                : Filters.eq("parties.id", query.party().value());
        for (Document d : collection(AGREEMENTS).find(agreementFilter)) {
            ReviewDeadlineProjection.AgreementEntry a =
                    JsonDocuments.fromDocument(d, ReviewDeadlineProjection.AgreementEntry.class);
            agreements.put(a.agreementId(), a);
        }
        List<Bson> criteria = new ArrayList<>();
        if (query.party() != null) {
            criteria.add(Filters.in("agreementId", agreements.keySet()));
        }
        if (query.dueBefore() != null) {
            criteria.add(IsoDateFilters.onOrBefore("dueBy", query.dueBefore()));
        }
        if (query.dueAfter() != null) {
            criteria.add(IsoDateFilters.onOrAfter("dueBy", query.dueAfter()));
        }
        Bson filter = criteria.isEmpty() ? new Document() : Filters.and(criteria);
        List<ReviewDeadlineProjection.ReviewEntry> entries = new ArrayList<>();
        for (Document d : collection(REVIEWS).find(filter).sort(Sorts.ascending("dueBy", "_id"))) {
            entries.add(JsonDocuments.fromDocument(d, ReviewDeadlineProjection.ReviewEntry.class));
        }
        return resolve(entries, agreements);
    }

    /** The entries with their agreements, not yet filtered by the query (see {@link #bySortKey}). */
    private static List<ReviewDeadline> resolve(List<ReviewDeadlineProjection.ReviewEntry> entries,
                                                Map<String, ReviewDeadlineProjection.AgreementEntry> agreements) {
        List<ReviewDeadline> resolved = new ArrayList<>();
        for (ReviewDeadlineProjection.ReviewEntry entry : entries) {
            ReviewDeadlineProjection.AgreementEntry a = agreements.get(entry.agreementId());
            if (a != null) {
                resolved.add(new ReviewDeadline(a.agreementId(), a.title(), a.status(), a.parties(),
                        new ReviewView(entry.review().reviewId(), entry.review().kind(), entry.review().dueBy(),
                                entry.review().responsibleBody(), entry.review().reason(),
                                entry.review().scheduledOn(), null, entry.review().completedOn(),
                                entry.review().outcome(), entry.review().minutesReference())));
            }
        }
        return resolved;
    }

    /**
     * A page of a whole list sorted here by due date and review key; the cursor holds the last one's date and key.
     */
    private ReviewDeadlines bySortKey(FindReviews query, LocalDate asOf, List<ReviewDeadline> candidates) {
        List<String> position = PageCursor.decode(query.cursor(), query.criteria(), 2);
        Comparator<ReviewDeadline> order = Comparator.comparing((ReviewDeadline d) -> d.review().dueBy())
                .thenComparing(ReviewDeadlineQueries::keyOf);
        List<ReviewDeadline> sorted = new ArrayList<>(candidates);
        sorted.sort(order);
        List<ReviewDeadline> page = new ArrayList<>();
        for (ReviewDeadline candidate : sorted) {
            if (position != null && compare(candidate, position) <= 0) {
                continue;
            }
            ReviewDeadline deadline = withStatus(candidate, query, asOf);
            if (deadline != null) {
                page.add(deadline);
                if (page.size() > query.limit()) {
                    break;
                }
            }
        }
        String next = PageCursor.next(page, query.limit(), query.criteria(),
                i -> List.of(page.get(i).review().dueBy().toString(), keyOf(page.get(i))));
        return new ReviewDeadlines(asOf, page, query.limit(), next, null);
    }

    private static int compare(ReviewDeadline deadline, List<String> position) {
        int byDay = deadline.review().dueBy().compareTo(parseDay(position.get(0)));
        return byDay != 0 ? byDay : keyOf(deadline).compareTo(position.get(1));
    }

    private static String keyOf(ReviewDeadline deadline) {
        return ReviewDeadlineProjection.reviewKey(deadline.agreementId(), deadline.review().reviewId());
    }

    // ---- one review against the query --------------------------------------------------------------------------

    private ReviewDeadline deadlineOf(ReviewDeadlineProjection.ReviewEntry entry,
                                      ReviewDeadlineProjection.AgreementEntry a, FindReviews query, LocalDate asOf) {
        if (a == null || query.party() != null
                && a.parties().stream().noneMatch(p -> p.id().value().equals(query.party().value()))) {
            return null; // a party's index keeps the reviews of agreements it left
        }
        AgreementSummary.ReviewEntry r = entry.review();
        if (query.dueBefore() != null && r.dueBy().isAfter(query.dueBefore())
                || query.dueAfter() != null && r.dueBy().isBefore(query.dueAfter())) {
            return null;
        }
        return withStatus(new ReviewDeadline(a.agreementId(), a.title(), a.status(), a.parties(), new ReviewView(
                r.reviewId(), r.kind(), r.dueBy(), r.responsibleBody(), r.reason(), r.scheduledOn(), null,
                r.completedOn(), r.outcome(), r.minutesReference())), query, asOf);
    }

    /**
     * The review as it stood on {@code asOf}, with its status; null if it does not match the query's body or status, or
     * was not yet scheduled on that day.
     */
    private ReviewDeadline withStatus(ReviewDeadline candidate, FindReviews query, LocalDate asOf) {
        ReviewView r = candidate.review();
        if (query.responsibleBody() != null && !query.responsibleBody().equalsIgnoreCase(r.responsibleBody())) {
            return null;
        }
        if (r.scheduledOn() != null && r.scheduledOn().isAfter(asOf)) {
            return null; // not yet scheduled on that day
        }
        // A review completed after the asked day was still open on it.
        LocalDate completedOn = r.completedOn() != null && !r.completedOn().isAfter(asOf) ? r.completedOn() : null;
        ReviewStatus status = ReviewStatus.of(r.dueBy(), completedOn, asOf, dueSoonDays);
        if (query.status() != null && query.status() != status) {
            return null;
        }
        return new ReviewDeadline(candidate.agreementId(), candidate.agreementTitle(), candidate.agreementStatus(),
                candidate.parties(),
                new ReviewView(r.reviewId(), r.kind(), r.dueBy(), r.responsibleBody(), r.reason(), r.scheduledOn(),
                        status, completedOn, completedOn == null ? null : r.outcome(),
                        completedOn == null ? null : r.minutesReference()));
    }

    // ---- lookups by _id -----------------------------------------------------------------------------------------

    private Map<String, ReviewDeadlineProjection.ReviewEntry> reviews(Collection<String> keys) {
        Map<String, ReviewDeadlineProjection.ReviewEntry> reviews = new HashMap<>();
        DayIndex.byId(collection(REVIEWS), keys).forEach((id, d) ->
                reviews.put(id, JsonDocuments.fromDocument(d, ReviewDeadlineProjection.ReviewEntry.class)));
        return reviews;
    }

    private Map<String, ReviewDeadlineProjection.AgreementEntry> agreementEntries(Collection<String> ids) {
        Map<String, ReviewDeadlineProjection.AgreementEntry> agreements = new HashMap<>();
        DayIndex.byId(collection(AGREEMENTS), ids).forEach((id, d) ->
                agreements.put(id, JsonDocuments.fromDocument(d, ReviewDeadlineProjection.AgreementEntry.class)));
        return agreements;
    }

    private MongoCollection<Document> collection(String base) {
        return database.getCollection(names.of(base));
    }

    private static LocalDate parseDay(String text) {
        try {
            return LocalDate.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("cursor is not one this registry gave out");
        }
    }

    private static LocalDate latest(LocalDate a, LocalDate b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    private static LocalDate earliest(LocalDate a, LocalDate b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }
}
