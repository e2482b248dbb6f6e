package fi.agreementregistry.api.application.publicregister;

import fi.agreementregistry.api.application.InvalidFieldException;
import fi.agreementregistry.api.application.NotFoundException;
import fi.agreementregistry.api.application.Pages;
import fi.agreementregistry.api.security.PublicPaths;
import fi.agreementregistry.core.InvalidValueException;
import fi.agreementregistry.core.agreement.AgreementId;
import fi.agreementregistry.core.agreement.AgreementKind;
import fi.agreementregistry.core.agreement.AgreementStatus;
import fi.agreementregistry.core.agreement.CouncilTerm;
import fi.agreementregistry.core.agreement.Principle;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.projections.agreement.AgreementList;
import fi.agreementregistry.projections.agreement.AgreementView;
import fi.agreementregistry.projections.agreement.FindAgreement;
import fi.agreementregistry.projections.agreement.FindAgreements;
import fi.agreementregistry.projections.history.AgreementHistory;
import fi.agreementregistry.projections.history.FindAgreementHistory;
import fi.agreementregistry.projections.history.FindHistory;
import fi.agreementregistry.projections.history.FindPrinciplesDiff;
import fi.agreementregistry.projections.history.HistoryEntry;
import fi.agreementregistry.projections.history.HistoryPage;
import fi.agreementregistry.projections.history.PrinciplesDiff;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The public register (issue 18): the agreements that have entered into force, and those of them since superseded or
 * terminated, for anyone without signing in. A draft, and an agreement that was superseded or terminated before every
 * party had approved and signed it, is not public, and is answered exactly as an unknown id.
 * <p>
 * It reads the same read models as {@code AgreementReads} (the agreement summaries, the history and its diff of the
 * principles), but not through it: those reads are the signed-in user's, within their party scope. What it answers is
 * built field by field into the public records ({@link PublicAgreement}, {@link PublicAgreementSummary},
 * {@link PublicChange}), so a field added to a read model never reaches the public by accident.
 */
@Service
@EnableConfigurationProperties(PublicRegisterProperties.class)
public class PublicRegister {

    /** The events the public is told of, in the feed. */
    private static final Map<String, PublicChange.Kind> CHANGES = Map.of(
            "AgreementEnteredIntoForce", PublicChange.Kind.ENTERED_INTO_FORCE,
            "PrinciplesAmended", PublicChange.Kind.AMENDED,
            "ReviewCompleted", PublicChange.Kind.REVIEW_COMPLETED,
            "AgreementSuperseded", PublicChange.Kind.SUPERSEDED,
            "AgreementTerminated", PublicChange.Kind.TERMINATED);
    private static final int HISTORY_BATCH = 200;

    private final QueryGateway queryGateway;
    private final PublicRegisterProperties properties;

    public PublicRegister(QueryGateway queryGateway, PublicRegisterProperties properties) {
        this.queryGateway = queryGateway;
        this.properties = properties;
    }

    public PublicRegisterProperties.Licence licence() {
        return properties.licence();
    }

    /** Has every party approved and signed it? Only then is an agreement public, also once it has ended. */
    static boolean isPublic(AgreementView agreement) {
        return agreement.status() != AgreementStatus.DRAFT && agreement.enteredIntoForceOn() != null;
    }

    /**
     * The filters as a form or a query string sends them (an empty field means "any"); a value that cannot be one is a
     * 400 naming its field.
     */
    public static PublicSearch criteria(String words, String party, String region, String councilTerm, String kind,
                                        String status) {
        PartyId partyId = null;
        CouncilTerm term = null;
        try {
            partyId = blank(party) ? null : PartyId.of(party.strip());
        } catch (InvalidValueException e) {
            throw new InvalidFieldException("party", e.getMessage());
        }
        try {
            term = blank(councilTerm) ? null : CouncilTerm.parse(councilTerm);
        } catch (InvalidValueException e) {
            throw new InvalidFieldException("councilTerm", e.getMessage());
        }
        AgreementStatus agreementStatus = blank(status) ? null
                : named(AgreementStatus.class, "status", status, Set.of(AgreementStatus.DRAFT));
        return new PublicSearch(blank(words) ? null : words.strip(), partyId, blank(region) ? null : region.strip(),
                term, blank(kind) ? null : named(AgreementKind.class, "kind", kind, Set.of()), agreementStatus);
    }

    /** A page of the public agreements that match, by title; {@code page} from 1, {@code limit} as every list's. */
    public PublicAgreementPage search(PublicSearch search, Integer page, Integer limit) {
        return search(summaries(), search, page, limit);
    }

