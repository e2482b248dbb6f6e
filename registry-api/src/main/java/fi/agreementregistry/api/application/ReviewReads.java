package fi.agreementregistry.api.application;

import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.projections.agreement.ReviewStatus;
import fi.agreementregistry.projections.review.FindReviews;
import fi.agreementregistry.projections.review.ReviewDeadlines;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Service;

import java.time.LocalDate;

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
     * @param status          UPCOMING, DUE_SOON, OVERDUE, COMPLETED_ON_TIME or COMPLETED_LATE
     * @param dueBefore       due on or before this date
     * @param dueAfter        due on or after this date
     * @param responsibleBody e.g. Integraatiovaliokunta (any case)
     * @param party           reviews of agreements this party belongs to
     * @param asOf            the day the statuses are computed for; default today
     */
    public ReviewDeadlines reviews(ReviewStatus status, LocalDate dueBefore, LocalDate dueAfter, String responsibleBody,
                                   PartyId party, LocalDate asOf) {
        dates.require("dueBefore", dueBefore);
        dates.require("dueAfter", dueAfter);
        dates.require("asOf", asOf);
        String body = responsibleBody == null || responsibleBody.isBlank() ? null : responsibleBody.strip();
        return queryGateway.query(new FindReviews(status, dueBefore, dueAfter, body, partyScope.ownPartyOr(party), asOf),
                ResponseTypes.instanceOf(ReviewDeadlines.class)).join();
    }
}
