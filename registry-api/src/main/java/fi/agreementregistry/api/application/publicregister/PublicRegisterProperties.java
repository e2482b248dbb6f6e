package fi.agreementregistry.api.application.publicregister;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code registry.public.*}: what the public register shows and under which terms (how its answers are cached and
 * rate-limited: {@code PublicAccessProperties}, the same prefix).
 *
 * @param showSignatoryNames signatories by name too; by default only by title and organisation (data minimisation)
 * @param licence            the licence of the open data, named in the JSON, the Atom feed's rights and the JSON-LD
 * @param feedEntries        how many changes the Atom feed lists, newest first
 */
@ConfigurationProperties(prefix = "registry.public")
public record PublicRegisterProperties(boolean showSignatoryNames, Licence licence, Integer feedEntries) {

    public PublicRegisterProperties {
        licence = licence == null ? Licence.CC_BY_4_0 : licence;
        feedEntries = feedEntries == null ? 50 : feedEntries;
        if (feedEntries < 1 || feedEntries > 1_000) {
            throw new IllegalArgumentException("registry.public.feed-entries is from 1 to 1000; got " + feedEntries);
        }
    }

    /**
     * @param name e.g. {@code CC BY 4.0}
     * @param url  where its terms are
     */
    public record Licence(String name, String url) {

        public static final Licence CC_BY_4_0 = new Licence("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/");

        public Licence {
            if (name == null || name.isBlank() || url == null || url.isBlank()) {
                throw new IllegalArgumentException("registry.public.licence needs both a name and a url");
            }
        }
    }
}
