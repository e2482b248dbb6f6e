package fi.agreementregistry.projections.history;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * One page of {@link FindHistory}.
 *
 * @param page       by page number: the page (from 0); left out for a page by cursor
 * @param size       by page number: the page's size; left out for a page by cursor
 * @param limit      by cursor: the page's size asked for; left out for a page by number
 * @param nextCursor by cursor: where the next page starts (hand it back as {@code cursor}); null on the last page
 * @param total      every matching entry; by cursor only where that is cheap (no filters), left out otherwise
 */
public record HistoryPage(List<HistoryEntry> entries,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Integer page,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Integer size,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Integer limit,
                          String nextCursor,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Long total) {

    public HistoryPage {
        entries = List.copyOf(entries);
    }
}
