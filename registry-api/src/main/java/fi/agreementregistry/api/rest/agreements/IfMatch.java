package fi.agreementregistry.api.rest.agreements;

import fi.agreementregistry.api.application.PreconditionFailedException;

/**
 * The {@code If-Match} header of a command: the aggregate sequence number from an earlier ETag.
 * Absent or {@code *} means "no precondition"; anything that is not one of our ETags can never match.
 */
public final class IfMatch {

    private IfMatch() {
    }

    public static String etagOf(long aggregateSequence) {
        return "\"" + aggregateSequence + "\"";
    }

    /** @return the expected aggregate sequence, or null when the client set no precondition */
    public static Long expectedSequence(String header) {
        return expectedSequence(header, "agreement");
    }

    /** As {@link #expectedSequence(String)}, for a resource other than an agreement ("negotiation"). */
    public static Long expectedSequence(String header, String subject) {
        if (header == null || header.isBlank() || header.trim().equals("*")) {
            return null;
        }
        String value = header.trim();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new PreconditionFailedException(subject, "If-Match " + header + " is not an ETag of this " + subject
                    + "; GET the " + subject + " and use the ETag it returns.");
        }
    }
}