    /** The search page's results and its form's choices, from one read of the public agreements. */
    public SearchPage searchPage(PublicSearch search, Integer page, Integer limit) {
        List<PublicAgreementSummary> all = summaries();
        return new SearchPage(search(all, search, page, limit), options(all));
    }

    /** A page of results and the choices of the form that asked for them. */
    public record SearchPage(PublicAgreementPage results, SearchOptions options) {
    }

    private PublicAgreementPage search(List<PublicAgreementSummary> all, PublicSearch search, Integer page,
                                       Integer limit) {
        int size = Pages.limit(limit);
        int number = page == null ? 1 : page;
        if (number < 1) {
            throw new InvalidFieldException("page", "page counts from 1; got " + number);
        }
        List<PublicAgreementSummary> matching = all.stream().filter(search::matches).toList();
        int pages = Math.max(1, (matching.size() + size - 1) / size);
        long from = (long) (number - 1) * size;
        List<PublicAgreementSummary> shown = from >= matching.size() ? List.of()
                : matching.subList((int) from, (int) Math.min(matching.size(), from + size));
        return new PublicAgreementPage(shown, number, size, pages, matching.size(), properties.licence());
    }

    /** What the search form offers: the parties, regions and council terms of the public agreements. */
    private static SearchOptions options(List<PublicAgreementSummary> all) {
        Map<String, String> parties = new HashMap<>();
        all.forEach(a -> a.parties().forEach(p -> parties.putIfAbsent(p.id(), p.name())));
        return new SearchOptions(
                parties.entrySet().stream().map(p -> new PublicAgreementSummary.PartyName(p.getKey(), p.getValue()))
                        .sorted(Comparator.comparing(PublicAgreementSummary.PartyName::name)
                                .thenComparing(PublicAgreementSummary.PartyName::id))
                        .toList(),
                all.stream().map(PublicAgreementSummary::region).filter(Objects::nonNull)
                        .collect(Collectors.toCollection(TreeSet::new)).stream().toList(),
                all.stream().map(PublicAgreementSummary::councilTerm).filter(Objects::nonNull)
                        .collect(Collectors.toCollection(TreeSet::new)).descendingSet().stream().toList());
    }

    /** The choices of the search form's lists. */
    public record SearchOptions(List<PublicAgreementSummary.PartyName> parties, List<String> regions,
                                List<String> councilTerms) {
    }

    /** One public agreement in full; a draft, or an id that is no agreement, is the same 404. */
    public PublicAgreement agreement(String id) {
        AgreementView view = publicView(id).orElseThrow(() -> unknown(id));
        return full(view, other -> publicView(other).orElse(null));
    }

    /** Every public agreement in full, by title (the JSON-LD). */
    public List<PublicAgreement> agreements() {
        Map<String, AgreementView> all = publicViews();
        return all.values().stream().map(view -> full(view, all::get)).toList();
    }

    /**
     * The changes the public is told of, newest business date first (then newest in the agreement's history), at most
     * {@code registry.public.feed-entries}. A change of an agreement that is not public (a terminated draft) is left
     * out, and so is an amendment of a draft: only a new version coming into force counts.
     */
    public List<PublicChange> changes() {
        int max = properties.feedEntries();
        Map<String, AgreementView> visible = publicViews();
        Map<String, Integer> enteredVersions = new HashMap<>();
        List<PublicChange> changes = new ArrayList<>();
        for (String type : CHANGES.keySet()) {
            int found = 0;
            String cursor = null;
            do {
                HistoryPage page = ask(FindHistory.byCursor(null, null, null, type, HISTORY_BATCH, cursor),
                        HistoryPage.class).orElseThrow();
                for (HistoryEntry entry : page.entries()) {
                    if (found >= max) {
                        break;
                    }
                    AgreementView agreement = visible.get(entry.agreementId());
                    if (agreement == null) {
                        continue;
                    }
                    if (type.equals("PrinciplesAmended") && entry.version() <= enteredVersions.computeIfAbsent(
                            entry.agreementId(), id -> enteredVersion(history(id), agreement))) {
                        continue; // an amendment of the draft, before it entered into force
                    }
                    changes.add(change(entry, agreement, visible));
                    found++;
                }
                cursor = page.nextCursor();
            } while (cursor != null && found < max);
        }
        return changes.stream()
                .sorted(Comparator.comparing(PublicChange::on).thenComparing(PublicChange::sequence).reversed()
                        .thenComparing(PublicChange::agreementId))
                .limit(max)
                .toList();
    }

