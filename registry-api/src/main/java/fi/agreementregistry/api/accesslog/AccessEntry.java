package fi.agreementregistry.api.accesslog;

import org.bson.Document;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One use or disclosure of the registry's data, or one refused attempt: who ({@code userId}, {@code role},
 * {@code partyId}; for a refused sign-in the user name tried, if any), what ({@code action}: method and route, e.g.
 * {@code GET /api/agreements/{id}/history}), on what ({@code target}: the agreement id, or the path), how it ended
 * ({@code outcome}: allowed, refused, not-found, invalid or failed, and the HTTP {@code status}), with the request's
 * {@code correlationId} and the client's {@code sourceAddress}.
 */
public record AccessEntry(Instant at, String userId, String role, String partyId, String action, String target,
                          String outcome, int status, String correlationId, String sourceAddress) {

    /** The outcome of a response status, in words. */
    static String outcomeOf(int status) {
        if (status == 401 || status == 403 || status == 429) {
            return "refused";
        }
        if (status == 404) {
            return "not-found";
        }
        if (status >= 500) {
            return "failed";
        }
        return status >= 400 ? "invalid" : "allowed";
    }

    /**
     * The entry as stored, chained: {@code chain} (one per registry process), {@code seq} (0, 1, 2, ... in the chain),
     * {@code prevHash} (the previous entry's {@code hash}; 64 zeros for the first) and {@code hash}, the hex SHA-256
     * of {@link #canonical} of these fields.
     */
    Document toDocument(String chain, long seq, String prevHash) {
        Document d = fields().append("chain", chain).append("seq", seq).append("prevHash", prevHash);
        d.append("hash", hash(d));
        d.put("_id", chain + ":" + String.format("%019d", seq));
        return d;
    }

    private Document fields() {
        return new Document("at", at.toString()).append("userId", userId).append("role", role)
                .append("partyId", partyId).append("action", action).append("target", target)
                .append("outcome", outcome).append("status", status).append("correlationId", correlationId)
                .append("sourceAddress", sourceAddress);
    }

    static AccessEntry fromDocument(Document d) {
        return new AccessEntry(Instant.parse(d.getString("at")), d.getString("userId"), d.getString("role"),
                d.getString("partyId"), d.getString("action"), d.getString("target"), d.getString("outcome"),
                d.get("status", Number.class).intValue(), d.getString("correlationId"), d.getString("sourceAddress"));
    }

    /** The hash a stored entry must carry: over its fields, chain position and the previous hash. */
    static String hash(Document stored) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(canonical(stored).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The hashed text: every field in a fixed order, each as {@code name=value} on its own line (null: empty). */
    static String canonical(Document d) {
        StringBuilder text = new StringBuilder();
        for (String field : new String[]{"chain", "seq", "prevHash", "at", "userId", "role", "partyId", "action",
                "target", "outcome", "status", "correlationId", "sourceAddress"}) {
            Object value = d.get(field);
            text.append(field).append('=').append(value == null ? "" : String.valueOf(value)
                    .replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
        }
        return text.toString();
    }
}
