package fi.agreementregistry.api.application;

import fi.agreementregistry.core.InvalidValueException;
import fi.agreementregistry.core.agreement.AgreementId;
import fi.agreementregistry.core.agreement.AgreementStatus;
import fi.agreementregistry.core.agreement.CouncilTerm;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.projections.agreement.AgreementList;
import fi.agreementregistry.projections.agreement.AgreementView;
import fi.agreementregistry.projections.agreement.FindAgreementAsOf;
import fi.agreementregistry.projections.agreement.FindAgreements;
import fi.agreementregistry.projections.agreement.ReviewView;
import fi.agreementregistry.projections.history.AgreementHistory;
import fi.agreementregistry.projections.history.AgreementHistoryProjection;
import fi.agreementregistry.projections.history.FindAgreementHistory;
import fi.agreementregistry.projections.history.FindHistory;
import fi.agreementregistry.projections.history.FindPrinciples;
import fi.agreementregistry.projections.history.FindPrinciplesDiff;
import fi.agreementregistry.projections.history.HistoryPage;
import fi.agreementregistry.projections.history.PrinciplesDiff;
import fi.agreementregistry.projections.history.PrinciplesVersion;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Every read of agreements and their history, for every adapter, within the caller's party scope: an agreement the
 * caller may not read is answered exactly like one that does not exist (404), so the answer never tells it exists.
 */
@Service
public class AgreementReads {

    private final QueryGateway queryGateway;
    private final AgreementReadModel readModel;
    private final PartyScope partyScope;
    private final DateWindow dates;

    public AgreementReads(QueryGateway queryGateway, AgreementReadModel readModel, PartyScope partyScope,
                          DateWindow dates) {
        this.queryGateway = queryGateway;
        this.readModel = readModel;
        this.partyScope = partyScope;
        this.dates = dates;
    }

    /** The agreement as it stands now. */
    public AgreementView agreement(String id) {
        return readModel.find(AgreementCommands.agreementId(id)).filter(partyScope::maySee)
                .orElseThrow(() -> PartyScope.unknownAgreement(id));
    }

    /** @param councilTerm e.g. {@code 2025-2029}, or null */
    public List<AgreementView> agreements(PartyId party, AgreementStatus status, String councilTerm) {
        CouncilTerm term = null;
        if (councilTerm != null && !councilTerm.isBlank()) {
            try {
                term = CouncilTerm.parse(councilTerm);
            } catch (InvalidValueException e) {
                throw new InvalidFieldException("councilTerm", e.getMessage());
            }
        }
        return ask(new FindAgreements(party, status, term), AgreementList.class).orElseThrow().agreements()
                .stream().filter(partyScope::maySee).toList();
    }

    public ReviewView review(String id, String reviewId) {
        return agreement(id).reviews().stream().filter(r -> r.reviewId().equals(reviewId)).findFirst()
                .orElseThrow(() -> new NotFoundException("Agreement " + id + " has no review " + reviewId + "."));
    }

    /**
     * The agreement as it stood on a business day ({@code asOf}) as the registry knew it at an instant
     * ({@code knownAt}); either may be null (today; now).
     */
    public AgreementView asOf(String id, LocalDate asOf, Instant knownAt) {
        dates.require("asOf", asOf);
        dates.require("knownAt", knownAt);
        Supplier<NotFoundException> none = () -> new NotFoundException("There was no agreement " + id
                + (asOf != null ? " on " + asOf : "") + (knownAt != null ? " as known at " + knownAt : "") + ".");
        AgreementId agreementId;
        try {
            agreementId = AgreementId.of(id);
        } catch (InvalidValueException e) {
            throw none.get();
        }
        partyScope.requireMayRead(agreementId, none);
        return ask(new FindAgreementAsOf(agreementId, asOf, knownAt), AgreementView.class).orElseThrow(none);
    }

    /** One agreement's events, filtered; {@code type} is an event type in any case, or null. */
    public AgreementHistory history(String id, PartyId party, String type, LocalDate from, LocalDate to) {
        FindAgreementHistory query = new FindAgreementHistory(AgreementCommands.agreementId(id), party,
                eventType(type), from, to);
        requireRange(from, to);
        partyScope.requireMayRead(query.agreementId(), () -> PartyScope.unknownAgreement(id));
        return ask(query, AgreementHistory.class).orElseThrow(() -> PartyScope.unknownAgreement(id));
    }

    /**
     * Every agreement's events the caller may read, newest business date first, by page number ({@code page} counts
     * from 0): each page counts and skips the entries before it, so prefer {@link #allHistory(LocalDate, LocalDate,
     * PartyId, String, Integer, String)}.
     */
    public HistoryPage allHistory(LocalDate from, LocalDate to, PartyId party, String type, int page, int size) {
        requireRange(from, to);
        if (page < 0) {
            throw new InvalidFieldException("page", "page counts from 0; got " + page);
        }
        if (size < 1 || size > 500) {
            throw new InvalidFieldException("size", "size is from 1 to 500; got " + size);
        }
        return ask(new FindHistory(from, to, partyScope.ownPartyOr(party), eventType(type), page, size),
                HistoryPage.class).orElseThrow();
    }

    /**
     * The same by cursor: {@code limit} entries (1 to 1,000; default 100) from where {@code cursor} (the previous
     * page's {@code nextCursor}) says.
     */
    public HistoryPage allHistory(LocalDate from, LocalDate to, PartyId party, String type, Integer limit,
                                  String cursor) {
        requireRange(from, to);
        int pageSize = Pages.limit(limit);
        PartyId scoped = partyScope.ownPartyOr(party);
        String eventType = eventType(type);
        return Pages.run(() -> FindHistory.byCursor(from, to, scoped, eventType, pageSize, cursor),
                query -> ask(query, HistoryPage.class).orElseThrow());
    }

    public PrinciplesVersion principles(String id, int version) {
        Supplier<NotFoundException> none = () -> new NotFoundException("Agreement " + id + " has no version "
                + version + " of its principles.");
        partyScope.requireMayRead(AgreementCommands.agreementId(id), none);
        return ask(new FindPrinciples(AgreementCommands.agreementId(id), version), PrinciplesVersion.class)
                .orElseThrow(none);
    }

    public PrinciplesDiff diff(String id, int from, int to) {
        Supplier<NotFoundException> none = () -> new NotFoundException("Agreement " + id
                + " does not have both versions " + from + " and " + to + " of its principles.");
        partyScope.requireMayRead(AgreementCommands.agreementId(id), none);
        return ask(new FindPrinciplesDiff(AgreementCommands.agreementId(id), from, to), PrinciplesDiff.class)
                .orElseThrow(none);
    }

    private <R> Optional<R> ask(Object query, Class<R> type) {
        return Optional.ofNullable(queryGateway.query(query, ResponseTypes.instanceOf(type)).join());
    }

    private static String eventType(String type) {
        if (type == null || type.isBlank()) {
            return null;
        }
        return AgreementHistoryProjection.EVENT_TYPES.stream().filter(t -> t.equalsIgnoreCase(type.strip()))
                .findFirst()
                .orElseThrow(() -> new InvalidFieldException("type", "'" + type + "' is not an event type; use one of "
                        + AgreementHistoryProjection.EVENT_TYPES));
    }

    private void requireRange(LocalDate from, LocalDate to) {
        dates.require("from", from);
        dates.require("to", to);
        if (from != null && to != null && from.isAfter(to)) {
            throw new InvalidFieldException("from", "from (" + from + ") is after to (" + to + ")");
        }
    }
}
