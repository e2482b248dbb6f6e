package fi.agreementregistry.api.security;

import java.util.Locale;
import java.util.Optional;

/**
 * What a user may do (issue 4, "who may do what"). A CLERK acts for exactly one party; the other
 * roles are not bound to a party.
 */
public enum Role {
    /** Drafts agreements that include their party; records approvals and signatures for their own party; reads their party's agreements. */
    CLERK,
    /** Schedules and completes reviews; reads all agreements, deadlines and history. */
    COMMITTEE,
    /** Reads everything; changes nothing. */
    AUDITOR,
    /** Replay, consistency and directory corrections ({@code /api/admin/**}); no business commands. */
    ADMIN;

    /** The Spring Security authority, e.g. ROLE_CLERK. */
    public String authority() {
        return "ROLE_" + name();
    }

    /** A role name as a configuration file or a token claim spells it (case-insensitive, optional ROLE_ prefix). */
    public static Optional<Role> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String name = value.trim().toUpperCase(Locale.ROOT);
        if (name.startsWith("ROLE_")) {
            name = name.substring(5);
        }
        for (Role role : values()) {
            if (role.name().equals(name)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
