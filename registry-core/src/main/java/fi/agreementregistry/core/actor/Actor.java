package fi.agreementregistry.core.actor;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who caused an event: the authenticated user and the party they acted for. The API puts it into
 * every message's metadata (Axon correlation data) under the keys below; it is never taken from a
 * request body. Events the registry raises by itself carry {@link #SYSTEM}.
 *
 * @param userId      the user's stable id (login name or the identity provider's subject)
 * @param displayName the user's name as shown in the history
 * @param role        CLERK, COMMITTEE, AUDITOR, ADMIN or SYSTEM
 * @param partyId     the party a clerk acts for (e.g. municipality:109); null for other roles
 */
public record Actor(String userId, String displayName, String role, String partyId) {

    public static final String USER_ID = "actorUserId";
    public static final String DISPLAY_NAME = "actorName";
    public static final String ROLE = "actorRole";
    public static final String PARTY_ID = "actorPartyId";

    /** The role of a user who acts for one party, and may act only on that party's agreements. */
    public static final String CLERK_ROLE = "CLERK";

    public static final Actor SYSTEM = new Actor("registry", "Agreement registry", "SYSTEM", null);

    /** The metadata entries for this actor (a null party is left out). */
    public Map<String, Object> toMetaData() {
        Map<String, Object> metaData = new HashMap<>();
        metaData.put(USER_ID, userId);
        metaData.put(DISPLAY_NAME, displayName);
        metaData.put(ROLE, role);
        if (partyId != null) {
            metaData.put(PARTY_ID, partyId);
        }
        return metaData;
    }

    /** The actor recorded in a message's metadata, if any. */
    public static Optional<Actor> fromMetaData(Map<String, ?> metaData) {
        Object userId = metaData.get(USER_ID);
        if (userId == null) {
            return Optional.empty();
        }
        return Optional.of(new Actor(String.valueOf(userId), asString(metaData.get(DISPLAY_NAME)),
                asString(metaData.get(ROLE)), asString(metaData.get(PARTY_ID))));
    }

    private static String asString(Object value) {
        return value == null ? null : String.valueOf(value);
    }
}
