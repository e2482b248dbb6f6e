package fi.agreementregistry.api.security;

import fi.agreementregistry.core.actor.Actor;
import fi.agreementregistry.core.party.PartyId;

import java.util.Objects;

/**
 * The authenticated user as the registry sees it, whichever way they signed in (HTTP Basic or JWT).
 *
 * @param userId      stable id: the login name, or the identity provider's subject
 * @param displayName the name the history shows
 * @param role        what they may do
 * @param partyId     the party a CLERK acts for; null for the other roles
 */
public record RegistryUser(String userId, String displayName, Role role, PartyId partyId) {

    public RegistryUser {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(role, "role");
        displayName = displayName == null || displayName.isBlank() ? userId : displayName;
        if (role == Role.CLERK && partyId == null) {
            throw new IllegalArgumentException("a CLERK acts for a party; user " + userId + " has none");
        }
        if (role != Role.CLERK) {
            partyId = null;
        }
    }

    public boolean isClerk() {
        return role == Role.CLERK;
    }

    /** Who the events caused by this user's commands will name. */
    public Actor toActor() {
        return new Actor(userId, displayName, role.name(), partyId == null ? null : partyId.value());
    }
}
