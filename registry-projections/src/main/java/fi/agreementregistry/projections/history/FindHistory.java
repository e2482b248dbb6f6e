package fi.agreementregistry.projections.history;

import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.projections.support.PageCursor;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/**
 * Events across all agreements, newest business date first (then newest recorded), one page at a time:
 * "what did our municipality approve last year". Filters may be null.
 * <p>
 * Two ways to page: by {@code cursor} ({@code page} null; {@code size} is the page's limit; the previous page's
 * {@code nextCursor}, null for the first), which costs what the page holds; or by page number ({@code page}, counting
 * from 0, of {@code size} entries), which counts and skips every entry before the page.
 */
public record FindHistory(LocalDate from, LocalDate to, PartyId party, String eventType, Integer page, int size,
                          String cursor) {

    public static final int MAX_SIZE = 1_000;

    public FindHistory {
        if (page != null && page < 0) {
            throw new IllegalArgumentException("page counts from 0");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size is 1 to " + MAX_SIZE);
        }
        if (page != null && cursor != null) {
            throw new IllegalArgumentException("cursor and page cannot be combined: page with one or the other");
        }
        PageCursor.decode(cursor, criteria(from, to, party, eventType), -1);
    }

    /** By page number. */
    public FindHistory(LocalDate from, LocalDate to, PartyId party, String eventType, int page, int size) {
        this(from, to, party, eventType, Integer.valueOf(page), size, null);
    }

    /** By cursor: {@code limit} entries from where {@code cursor} says (null: the first page). */
    public static FindHistory byCursor(LocalDate from, LocalDate to, PartyId party, String eventType, int limit,
                                       String cursor) {
        return new FindHistory(from, to, party, eventType, null, limit, cursor);
    }

    List<String> criteria() {
        return criteria(from, to, party, eventType);
    }

    private static List<String> criteria(LocalDate from, LocalDate to, PartyId party, String eventType) {
        return Arrays.asList("history", from == null ? null : from.toString(), to == null ? null : to.toString(),
                party == null ? null : party.value(), eventType);
    }
}
