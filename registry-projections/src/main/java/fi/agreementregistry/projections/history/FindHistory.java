package fi.agreementregistry.projections.history;

import fi.agreementregistry.core.party.PartyId;

import java.time.LocalDate;

/**
 * Events across all agreements, newest business date first (then newest recorded), one page at a time:
 * "what did our municipality approve last year". Filters may be null; {@code page} counts from 0.
 */
public record FindHistory(LocalDate from, LocalDate to, PartyId party, String eventType, int page, int size) {

    public FindHistory {
        if (page < 0) {
            throw new IllegalArgumentException("page counts from 0");
        }
        if (size < 1 || size > 500) {
            throw new IllegalArgumentException("size is 1 to 500");
        }
    }
}
