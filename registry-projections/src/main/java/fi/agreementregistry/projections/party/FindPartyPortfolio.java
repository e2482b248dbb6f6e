package fi.agreementregistry.projections.party;

import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.projections.support.PageCursor;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/**
 * The agreements a party belongs to, answered with {@link PartyPortfolio}; reviews are due as of {@code asOf} (null:
 * today). A page of {@code limit} agreements by title from {@code cursor} (the previous page's {@code nextCursor});
 * {@code limit} null: every agreement (for the application's own counts).
 */
public record FindPartyPortfolio(PartyId party, LocalDate asOf, Integer limit, String cursor) {

    public static final int MAX_LIMIT = 1_000;

    public FindPartyPortfolio {
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            throw new IllegalArgumentException("limit is from 1 to " + MAX_LIMIT + "; got " + limit);
        }
        PageCursor.decode(cursor, criteria(party, asOf), -1);
    }

    /** Every agreement of the party. */
    public FindPartyPortfolio(PartyId party, LocalDate asOf) {
        this(party, asOf, null, null);
    }

    List<String> criteria() {
        return criteria(party, asOf);
    }

    private static List<String> criteria(PartyId party, LocalDate asOf) {
        return Arrays.asList("portfolio", party == null ? null : party.value(), asOf == null ? null : asOf.toString());
    }
}
