package fi.agreementregistry.api.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import java.util.Optional;

/** The registry user behind the current request, whichever way they authenticated. */
public final class CurrentUser {

    private CurrentUser() {
    }

    public static Optional<RegistryUser> get() {
        return of(SecurityContextHolder.getContext().getAuthentication());
    }

    public static Optional<RegistryUser> of(Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated()) {
            return Optional.empty();
        }
        Object principal = authentication.getPrincipal();
        if (principal instanceof RegistryUserDetails details) {
            return Optional.of(details.user());
        }
        if (principal instanceof RegistryUser user) {
            return Optional.of(user);
        }
        return Optional.empty();
    }
}
