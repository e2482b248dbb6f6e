package fi.agreementregistry.api.security;


import fi.agreementregistry.api.http.problem.ProblemWriter;

import fi.agreementregistry.core.party.PartyId;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Who may call what. Authentication is HTTP Basic against {@code registry.security.users} or, when
 * {@code registry.security.jwt.issuer-uri} is set, the identity provider's JWT bearer tokens.
 * URL rules say which roles reach an endpoint; the party scope of a clerk is checked by
 * {@code PartyScope} in the application layer (drafts, acting for their own party, reads) and by the Agreement
 * aggregate for every change to an agreement (its rule {@code actor-not-a-party}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({RegistrySecurityProperties.class, SignInThrottleProperties.class})
public class SecurityConfiguration {

    private static final Pattern BCRYPT = Pattern.compile("^\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}$");

    static final String[] PUBLIC = {"/actuator/health", "/actuator/health/**", "/v3/api-docs", "/v3/api-docs/**",
            "/v3/api-docs.yaml", "/swagger-ui/**", "/swagger-ui.html", "/error"};
    static final String[] READ_ROLES = {Role.CLERK.name(), Role.COMMITTEE.name(), Role.AUDITOR.name()};

    @Bean
    @ConditionalOnWebApplication
    public SecurityFilterChain registrySecurity(HttpSecurity http, RegistrySecurityProperties properties,
                                                SignInThrottle throttle) throws Exception {
        boolean jwt = properties.jwt().enabled();
        AuthenticationEntryPoint unauthenticated = (request, response, e) -> {
            response.setHeader("WWW-Authenticate", jwt ? "Bearer" : "Basic realm=\"agreement-registry\"");
            ProblemWriter.write(response, ProblemWriter.problem(HttpStatus.UNAUTHORIZED, "unauthenticated",
                    "Sign in first", jwt ? "Send a valid bearer token from your identity provider."
                            : "Send your registry user name and password (HTTP Basic)."));
        };
        AccessDeniedHandler denied = (request, response, e) -> ProblemWriter.write(response,
                ProblemWriter.problem(HttpStatus.FORBIDDEN, "forbidden", "Not allowed for your role",
                        "Your role may not " + request.getMethod() + " " + request.getRequestURI()
                                + "; see the API description for who may do what."));

        http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthenticated).accessDeniedHandler(denied))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(PUBLIC).permitAll()
                        // Admin tools (replay, corrections) are for ADMIN only, whatever the method.
                        .requestMatchers("/api/admin/**").hasRole(Role.ADMIN.name())
                        // Importing existing agreements with their past (issue 17) is an admin action.
                        .requestMatchers(HttpMethod.POST, "/api/imports").hasRole(Role.ADMIN.name())
                        // Who used and disclosed the data (906/2019 section 17) is for auditors to read.
                        .requestMatchers(HttpMethod.GET, "/api/audit/access", "/api/audit/access/**")
                        .hasRole(Role.AUDITOR.name())
                        // What administrators did is for auditors (and administrators) to read.
                        .requestMatchers(HttpMethod.GET, "/api/audit/**").hasAnyRole(Role.AUDITOR.name(), Role.ADMIN.name())
                        // The evidence log (docs/evidence.md): its public key and signed checkpoints for every signed-in
                        // role; proofs, receipts and the verification for auditors and administrators.
                        .requestMatchers(HttpMethod.GET, "/api/evidence/public-key", "/api/evidence/checkpoint",
                                "/api/evidence/checkpoints").authenticated()
                        .requestMatchers("/api/evidence/**", "/api/agreements/*/history/*/receipt")
                                .hasAnyRole(Role.AUDITOR.name(), Role.ADMIN.name())
                        // A party's reminder addresses are personal data: administrators only, to read and to set.
                        .requestMatchers("/api/parties/*/contacts").hasRole(Role.ADMIN.name())
                        // A party's portfolio is about agreements and measures: the read roles only (a clerk: their
                        // own party's).
                        .requestMatchers(HttpMethod.GET, "/api/parties/*/agreements", "/api/parties/*/measures")
                        .hasAnyRole(READ_ROLES)
                        // The party directory is public knowledge; every signed-in role may read it.
                        .requestMatchers(HttpMethod.GET, "/api/parties", "/api/parties/**").authenticated()
                        // Calendar subscriptions: made, listed and removed by anyone who reads reviews; the feed itself
                        // is read by calendar apps that send no credentials, so its secret address is what lets them in
                        // (CalendarFeeds reads it with its owner's rights).
                        .requestMatchers("/api/calendar-feeds", "/api/calendar-feeds/*").hasAnyRole(READ_ROLES)
                        .requestMatchers(HttpMethod.GET, "/calendar/*").permitAll()
                        // Reviews are the integration committee's.
                        .requestMatchers(HttpMethod.POST, "/api/agreements/*/reviews",
                                "/api/agreements/*/reviews/*/completion").hasRole(Role.COMMITTEE.name())
                        // Every other agreement command is a clerk's, within their party (PartyScope, actor-not-a-party).
                        .requestMatchers(HttpMethod.POST, "/api/agreements", "/api/agreements/*/approvals",
                                "/api/agreements/*/signatures", "/api/agreements/*/parties",
                                "/api/agreements/*/principles", "/api/agreements/*/supersession",
                                "/api/agreements/*/termination").hasRole(Role.CLERK.name())
                        .requestMatchers(HttpMethod.DELETE, "/api/agreements/*/parties/*").hasRole(Role.CLERK.name())
                        // Statutory negotiations and their measures are recorded by a clerk of a participating party
                        // (the Negotiation aggregate's actor-not-a-participant).
                        .requestMatchers(HttpMethod.POST, "/api/negotiations", "/api/negotiations/*/measures",
                                "/api/negotiations/*/measures/*/status").hasRole(Role.CLERK.name())
                        // Any read under /api (today's and tomorrow's: history, reviews, as-of...) is for the read roles.
                        .requestMatchers(HttpMethod.GET, "/api/**").hasAnyRole(READ_ROLES)
                        .requestMatchers(HttpMethod.HEAD, "/api/**").hasAnyRole(READ_ROLES)
                        // A command endpoint nobody has listed above is refused until someone decides who may use it.
                        .requestMatchers("/api/**").denyAll()
                        .anyRequest().authenticated());
        if (jwt) {
            http.oauth2ResourceServer(o -> o.authenticationEntryPoint(unauthenticated)
                    .accessDeniedHandler(denied)
                    .jwt(j -> j.jwtAuthenticationConverter(new JwtUserConverter(properties.jwt()))));
        } else {
            http.httpBasic(b -> b.authenticationEntryPoint(unauthenticated))
                    .addFilterBefore(new SignInThrottleFilter(throttle, SignInThrottleFilter::basicUser,
                            SignInThrottleFilter::problem), BasicAuthenticationFilter.class);
        }
        return http.build();
    }

    /** A request the firewall refuses before any filter (odd paths, control characters): a problem too. */
    @Bean
    @ConditionalOnWebApplication
    public RequestRejectedHandler requestRejectedHandler() {
        return (request, response, e) -> ProblemWriter.write(response, ProblemWriter.problem(HttpStatus.BAD_REQUEST,
                "invalid-request", "Invalid request", e.getMessage()));
    }

    /**
     * BCrypt at the cost most configured users' hashes have. The registry never stores a password; what it encodes
     * is the stand-in hash that Spring checks an unknown user's password against, so that an unknown user name
     * takes as long to refuse as a wrong password (made at the default cost, it would answer sooner or later).
     */
    @Bean
    public PasswordEncoder passwordEncoder(RegistrySecurityProperties properties) {
        return new BCryptPasswordEncoder(usualCost(properties.users()));
    }

    static int usualCost(List<RegistrySecurityProperties.User> users) {
        return users.stream()
                .map(user -> user.password() == null ? "" : user.password().replaceFirst("^\\{bcrypt}", ""))
                .filter(hash -> BCRYPT.matcher(hash).matches())
                .map(hash -> Integer.parseInt(hash.substring(hash.indexOf('$', 1) + 1, hash.indexOf('$', 1) + 3)))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()))
                .entrySet().stream()
                .max(Map.Entry.<Integer, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey)
                .orElse(10);
    }

    /**
     * The configured users. An empty list is valid: then nobody can sign in with a password (and Spring
     * Boot's generated default user is never created, because this bean exists).
     */
    @Bean
    public UserDetailsService registryUsers(RegistrySecurityProperties properties) {
        Map<String, RegistryUserDetails> users = users(properties.users());
        return username -> {
            RegistryUserDetails user = users.get(username);
            if (user == null) {
                throw new UsernameNotFoundException("no such user");
            }
            return user;
        };
    }

    static Map<String, RegistryUserDetails> users(List<RegistrySecurityProperties.User> configured) {
        List<RegistryUserDetails> users = new ArrayList<>();
        for (int i = 0; i < configured.size(); i++) {
            RegistrySecurityProperties.User user = configured.get(i);
            String where = "registry.security.users[" + i + "]";
            if (user.username() == null || user.username().isBlank()) {
                throw new IllegalStateException(where + ".username is missing");
            }
            String hash = user.password() == null ? "" : user.password().replaceFirst("^\\{bcrypt}", "");
            if (!BCRYPT.matcher(hash).matches()) {
                throw new IllegalStateException(where + ".password must be a BCrypt hash (never a plain password); "
                        + "make one with: htpasswd -bnBC 12 \"\" 'the-password' | tr -d ':\\n'");
            }
            Role role = Role.parse(user.role())
                    .orElseThrow(() -> new IllegalStateException(where + ".role must be CLERK, COMMITTEE, AUDITOR or ADMIN"));
            PartyId party = user.party() == null || user.party().isBlank() ? null : PartyId.of(user.party().trim());
            try {
                users.add(new RegistryUserDetails(new RegistryUser(user.username(), user.name(), role, party), hash));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(where + ": " + e.getMessage(), e);
            }
        }
        return users.stream().collect(Collectors.toMap(RegistryUserDetails::getUsername, Function.identity(),
                (a, b) -> {
                    throw new IllegalStateException("registry.security.users lists " + a.getUsername() + " twice");
                }));
    }

    /** The identity provider's keys, issuer, validity times and (if configured) audience are all checked. */
    @Bean
    @Conditional(JwtConfigured.class)
    public JwtDecoder jwtDecoder(RegistrySecurityProperties properties) {
        RegistrySecurityProperties.Jwt config = properties.jwt();
        NimbusJwtDecoder decoder = config.jwkSetUri() == null || config.jwkSetUri().isBlank()
                ? NimbusJwtDecoder.withIssuerLocation(config.issuerUri()).build()
                : NimbusJwtDecoder.withJwkSetUri(config.jwkSetUri()).build();
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(JwtValidators.createDefaultWithIssuer(config.issuerUri()));
        if (config.audience() != null && !config.audience().isBlank()) {
            validators.add(token -> token.getAudience() != null && token.getAudience().contains(config.audience())
                    ? OAuth2TokenValidatorResult.success()
                    : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token",
                    "The token is not meant for audience " + config.audience() + ".", null)));
        }
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        return decoder;
    }

    static final class JwtConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String issuer = context.getEnvironment().getProperty("registry.security.jwt.issuer-uri");
            return issuer != null && !issuer.isBlank();
        }
    }
}
