package fi.agreementregistry.api.security;

import fi.agreementregistry.core.InvalidValueException;
import fi.agreementregistry.core.party.PartyId;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Maps a validated JWT to a {@link RegistryUser} through the configured claim names. A token without
 * a registry role, or a clerk's token without a valid party, is refused (401): the registry cannot
 * tell what such a user may do.
 */
public class JwtUserConverter implements Converter<Jwt, AbstractAuthenticationToken> {

    private final RegistrySecurityProperties.Jwt claims;

    public JwtUserConverter(RegistrySecurityProperties.Jwt claims) {
        this.claims = claims;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        String userId = jwt.getClaimAsString(claims.userIdClaim());
        if (userId == null || userId.isBlank()) {
            throw new InvalidBearerTokenException("The token has no " + claims.userIdClaim() + " claim.");
        }
        Role role = roles(jwt.getClaim(claims.rolesClaim())).stream()
                .map(Role::parse).flatMap(Optional::stream).findFirst()
                .orElseThrow(() -> new InvalidBearerTokenException("The token's " + claims.rolesClaim()
                        + " claim names no registry role (CLERK, COMMITTEE, AUDITOR or ADMIN)."));
        PartyId party = null;
        if (role == Role.CLERK) {
            try {
                party = PartyId.of(jwt.getClaimAsString(claims.partyClaim()));
            } catch (InvalidValueException | NullPointerException e) {
                throw new InvalidBearerTokenException("A clerk's token must name the party in its "
                        + claims.partyClaim() + " claim, e.g. municipality:109.");
            }
        }
        RegistryUser user = new RegistryUser(userId, jwt.getClaimAsString(claims.nameClaim()), role, party);
        return UsernamePasswordAuthenticationToken.authenticated(user, jwt,
                List.of(new SimpleGrantedAuthority(role.authority())));
    }

    private static List<String> roles(Object claim) {
        if (claim instanceof String text) {
            return List.of(text.split("[,\\s]+"));
        }
        if (claim instanceof Collection<?> values) {
            return values.stream().map(String::valueOf).toList();
        }
        return List.of();
    }
}
