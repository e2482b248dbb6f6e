package fi.agreementregistry.api.application;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import fi.agreementregistry.api.application.requests.CalendarFeedRequest;
import fi.agreementregistry.api.security.CurrentUser;
import fi.agreementregistry.api.security.RegistrySecurityProperties;
import fi.agreementregistry.api.security.RegistryUser;
import fi.agreementregistry.api.security.Role;
import fi.agreementregistry.core.party.PartyDirectory;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.projections.review.ReviewDeadlines;
import org.bson.Document;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Calendar subscriptions that a calendar app can open without signing in (Outlook, Google Calendar and phone
 * calendars send no credentials to a subscription address). A feed belongs to the user who made it; its address holds
 * a secret token of 256 random bits, shown once when the feed is made and stored only as its SHA-256 hash, so the
 * stored feeds do not hold a working address. A fetch answers what the owner could read at that moment, through the
 * same {@link ReviewReads} (and {@link NegotiationReads}) as their own requests: a clerk's feed lists their party's
 * reviews only (and their own county's statutory negotiations due, and the measures their party answers for), and a feed whose
 * owner no longer exists or no longer has a role that reads reviews answers 404, as an unknown or revoked token does.
 * <p>
 * With HTTP Basic users the owner is looked up in the configured users at every fetch. With an identity provider the
 * registry knows a user only from their tokens, so a feed uses the role and party the owner had when they last made
 * or listed their feeds; revoking a person's feeds is then part of removing them (docs in the README).
 */
@Service
public class CalendarFeeds {

    public static final String COLLECTION = "calendar_feeds";
    public static final Set<String> LANGUAGES = Set.of("fi", "sv", "en");
    private static final Set<Role> READERS = Set.of(Role.CLERK, Role.COMMITTEE, Role.AUDITOR);
    private static final int TOKEN_BYTES = 32;

    /** A feed as its owner sees it; {@code url} only in the answer that made it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Feed(String id, String name, String url, Instant createdAt, String responsibleBody, String party,
                       String language) {
    }

    /**
     * What a fetch of a feed answers: the reviews its owner may read now, in the feed's language, and beside them the
     * statutory negotiations due and the open measures (none in a feed of one responsible body's reviews).
     */
    public record FeedCalendar(String feedId, RegistryUser owner, String name, String language, String baseUrl,
                               ReviewDeadlines reviews, NegotiationReads.Deadlines negotiations) {
    }

    private final MongoDatabase database;
    private final ReviewReads reviews;
    private final NegotiationReads negotiations;
    private final PartyDirectory directory;
    private final UserDetailsService users;
    private final RegistrySecurityProperties security;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public CalendarFeeds(MongoDatabase database, ReviewReads reviews, NegotiationReads negotiations,
                         PartyDirectory directory, UserDetailsService users, RegistrySecurityProperties security,
                         Clock clock) {
        this.database = database;
        this.reviews = reviews;
        this.negotiations = negotiations;
        this.directory = directory;
        this.users = users;
        this.security = security;
        this.clock = clock;
        feeds().createIndex(Indexes.ascending("tokenHash"), new IndexOptions().unique(true));
    }

    /**
     * Makes a feed for the signed-in user.
     *
     * @param baseUrl  where the registry is reached (the address is {@code baseUrl/calendar/<token>.ics}, and the
     *                 events link to {@code baseUrl/ui/agreements/<id>})
     * @param language the request's language, used when the request names none
     */
    public Feed create(CalendarFeedRequest request, String baseUrl, Locale language) {
        RegistryUser owner = signedIn();
        String party = partyOf(request.party(), owner);
        String body = request.responsibleBody() == null || request.responsibleBody().isBlank() ? null
                : request.responsibleBody().strip();
        String lang = languageOf(request.language(), language);
        byte[] secret = new byte[TOKEN_BYTES];
        random.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        feeds().insertOne(new Document("_id", id)
                .append("tokenHash", hash(token))
                .append("name", request.name().strip())
                .append("responsibleBody", body)
                .append("party", party)
                .append("language", lang)
                .append("baseUrl", baseUrl)
                .append("createdAt", now.toString())
                .append("owner", ownerDocument(owner)));
        return new Feed(id, request.name().strip(), baseUrl + "/calendar/" + token + ".ics", now, body, party, lang);
    }

    /** The signed-in user's feeds that are not revoked, oldest first, without their addresses. */
    public List<Feed> mine() {
        RegistryUser owner = signedIn();
        List<Feed> mine = new ArrayList<>();
        for (Document d : feeds().find(Filters.eq("owner.userId", owner.userId()))) {
            if (d.getString("revokedAt") == null) {
                mine.add(feedOf(d));
                refreshOwner(d, owner);
            }
        }
        mine.sort(Comparator.comparing(Feed::createdAt).thenComparing(Feed::id));
        return mine;
    }

    /** Revokes one of the signed-in user's feeds: its address answers 404 from now on. Another's feed is unknown. */
    public void revoke(String id) {
        RegistryUser owner = signedIn();
        Document feed = feeds().find(Filters.eq("_id", id)).first();
        if (feed == null || feed.getString("revokedAt") != null
                || !owner.userId().equals(feed.get("owner", Document.class).getString("userId"))) {
            throw new NotFoundException("You have no calendar feed " + id + ".");
        }
        feeds().updateOne(Filters.eq("_id", id), Updates.set("revokedAt", clock.instant().toString()));
    }

    /**
     * What the feed with this token answers now, read with its owner's rights; empty for an unknown or revoked token
     * and for an owner who no longer exists or may no longer read reviews.
     */
    public Optional<FeedCalendar> calendar(String token) {
        if (token == null || token.length() > 100) {
            return Optional.empty();
        }
        Document feed = feeds().find(Filters.eq("tokenHash", hash(token))).first();
        if (feed == null || feed.getString("revokedAt") != null) {
            return Optional.empty();
        }
        Optional<RegistryUser> owner = currentOwner(feed.get("owner", Document.class));
        if (owner.isEmpty() || !READERS.contains(owner.get().role())) {
            return Optional.empty();
        }
        String party = feed.getString("party");
        RegistryUser reader = owner.get();
        if (reader.isClerk() && party != null && !party.equals(reader.partyId().value())) {
            // The clerk now acts for another party: the feed made for the old one shows nothing of it.
            return Optional.empty();
        }
        PartyId partyId = party == null ? null : PartyId.of(party);
        String body = feed.getString("responsibleBody");
        ReviewDeadlines deadlines = as(reader, () -> reviews.allReviews(null, null, null, body, partyId, null));
        // Negotiations and measures have no responsible body: a feed of one body's reviews leaves them out.
        NegotiationReads.Deadlines due = body != null ? NegotiationReads.Deadlines.NONE
                : as(reader, () -> negotiations.deadlines(partyId, null, null, null));
        return Optional.of(new FeedCalendar(feed.getString("_id"), reader, feed.getString("name"), feed.getString("language"),
                feed.getString("baseUrl"), deadlines, due));
    }

    /** The owner as the registry knows them now: the configured users, or (identity provider) their last tokens. */
    private Optional<RegistryUser> currentOwner(Document stored) {
        if (security.jwt().enabled()) {
            Role role = Role.parse(stored.getString("role")).orElse(null);
            String party = stored.getString("party");
            if (role == null || role == Role.CLERK && party == null) {
                return Optional.empty();
            }
            return Optional.of(new RegistryUser(stored.getString("userId"), stored.getString("name"), role,
                    party == null ? null : PartyId.of(party)));
        }
        try {
            return CurrentUser.of(new UsernamePasswordAuthenticationToken(
                    users.loadUserByUsername(stored.getString("userId")), null, List.of()));
        } catch (UsernameNotFoundException gone) {
            return Optional.empty();
        }
    }

    /** Runs a read as the feed's owner, so the party scope of {@link ReviewReads} applies to them. */
    private static <T> T as(RegistryUser owner, Supplier<T> read) {
        SecurityContext previous = SecurityContextHolder.getContext();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(owner, null,
                List.of(new SimpleGrantedAuthority(owner.role().authority()))));
        SecurityContextHolder.setContext(context);
        try {
            return read.get();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }

    private static RegistryUser signedIn() {
        return CurrentUser.get().orElseThrow(() -> new ForbiddenException("Sign in first."));
    }

    /** A clerk's feed is of their own party; naming another is refused. Other roles may name any known party. */
    private String partyOf(String requested, RegistryUser owner) {
        if (requested == null || requested.isBlank()) {
            return owner.isClerk() ? owner.partyId().value() : null;
        }
        PartyId party;
        try {
            party = PartyId.of(requested.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("party", e.getMessage());
        }
        if (directory.find(party).isEmpty()) {
            throw new InvalidFieldException("party", "No party " + party.value() + " in the party directory.");
        }
        if (owner.isClerk() && !owner.partyId().equals(party)) {
            throw new ForbiddenException("You act for " + owner.partyId() + "; a feed of yours lists your own "
                    + "party's reviews, not " + party + "'s.");
        }
        return party.value();
    }

    private static String languageOf(String requested, Locale language) {
        if (requested != null && !requested.isBlank()) {
            String lang = requested.strip().toLowerCase(Locale.ROOT);
            if (!LANGUAGES.contains(lang)) {
                throw new InvalidFieldException("language", "The feed's language is fi, sv or en; got " + requested
                        + ".");
            }
            return lang;
        }
        return language != null && LANGUAGES.contains(language.getLanguage()) ? language.getLanguage() : "fi";
    }

    private static Document ownerDocument(RegistryUser owner) {
        return new Document("userId", owner.userId()).append("name", owner.displayName())
                .append("role", owner.role().name())
                .append("party", owner.partyId() == null ? null : owner.partyId().value());
    }

    /** With an identity provider: the owner's role and party as their latest request showed them. */
    private void refreshOwner(Document feed, RegistryUser owner) {
        Document now = ownerDocument(owner);
        if (!now.equals(feed.get("owner", Document.class))) {
            feeds().updateOne(Filters.eq("_id", feed.getString("_id")), Updates.set("owner", now));
        }
    }

    private static Feed feedOf(Document d) {
        return new Feed(d.getString("_id"), d.getString("name"), null, Instant.parse(d.getString("createdAt")),
                d.getString("responsibleBody"), d.getString("party"), d.getString("language"));
    }

    /** The stored form of a token: SHA-256, hex. */
    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private MongoCollection<Document> feeds() {
        return database.getCollection(COLLECTION);
    }
}
