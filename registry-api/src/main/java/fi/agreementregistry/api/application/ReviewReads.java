package fi.agreementregistry.api.application;

import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.projections.agreement.ReviewStatus;
import fi.agreementregistry.projections.review.FindResponsibleBodies;
import fi.agreementregistry.projections.review.FindReviews;
import fi.agreementregistry.projections.review.ResponsibleBodies;
import fi.agreementregistry.projections.review.ReviewDeadline;
import fi.agreementregistry.projections.review.ReviewDeadlines;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Service;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Review deadlines, for every adapter; a clerk sees those of their own party's agreements. */
@Service
public class ReviewReads {

    private final QueryGateway queryGateway;
    private final PartyScope partyScope;
    private final DateWindow dates;

    public ReviewReads(QueryGateway queryGateway, PartyScope partyScope, DateWindow dates) {
        this.queryGateway = queryGateway;
        this.partyScope = partyScope;
        this.dates = dates;
    }

    /**
     * One page of the reviews, by due date.
     *
     * @param status          UPCOMING, DUE_SOON, OVERDUE, COMPLETED_ON_TIME or COMPLETED_LATE
     * @param dueBefore       due on or before this date
     * @param dueAfter        due on or after this date
     * @param responsibleBody e.g. Integraatiovaliokunta (any case)
     * @param party           reviews of agreements this party belongs to
     * @param asOf            the day the statuses are computed for; default today
     * @param limit           reviews on the page, 1 to 1,000; default 100
     * @param cursor          the previous page's {@code nextCursor}; null for the first page
     */
    public ReviewDeadlines reviews(ReviewStatus status, LocalDate dueBefore, LocalDate dueAfter, String responsibleBody,
                                   PartyId party, LocalDate asOf, Integer limit, String cursor) {
        dates.require("dueBefore", dueBefore);
        dates.require("dueAfter", dueAfter);
        dates.require("asOf", asOf);
        String body = responsibleBody == null || responsibleBody.isBlank() ? null : responsibleBody.strip();
        int pageSize = Pages.limit(limit);
        return Pages.run(() -> new FindReviews(status, dueBefore, dueAfter, body, partyScope.ownPartyOr(party), asOf,
                        pageSize, cursor),
                query -> queryGateway.query(query, ResponseTypes.instanceOf(ReviewDeadlines.class)).join());
    }

    /** Every page of {@link #reviews} (for a calendar feed, which has no pages): the reviews in one list. */
    public ReviewDeadlines allReviews(ReviewStatus status, LocalDate dueBefore, LocalDate dueAfter,
                                      String responsibleBody, PartyId party, LocalDate asOf) {
        List<ReviewDeadline> all = new ArrayList<>();
        ReviewDeadlines page = reviews(status, dueBefore, dueAfter, responsibleBody, party, asOf, Pages.MAX_LIMIT, null);
        all.addAll(page.reviews());
        while (page.nextCursor() != null) {
            page = reviews(status, dueBefore, dueAfter, responsibleBody, party, asOf, Pages.MAX_LIMIT,
                    page.nextCursor());
            all.addAll(page.reviews());
        }
        return new ReviewDeadlines(page.asOf(), all, all.size(), null, null);
    }

    /** Every responsible body that has a review (all of them, also for a clerk: the names are not party data). */
    public List<String> responsibleBodies() {
        return queryGateway.query(new FindResponsibleBodies(), ResponseTypes.instanceOf(ResponsibleBodies.class))
                .join().bodies();
    }
}
