package fi.agreementregistry.projections.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The opaque {@code cursor} of a paged list: where the next page starts, bound to the query that made it. It is the
 * URL-safe Base64 of {@code p1}, a fingerprint of the query's criteria and the position's parts, separated by
 * {@code \u001f}; a client only hands it back. A cursor of another query (other filters), or one that was altered,
 * is refused, so a page never silently mixes two lists.
 */
public final class PageCursor {

    private static final String VERSION = "p1";
    private static final String SEPARATOR = "\u001f";

    private PageCursor() {
    }

    /**
     * @param criteria the query's criteria, each as text (null for one not given), in a fixed order
     * @param position the parts of the position within the list
     */
    public static String encode(List<String> criteria, List<String> position) {
        List<String> parts = new ArrayList<>();
        parts.add(VERSION);
        parts.add(fingerprint(criteria));
        parts.addAll(position);
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(String.join(SEPARATOR, parts).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The position a cursor holds; null for a null or blank cursor (the first page).
     *
     * @throws IllegalArgumentException a cursor that this registry did not make for this query, or for another query,
     *                                  or without {@code parts} parts (any number when negative)
     */
    public static List<String> decode(String cursor, List<String> criteria, int parts) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalArgumentException("cursor is not one this registry gave out");
        }
        List<String> all = List.of(text.split(SEPARATOR, -1));
        if (all.size() < 2 || parts >= 0 && all.size() != parts + 2 || !VERSION.equals(all.get(0))) {
            throw new IllegalArgumentException("cursor is not one this registry gave out");
        }
        if (!fingerprint(criteria).equals(all.get(1))) {
            throw new IllegalArgumentException("cursor belongs to a query with other criteria;"
                    + " start again without a cursor");
        }
        return all.subList(2, all.size());
    }

    /**
     * Ends a page that was read one entry past its limit (so that it is known whether another page follows): drops
     * what is beyond the limit and answers the cursor after the page's last entry; null when nothing was beyond (the
     * last page).
     *
     * @param positionAt the position of the entry at that index of the page
     */
    public static String next(List<?> page, int limit, List<String> criteria, IntFunction<List<String>> positionAt) {
        if (page.size() <= limit) {
            return null;
        }
        page.subList(limit, page.size()).clear();
        return encode(criteria, positionAt.apply(limit - 1));
    }

    private static String fingerprint(List<String> criteria) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String criterion : criteria) {
                sha.update((criterion == null ? "\u0000" : criterion).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0x1f);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
