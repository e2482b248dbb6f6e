package fi.agreementregistry.api.application;

import fi.agreementregistry.api.security.CurrentUser;
import fi.agreementregistry.api.security.RegistryUser;

import fi.agreementregistry.core.agreement.AgreementDrafted;
import fi.agreementregistry.core.agreement.AgreementId;
import fi.agreementregistry.core.agreement.PartyAdded;
import fi.agreementregistry.core.agreement.PartyRemoved;
import fi.agreementregistry.core.party.PartyId;
import fi.agreementregistry.core.party.PartyRef;
import fi.agreementregistry.projections.agreement.AgreementView;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A clerk's party scope, as far as the application layer checks it (the URL rules in {@code SecurityConfiguration}
 * have already checked the role). Other roles are not bound to a party.
 * <ul>
 *   <li>a clerk drafts only agreements that include their party;</li>
 *   <li>records approvals and signatures only for their own party;</li>
 *   <li>reads only agreements their party belongs to, and lists only their own party's.</li>
 * </ul>
 * That a clerk changes only agreements their party belongs to is the Agreement aggregate's rule
 * ({@code actor-not-a-party}, from the actor in the command's metadata), checked before its other rules and before
 * the expected sequence; {@code AgreementCommands} answers it with {@link #unknownAgreement}.
 * <p>
 * An agreement a clerk may not read looks unknown: every request about it, read or command, gets the very 404
 * an unknown id gets, before anything else about the request, so no answer tells that it exists. So a refusal
 * given here for a command (acting for another party, a successor the clerk may not see) first makes sure the
 * clerk's party is in the agreement ({@link #requireMemberOf}); only these refusals, and reads, look at the
 * agreement's events here. Membership comes from those events, not the read model, so a party just added or
 * removed counts at once.
 */
@Component
public class PartyScope {

    private final EventStore eventStore;

    public PartyScope(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    private static RegistryUser user() {
        return CurrentUser.get().orElseThrow(() -> new ForbiddenException("Sign in first."));
    }

    /** A draft must include the clerk's own party. */
    public void requireDraftIncludesOwnParty(Collection<PartyId> parties) {
        RegistryUser user = user();
        if (user.isClerk() && (parties == null || !parties.contains(user.partyId()))) {
            throw new ForbiddenException("You act for " + user.partyId()
                    + "; you may draft only agreements that include your party.");
        }
    }

    /**
     * Approvals and signatures: a clerk acts for their own party only. A clerk outside the agreement gets the 404 of
     * an unknown agreement instead, as the aggregate would have answered before anything else.
     */
    public void requireActingFor(AgreementId agreement, PartyId party) {
        RegistryUser user = user();
        if (user.isClerk() && !user.partyId().equals(party)) {
            requireMemberOf(agreement);
            throw new ForbiddenException("You act for " + user.partyId() + "; you may not record this for "
                    + party + ". Its own clerk records it.");
        }
    }

    /**
     * Before the application layer refuses a clerk's command on its own: the clerk's party must be one of the
     * agreement's parties, or the answer is the 404 of an unknown id ({@link #unknownAgreement}), which is what the
     * aggregate's {@code actor-not-a-party} rule would answer first. Other roles pass (an unknown id gets its 404
     * when the command is sent).
     */
    public void requireMemberOf(AgreementId agreement) {
        if (!isMemberOf(agreement)) {
            throw unknownAgreement(agreement.value());
        }
    }

    /** For a clerk: is their party one of the agreement's parties (false for an unknown agreement)? Others: true. */
    public boolean isMemberOf(AgreementId agreement) {
        RegistryUser user = user();
        return !user.isClerk() || partiesOf(agreement).contains(user.partyId());
    }

    /** Reads of one agreement: a clerk outside it gets the 404 of an unknown agreement. */
    public void requireMayRead(AgreementId agreement) {
        requireMayRead(agreement, () -> unknownAgreement(agreement.value()));
    }

    /**
     * Reads whose endpoint words its 404 for an unknown agreement its own way (as of a date, a version of the
     * principles): a clerk outside the agreement gets exactly that answer.
     */
    public void requireMayRead(AgreementId agreement, Supplier<? extends RuntimeException> asIfUnknown) {
        if (!mayRead(agreement)) {
            throw asIfUnknown.get();
        }
    }

    /** May the current user read this agreement? True for an unknown one (its own 404 follows). */
    public boolean mayRead(AgreementId agreement) {
        RegistryUser user = user();
        if (!user.isClerk()) {
            return true;
        }
        Set<PartyId> parties = partiesOf(agreement);
        return parties.isEmpty() || parties.contains(user.partyId());
    }

    /**
     * Is there an agreement by this id that the current user may read (a measure may be linked to it)? False for an
     * unknown id, for another aggregate's id (a negotiation's) and, for a clerk, for an agreement their party is not
     * in: the caller cannot tell these apart.
     */
    public boolean existsAndMayRead(AgreementId agreement) {
        RegistryUser user = user();
        Set<PartyId> parties = partiesOf(agreement);
        return !parties.isEmpty() && (!user.isClerk() || parties.contains(user.partyId()));
    }

    /** The one answer for an agreement that does not exist or that the caller may not read. */
    public static NotFoundException unknownAgreement(String id) {
        return new NotFoundException("There is no agreement " + id + ".");
    }

    /**
     * Lists across agreements (history, review deadlines, portfolios): a clerk sees their own party's only,
     * so the party filter becomes their party; naming another party is refused.
     */
    public PartyId ownPartyOr(PartyId requested) {
        return ownPartyOr(requested, "agreements");
    }

    /** As {@link #ownPartyOr(PartyId)}, for a list of other things ("measures", "negotiations due"). */
    public PartyId ownPartyOr(PartyId requested, String what) {
        RegistryUser user = user();
        if (!user.isClerk()) {
            return requested;
        }
        if (requested != null && !requested.equals(user.partyId())) {
            throw new ForbiddenException("You act for " + user.partyId() + "; you may list only your own party's "
                    + what + ", not " + requested + "'s.");
        }
        return user.partyId();
    }

    /** Reads: may the current user see this agreement? */
    public boolean maySee(AgreementView agreement) {
        RegistryUser user = CurrentUser.get().orElse(null);
        if (user == null) {
            return false;
        }
        if (!user.isClerk()) {
            return true;
        }
        String own = user.partyId().value();
        return agreement.parties() != null && agreement.parties().stream().anyMatch(p -> own.equals(p.partyId()));
    }

    private Set<PartyId> partiesOf(AgreementId agreement) {
        Set<PartyId> parties = new HashSet<>();
        eventStore.readEvents(agreement.value(), 0).asStream().forEach(event -> {
            Object payload = event.getPayload();
            if (payload instanceof AgreementDrafted drafted) {
                drafted.parties().stream().map(PartyRef::id).forEach(parties::add);
            } else if (payload instanceof PartyAdded added) {
                parties.add(added.party().id());
            } else if (payload instanceof PartyRemoved removed) {
                parties.remove(removed.party().id());
            }
        });
        return parties;
    }
}
