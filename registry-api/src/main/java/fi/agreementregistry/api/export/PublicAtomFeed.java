package fi.agreementregistry.api.export;

import com.rometools.rome.feed.atom.Category;
import com.rometools.rome.feed.atom.Content;
import com.rometools.rome.feed.atom.Entry;
import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.feed.atom.Link;
import com.rometools.rome.feed.atom.Person;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.WireFeedOutput;
import fi.agreementregistry.api.application.publicregister.PublicChange;
import fi.agreementregistry.api.application.publicregister.PublicRegisterProperties;
import fi.agreementregistry.api.security.PublicPaths;
import org.springframework.context.MessageSource;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The public register's changes as an Atom 1.0 feed (RFC 4287), written by ROME: its model and writer take care of the
 * XML (escaping, namespaces, RFC 3339 dates), and readers' own tools are tested against its output, so nothing here
 * builds XML by hand. Entries are newest first, each with an id that never changes ({@code urn:uuid:} made from the
 * agreement's id and the event's place in its history), {@code updated} = {@code published} = the change's business
 * date (midnight in Finland), a link to the agreement's public page in the feed's language, and the licence in
 * {@code rights} and as a {@code license} link (RFC 4946). Texts are {@code public.feed.*} in
 * {@code messages_*.properties}.
 */
public final class PublicAtomFeed {

    public static final String MEDIA_TYPE = "application/atom+xml";
    private static final ZoneId FINLAND = ZoneId.of("Europe/Helsinki");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d.M.uuuu");

    private PublicAtomFeed() {
    }

    /**
     * @param base     where the registry is reached, e.g. {@code https://sopimukset.example.fi}
     * @param selfPath the feed's own address under {@code base}, with its query
     */
    public static String write(List<PublicChange> changes, PublicRegisterProperties.Licence licence, String base,
                               String selfPath, Locale locale, MessageSource messages) {
        String language = locale.getLanguage();
        String pages = base + PublicPaths.pages(language);
        Feed feed = new Feed("atom_1.0");
        feed.setId(urn("feed:" + base + PublicPaths.API + "/feed.atom?lang=" + language));
        feed.setLanguage(language);
        feed.setTitleEx(text(messages.getMessage("public.feed.title", null, locale)));
        feed.setSubtitle(text(messages.getMessage("public.feed.subtitle", null, locale)));
        feed.setRights(messages.getMessage("public.licence.rights", new Object[]{licence.name(), licence.url()},
                locale));
        Person registry = new Person();
        registry.setName(messages.getMessage("app.name", null, locale));
        registry.setUri(pages);
        feed.setAuthors(List.of(registry));
        feed.setOtherLinks(List.of(link("self", MEDIA_TYPE, base + selfPath),
                link("license", null, licence.url())));
        feed.setAlternateLinks(List.of(link("alternate", "text/html", pages)));
        feed.setUpdated(changes.isEmpty() ? new Date(0) : instant(changes.get(0).on()));
        List<Entry> entries = new ArrayList<>();
        for (PublicChange change : changes) {
            entries.add(entry(change, pages, locale, messages));
        }
        feed.setEntries(entries);
        try {
            return new WireFeedOutput().outputString(feed, true);
        } catch (FeedException e) {
            throw new IllegalStateException("the public feed could not be written", e);
        }
    }

    private static Entry entry(PublicChange change, String pages, Locale locale, MessageSource messages) {
        String kind = change.kind().name();
        Object[] args = {change.agreementTitle(), DATE.format(change.on()), change.version(),
                change.outcome() == null ? "" : messages.getMessage("public.outcome." + change.outcome(), null, locale),
                change.successor() == null ? "" : change.successor().title()};
        Entry entry = new Entry();
        entry.setId(urn("agreement:" + change.agreementId() + "#" + change.sequence()));
        entry.setTitleEx(text(messages.getMessage("public.feed.entry." + kind, args, locale)));
        String summary = messages.getMessage("public.feed.summary." + kind, args, locale);
        if (change.successor() != null) {
            summary += " " + messages.getMessage("public.feed.summary.successor", args, locale);
        }
        entry.setSummary(text(summary));
        entry.setUpdated(instant(change.on()));
        entry.setPublished(instant(change.on()));
        entry.setAlternateLinks(List.of(link("alternate", "text/html", pages + "/" + change.agreementId())));
        Category category = new Category();
        category.setTerm(kind);
        category.setLabel(messages.getMessage("public.change." + kind, null, locale));
        entry.setCategories(List.of(category));
        return entry;
    }

    /** A name-based UUID: the same text gives the same id in every run and on every instance. */
    private static String urn(String name) {
        return "urn:uuid:" + UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    private static Date instant(LocalDate day) {
        return Date.from(day.atStartOfDay(FINLAND).toInstant());
    }

    private static Content text(String value) {
        Content content = new Content();
        content.setType(Content.TEXT);
        content.setValue(value);
        return content;
    }

    private static Link link(String rel, String type, String href) {
        Link link = new Link();
        link.setRel(rel);
        link.setType(type);
        link.setHref(href);
        return link;
    }
}
