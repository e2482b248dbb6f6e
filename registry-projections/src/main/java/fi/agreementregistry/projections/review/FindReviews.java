package fi.agreementregistry.projections.review;

import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.projections.agreement.ReviewStatus;

import java.time.LocalDate;

/**
 * One page of the reviews of every agreement, by due date; every criterion may be null. {@code asOf} is the day the
 * statuses are computed for (null: today by the registry's clock); {@code dueBefore}/{@code dueAfter} are inclusive.
 * {@code limit} reviews at most (1 to {@value #MAX_LIMIT}), from where {@code cursor} (the previous page's
 * {@code nextCursor}, null for the first page) says.
 */
public record FindReviews(ReviewStatus status, LocalDate dueBefore, LocalDate dueAfter, String responsibleBody,
                          PartyId party, LocalDate asOf, int limit, String cursor) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1_000;

    public FindReviews {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit is from 1 to " + MAX_LIMIT + "; got " + limit);
        }
        // A cursor of another query is refused here, where the query is made: see PageCursor.
        // (The fields are not yet assigned in a compact constructor: the criteria come from the parameters.)
        fi.agreementregistry.projections.support.PageCursor.decode(cursor,
                criteria(status, dueBefore, dueAfter, responsibleBody, party, asOf), -1);
    }

    /** The first page, of the default size. */
    public FindReviews(ReviewStatus status, LocalDate dueBefore, LocalDate dueAfter, String responsibleBody,
                       PartyId party, LocalDate asOf) {
        this(status, dueBefore, dueAfter, responsibleBody, party, asOf, DEFAULT_LIMIT, null);
    }

    public static FindReviews all() {
        return new FindReviews(null, null, null, null, null, null);
    }

    /** The same query from another position. */
    public FindReviews from(String nextCursor) {
        return new FindReviews(status, dueBefore, dueAfter, responsibleBody, party, asOf, limit, nextCursor);
    }

    /** The criteria a cursor is bound to, as text in a fixed order. */
    java.util.List<String> criteria() {
        return criteria(status, dueBefore, dueAfter, responsibleBody, party, asOf);
    }

    private static java.util.List<String> criteria(ReviewStatus status, LocalDate dueBefore, LocalDate dueAfter,
                                                   String responsibleBody, PartyId party, LocalDate asOf) {
        return java.util.Arrays.asList("reviews", status == null ? null : status.name(), text(dueBefore),
                text(dueAfter), responsibleBody == null ? null : responsibleBody.toLowerCase(java.util.Locale.ROOT),
                party == null ? null : party.value(), text(asOf));
    }

    private static String text(LocalDate date) {
        return date == null ? null : date.toString();
    }
}
