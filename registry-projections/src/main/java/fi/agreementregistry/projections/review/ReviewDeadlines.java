package fi.agreementregistry.projections.review;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.LocalDate;
import java.util.List;

/**
 * One page of {@link FindReviews}: the day the statuses hold for, and the reviews by due date.
 *
 * @param nextCursor where the next page starts (hand it back as {@code cursor}); null on the last page
 * @param total      how many reviews the whole list has, given only where that is cheap to know (no criteria);
 *                   left out otherwise
 */
public record ReviewDeadlines(LocalDate asOf, List<ReviewDeadline> reviews, int limit, String nextCursor,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Long total) {

    public ReviewDeadlines {
        reviews = List.copyOf(reviews);
    }
}
