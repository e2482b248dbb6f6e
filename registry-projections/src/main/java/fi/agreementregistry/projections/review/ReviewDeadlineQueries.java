package fi.agreementregistry.projections.review;

import fi.agreementregistry.projections.support.CollectionNames;
import fi.agreementregistry.projections.support.IsoDateFilters;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import fi.agreementregistry.projections.agreement.AgreementSummary;
import fi.agreementregistry.projections.agreement.ReviewStatus;
import fi.agreementregistry.projections.agreement.ReviewView;
import fi.agreementregistry.projections.support.JsonDocuments;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static fi.agreementregistry.projections.review.ReviewDeadlineProjection.AGREEMENTS;
import static fi.agreementregistry.projections.review.ReviewDeadlineProjection.REVIEWS;

/** Answers {@link FindReviews}: statuses are computed per query against {@code asOf} or the clock. */
public class ReviewDeadlineQueries {

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
        Map<String, ReviewDeadlineProjection.AgreementEntry> agreements = new HashMap<>();
        Bson agreementFilter = query.party() == null ? new Document()
                : Filters.eq("parties.id", query.party().value());
        for (Document d : database.getCollection(names.of(AGREEMENTS)).find(agreementFilter)) {
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
        if (query.responsibleBody() != null) {
            criteria.add(Filters.regex("responsibleBody",
                    "^" + java.util.regex.Pattern.quote(query.responsibleBody()) + "$", "i"));
        }
        Bson filter = criteria.isEmpty() ? new Document() : Filters.and(criteria);
        List<ReviewDeadline> reviews = new ArrayList<>();
        for (Document d : database.getCollection(names.of(REVIEWS)).find(filter).sort(Sorts.ascending("dueBy", "_id"))) {
            ReviewDeadlineProjection.ReviewEntry entry =
                    JsonDocuments.fromDocument(d, ReviewDeadlineProjection.ReviewEntry.class);
            ReviewDeadlineProjection.AgreementEntry a = agreements.get(entry.agreementId());
            AgreementSummary.ReviewEntry r = entry.review();
            if (a == null) {
                continue;
            }
            if (r.scheduledOn() != null && r.scheduledOn().isAfter(asOf)) {
                continue; // not yet scheduled on that day
            }
            // A review completed after the asked day was still open on it.
            LocalDate completedOn = r.completedOn() != null && !r.completedOn().isAfter(asOf) ? r.completedOn() : null;
            ReviewStatus status = ReviewStatus.of(r.dueBy(), completedOn, asOf, dueSoonDays);
            if (query.status() != null && query.status() != status) {
                continue;
            }
            reviews.add(new ReviewDeadline(a.agreementId(), a.title(), a.status(), a.parties(), new ReviewView(
                    r.reviewId(), r.kind(), r.dueBy(), r.responsibleBody(), r.reason(), r.scheduledOn(), status,
                    completedOn, completedOn == null ? null : r.outcome(),
                    completedOn == null ? null : r.minutesReference())));
        }
        // By due date as dates (the text order above puts "+10000-..." first); stable, so _id still breaks ties.
        reviews.sort(java.util.Comparator.comparing(deadline -> deadline.review().dueBy()));
        return new ReviewDeadlines(asOf, reviews);
    }
}
