package fi.agreementregistry.api.security;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The addresses of the public register (issue 18), which need no sign-in: its pages, one root per language, and its
 * open data under {@value #API}. Everything else stays behind the sign-in.
 */
public final class PublicPaths {

    /** The open data: JSON, the Atom feed and JSON-LD. */
    public static final String API = "/api/public";
    /** The pages' root in each language the pages have, Finnish first. */
    public static final Map<String, String> PAGES = Map.of("fi", "/julkinen", "sv", "/offentlig", "en", "/public");
    public static final List<String> LANGUAGES = List.of("fi", "sv", "en");

    /** For the security chain: each root and everything under it. */
    static final String[] MATCHERS = {"/julkinen", "/julkinen/**", "/offentlig", "/offentlig/**", "/public",
            "/public/**", API + "/**"};

    private PublicPaths() {
    }

    /** The pages' root in a language ({@code fi}, {@code sv} or {@code en}; any other: Finnish). */
    public static String pages(String language) {
        return PAGES.getOrDefault(language, PAGES.get("fi"));
    }

    /** The language of a public page's path, e.g. {@code sv} for {@code /offentlig/abc}; empty for any other path. */
    public static Optional<Locale> pageLocale(String path) {
        if (path == null) {
            return Optional.empty();
        }
        return PAGES.entrySet().stream()
                .filter(page -> path.equals(page.getValue()) || path.startsWith(page.getValue() + "/"))
                .map(page -> Locale.forLanguageTag(page.getKey()))
                .findFirst();
    }

    /** Is this path one of the public register's, pages or open data? */
    public static boolean isPublic(String path) {
        return path != null && (pageLocale(path).isPresent() || path.equals(API) || path.startsWith(API + "/"));
    }
}
