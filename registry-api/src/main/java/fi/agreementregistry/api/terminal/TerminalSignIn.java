package fi.agreementregistry.api.terminal;

import fi.agreementregistry.api.security.CurrentUser;
import fi.agreementregistry.api.security.JwtUserConverter;
import fi.agreementregistry.api.security.RegistrySecurityProperties;
import fi.agreementregistry.api.security.RegistryUser;
import fi.agreementregistry.api.security.Role;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Who runs a terminal admin command. The terminal knows the same users as the API and asks the same question:
 * with HTTP Basic users, a user name and password ({@code registry.security.users}); with an identity provider, a
 * bearer token checked by the same decoder and claim mapping. Only the ADMIN role may run a command; the signed-in
 * user becomes the actor of what the command records in the admin log.
 */
final class TerminalSignIn {

    /** Why a terminal command was refused; the message is meant for the person at the terminal. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    private final BeanFactory beans;

    TerminalSignIn(BeanFactory beans) {
        this.beans = beans;
    }

    /**
     * Signs the caller in for this thread (the command runs on it) and returns them.
     *
     * @param user     the user name, for HTTP Basic users
     * @param password their password
     * @param token    a bearer token, when the registry uses an identity provider
     */
    RegistryUser signIn(String user, char[] password, String token) throws Refused {
        Authentication authentication = hasText(token) ? byToken(token) : byPassword(user, password);
        RegistryUser signedIn = CurrentUser.of(authentication)
                .orElseThrow(() -> new Refused("Sign-in failed: the registry does not know this user."));
        if (signedIn.role() != Role.ADMIN) {
            throw new Refused("Only an administrator may run admin commands; " + signedIn.userId() + " is "
                    + signedIn.role() + ".");
        }
        SecurityContextHolder.getContext().setAuthentication(authentication);
        return signedIn;
    }

    private Authentication byPassword(String user, char[] password) throws Refused {
        if (!hasText(user)) {
            throw new Refused("Sign in as an administrator: --user <name> (or REGISTRY_ADMIN_USER), and the "
                    + "password when asked (or REGISTRY_ADMIN_PASSWORD)"
                    + (beans.getBeanProvider(JwtDecoder.class).getIfAvailable() != null
                    ? "; with an identity provider: --token <JWT> (or REGISTRY_ADMIN_TOKEN)." : "."));
        }
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(beans.getBean(PasswordEncoder.class));
        provider.setUserDetailsService(beans.getBean(UserDetailsService.class));
        try {
            return provider.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(user,
                    password == null ? "" : new String(password)));
        } catch (AuthenticationException e) {
            throw new Refused("Sign-in failed: wrong user name or password.");
        }
    }

    private Authentication byToken(String token) throws Refused {
        JwtDecoder decoder = beans.getBeanProvider(JwtDecoder.class).getIfAvailable();
        if (decoder == null) {
            throw new Refused("This registry has no identity provider configured (registry.security.jwt.issuer-uri);"
                    + " sign in with --user instead.");
        }
        try {
            return new JwtUserConverter(beans.getBean(RegistrySecurityProperties.class).jwt())
                    .convert(decoder.decode(token.trim()));
        } catch (JwtException | AuthenticationException e) {
            throw new Refused("Sign-in failed: " + e.getMessage());
        }
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
