package fi.agreementregistry.projections.review;

import java.time.LocalDate;
import java.util.List;

/** The answer to {@link FindReviews}: the day the statuses hold for, and the reviews by due date. */
public record ReviewDeadlines(LocalDate asOf, List<ReviewDeadline> reviews) {

    public ReviewDeadlines {
        reviews = List.copyOf(reviews);
    }
}
