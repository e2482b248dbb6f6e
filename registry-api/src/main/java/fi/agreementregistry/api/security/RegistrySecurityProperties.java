package fi.agreementregistry.api.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/**
 * {@code registry.security.*}: who may sign in. With {@code jwt.issuer-uri} set, the registry is an
 * OAuth2 resource server accepting the identity provider's JWTs; otherwise it accepts HTTP Basic for
 * the {@code users} listed here (none by default; the {@code demo} profile lists the demo users).
 *
 * @param users HTTP Basic users, each with a BCrypt password hash (never a plain password)
 * @param jwt   the identity provider, when there is one
 */
@ConfigurationProperties(prefix = "registry.security")
public record RegistrySecurityProperties(List<User> users, Jwt jwt) {

    public RegistrySecurityProperties {
        users = users == null ? List.of() : List.copyOf(users);
        jwt = jwt == null ? new Jwt(null, null, null, null, null, null, null) : jwt;
    }

    /**
     * @param username login name, also the id the history shows
     * @param password BCrypt hash ({@code $2a$...} or {@code {bcrypt}$2a$...})
     * @param name     display name
     * @param role     CLERK, COMMITTEE, AUDITOR or ADMIN
     * @param party    the party a CLERK acts for, e.g. municipality:109
     */
    public record User(String username, String password, String name, String role, String party) {
    }

    /**
     * @param issuerUri   the identity provider's issuer; setting it switches the registry to JWT bearer tokens
     * @param jwkSetUri   where its signing keys are; empty = discovered from the issuer's metadata
     * @param audience    the audience a token must name (aud); empty = not checked
     * @param userIdClaim the claim holding the user's stable id (default sub)
     * @param nameClaim   the claim holding the display name (default name)
     * @param rolesClaim  the claim holding the registry role(s): a string or a list (default roles)
     * @param partyClaim  the claim holding the party a clerk acts for (default party_id)
     */
    public record Jwt(String issuerUri, String jwkSetUri, String audience, String userIdClaim, String nameClaim,
                      String rolesClaim, String partyClaim) {
        public Jwt {
            userIdClaim = orDefault(userIdClaim, "sub");
            nameClaim = orDefault(nameClaim, "name");
            rolesClaim = orDefault(rolesClaim, "roles");
            partyClaim = orDefault(partyClaim, "party_id");
        }

        public boolean enabled() {
            return issuerUri != null && !issuerUri.isBlank();
        }

        private static String orDefault(String value, String fallback) {
            return value == null || value.isBlank() ? fallback : value;
        }
    }
}