    private static PublicChange change(HistoryEntry entry, AgreementView agreement,
                                       Map<String, AgreementView> visible) {
        PublicChange.Kind kind = CHANGES.get(entry.eventType());
        AgreementView successor = entry.successorId() == null ? null : visible.get(entry.successorId());
        return new PublicChange(entry.agreementId(), entry.sequence(), kind, entry.effectiveOn(), agreement.title(),
                kind == PublicChange.Kind.ENTERED_INTO_FORCE || kind == PublicChange.Kind.AMENDED ? entry.version() : null,
                entry.outcome(),
                successor == null ? null : new PublicAgreement.AgreementRef(successor.id(), successor.title()));
    }

    // ---- building the public records, field by field ------------------------------------------------------------

    private List<PublicAgreementSummary> summaries() {
        return publicViews().values().stream().map(PublicRegister::summary).toList();
    }

    private static PublicAgreementSummary summary(AgreementView view) {
        return new PublicAgreementSummary(view.id(), view.title(), view.kind(), view.region(), term(view),
                view.status(), view.enteredIntoForceOn(), view.endedOn(), view.version(),
                view.parties().stream().map(p -> new PublicAgreementSummary.PartyName(p.partyId(), p.name())).toList(),
                links(view.id()));
    }

    /** @param visible the public agreement of an id, or null (a draft, or none) */
    private PublicAgreement full(AgreementView view, Function<String, AgreementView> visible) {
        List<HistoryEntry> history = history(view.id());
        List<PublicAgreement.Version> versions = versions(view, history);
        Set<Integer> publicVersions = versions.stream().map(PublicAgreement.Version::version)
                .collect(Collectors.toSet());
        List<PublicAgreement.Party> parties = view.parties().stream()
                .map(p -> new PublicAgreement.Party(p.partyId(), p.name(),
                        approvals(history, p.partyId(), publicVersions),
                        signatures(history, p.partyId(), p.name(), publicVersions)))
                .toList();
        return new PublicAgreement(view.id(), view.title(), view.kind(), view.region(), term(view), view.status(),
                view.enteredIntoForceOn(), view.version(), view.endedOn(),
                view.status() == AgreementStatus.TERMINATED ? view.terminationReason() : null,
                parties, versions, List.copyOf(view.goals()),
                view.forums().stream().map(f -> new PublicAgreement.Forum(f.name(), f.level())).toList(),
                view.reviews().stream().map(r -> new PublicAgreement.Review(r.kind(), r.dueBy(), r.responsibleBody(),
                        r.status(), r.completedOn(), r.outcome(), r.minutesReference())).toList(),
                reference(view.supersedes(), visible), reference(view.supersededBy(), visible), links(view.id()),
                properties.licence());
    }

    /** The version that entered into force, then each amended version that came into force, oldest first. */
    private List<PublicAgreement.Version> versions(AgreementView view, List<HistoryEntry> history) {
        int entered = enteredVersion(history, view);
        record InForce(int version, LocalDate from, List<Principle> principles) {
        }
        List<InForce> inForce = new ArrayList<>();
        List<Principle> first = null;
        for (HistoryEntry e : history) {
            boolean recordsText = e.eventType().equals("AgreementDrafted") || e.eventType().equals("PrinciplesAmended");
            if (recordsText && e.version() != null && e.version() == entered && inForce.isEmpty()) {
                first = e.principlesAfter();
            } else if (e.eventType().equals("AgreementEnteredIntoForce") && inForce.isEmpty()) {
                inForce.add(new InForce(entered, view.enteredIntoForceOn(), first));
            } else if (e.eventType().equals("PrinciplesAmended") && e.version() != null && e.version() > entered) {
                inForce.add(new InForce(e.version(), e.effectiveOn(), e.principlesAfter()));
            }
        }
        if (inForce.isEmpty()) {
            // The history has not yet caught up with the summary (a moment after the agreement entered into force).
            inForce.add(new InForce(view.version(), view.enteredIntoForceOn(), view.principles()));
        }
        List<PublicAgreement.Version> versions = new ArrayList<>();
        for (int i = 0; i < inForce.size(); i++) {
            InForce v = inForce.get(i);
            LocalDate until = i + 1 < inForce.size() ? inForce.get(i + 1).from() : view.endedOn();
            PublicAgreement.Changes changes = i == 0 ? null : changes(view.id(), inForce.get(i - 1).version(),
                    v.version());
            versions.add(new PublicAgreement.Version(v.version(), v.from(), until, principles(v.principles()),
                    changes));
        }
        return versions;
    }

    /** The version that entered into force: the event says; before the history has it, the summary's. */
    private static int enteredVersion(List<HistoryEntry> history, AgreementView view) {
        return history.stream().filter(e -> e.eventType().equals("AgreementEnteredIntoForce"))
                .map(HistoryEntry::version).filter(Objects::nonNull).findFirst()
                .orElse(view.version());
    }

