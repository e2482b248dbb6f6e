package fi.agreementregistry.projections.history;

import java.util.List;

/** One page of {@link FindHistory}; {@code total} counts every matching entry. */
public record HistoryPage(List<HistoryEntry> entries, int page, int size, long total) {

    public HistoryPage {
        entries = List.copyOf(entries);
    }
}
