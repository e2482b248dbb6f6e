package fi.agreementregistry.api.application;

import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/** The paging parameters every list takes ({@code limit}, {@code cursor}), checked as request fields. */
public final class Pages {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1_000;

    private Pages() {
    }

    /** The limit asked for, or the default; 400 on {@code limit} outside 1 to {@value #MAX_LIMIT}. */
    public static int limit(Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidFieldException("limit", "limit is from 1 to " + MAX_LIMIT + "; got " + limit);
        }
        return limit;
    }

    /**
     * Makes and runs a paged query; a cursor that the query refuses (not one the registry gave out, or one of a query
     * with other criteria) is a 400 on {@code cursor}, whether the query's record or its handler found it out.
     */
    static <Q, R> R run(Supplier<Q> query, java.util.function.Function<Q, R> ask) {
        Q made;
        try {
            made = query.get();
        } catch (IllegalArgumentException e) {
            throw refused(e);
        }
        try {
            return ask.apply(made);
        } catch (CompletionException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof IllegalArgumentException refusal && isAboutCursor(refusal)) {
                    throw refused(refusal);
                }
            }
            throw e;
        }
    }

    private static boolean isAboutCursor(IllegalArgumentException e) {
        return e.getMessage() != null && e.getMessage().startsWith("cursor");
    }

    private static RuntimeException refused(IllegalArgumentException e) {
        return isAboutCursor(e) ? new InvalidFieldException("cursor", e.getMessage())
                : new InvalidFieldException("limit", e.getMessage());
    }
}