    /** What changed between two versions, as the signed-in agreement page's diff computes it. */
    private PublicAgreement.Changes changes(String id, int from, int to) {
        return ask(new FindPrinciplesDiff(AgreementId.of(id), from, to), PrinciplesDiff.class)
                .map(d -> new PublicAgreement.Changes(from, to, principles(d.added()), principles(d.removed()),
                        d.changed().stream().map(c -> new PublicAgreement.Change(c.number(), c.before(), c.after()))
                                .toList()))
                .orElse(null);
    }

    private static List<PublicAgreement.Principle> principles(List<Principle> principles) {
        return principles == null ? List.of()
                : principles.stream().map(p -> new PublicAgreement.Principle(p.number(), p.text())).toList();
    }

    /** A party's approvals of the versions that have been in force; the last recorded per version. */
    private static List<PublicAgreement.Approval> approvals(List<HistoryEntry> history, String partyId,
                                                            Set<Integer> versions) {
        return lastPerVersion(history, "ApprovalRecorded", partyId, versions, e -> new PublicAgreement.Approval(
                e.version(), e.decisionBody(), e.meetingDate(), e.section(), e.diaryNumber()));
    }

    /** A party's signatures: by title and organisation; by name only when the registry is set to publish names. */
    private List<PublicAgreement.Signature> signatures(List<HistoryEntry> history, String partyId, String partyName,
                                                       Set<Integer> versions) {
        return lastPerVersion(history, "AgreementSigned", partyId, versions, e -> new PublicAgreement.Signature(
                e.version(), e.signatoryTitle(), partyName,
                properties.showSignatoryNames() ? e.signatoryName() : null, e.effectiveOn()));
    }

    private static <T> List<T> lastPerVersion(List<HistoryEntry> history, String type, String partyId,
                                              Set<Integer> versions, Function<HistoryEntry, T> copy) {
        Map<Integer, T> byVersion = new LinkedHashMap<>();
        history.stream()
                .filter(e -> e.eventType().equals(type) && partyId.equals(e.partyId()) && versions.contains(e.version()))
                .forEach(e -> byVersion.put(e.version(), copy.apply(e)));
        return List.copyOf(byVersion.values());
    }

    private static PublicAgreement.AgreementRef reference(String id, Function<String, AgreementView> visible) {
        AgreementView other = id == null ? null : visible.apply(id);
        return other == null ? null : new PublicAgreement.AgreementRef(other.id(), other.title());
    }

    static PublicAgreement.Links links(String id) {
        return new PublicAgreement.Links(PublicPaths.API + "/agreements/" + id,
                PublicPaths.pages("fi") + "/" + id, PublicPaths.pages("sv") + "/" + id,
                PublicPaths.pages("en") + "/" + id);
    }

    private static String term(AgreementView view) {
        return view.councilTerm() == null ? null : view.councilTerm().toString();
    }

    // ---- reading ------------------------------------------------------------------------------------------------

    /** Every public agreement's summary, by title then id, keyed by id. */
    private Map<String, AgreementView> publicViews() {
        Map<String, AgreementView> views = new LinkedHashMap<>();
        ask(FindAgreements.all(), AgreementList.class).orElseThrow().agreements().stream()
                .filter(PublicRegister::isPublic)
                .forEach(view -> views.put(view.id(), view));
        return views;
    }

    private Optional<AgreementView> publicView(String id) {
        AgreementId agreementId;
        try {
            agreementId = AgreementId.of(id);
        } catch (InvalidValueException e) {
            return Optional.empty();
        }
        return ask(new FindAgreement(agreementId), AgreementView.class).filter(PublicRegister::isPublic);
    }

    private List<HistoryEntry> history(String id) {
        return ask(new FindAgreementHistory(AgreementId.of(id), null, null, null, null), AgreementHistory.class)
                .map(AgreementHistory::entries).orElse(List.of());
    }

    /** The one answer for an id that is not a public agreement, whether it is a draft or nothing at all. */
    private static NotFoundException unknown(String id) {
        return new NotFoundException("The public register has no agreement " + id + ".");
    }

    private <R> Optional<R> ask(Object query, Class<R> type) {
        return Optional.ofNullable(queryGateway.query(query, ResponseTypes.instanceOf(type)).join());
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static <E extends Enum<E>> E named(Class<E> type, String field, String value, Set<E> excluded) {
        List<E> allowed = Arrays.stream(type.getEnumConstants()).filter(e -> !excluded.contains(e)).toList();
        return allowed.stream().filter(e -> e.name().equalsIgnoreCase(value.strip())).findFirst()
                .orElseThrow(() -> new InvalidFieldException(field, "'" + value + "' is not one of " + allowed));
    }
}
