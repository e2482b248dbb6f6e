package fi.agreementregistry.api.rest.publicregister;

import fi.agreementregistry.api.application.InvalidFieldException;
import fi.agreementregistry.api.application.publicregister.PublicAgreement;
import fi.agreementregistry.api.application.publicregister.PublicAgreementPage;
import fi.agreementregistry.api.application.publicregister.PublicRegister;
import fi.agreementregistry.api.export.PublicAtomFeed;
import fi.agreementregistry.api.export.PublicJsonLd;
import fi.agreementregistry.api.security.PublicPaths;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.MessageSource;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.util.Locale;
import java.util.Map;

/**
 * The public register's open data, without a sign-in (docs/open-data.md): the agreements as JSON, page by page and
 * one by one, their changes as an Atom feed and all of them as JSON-LD. Caching headers, ETags and the rate limit are
 * the public chain's ({@code PublicSecurityConfiguration}), the same for every public address.
 */
@ConditionalOnWebApplication
@RestController
@RequestMapping(PublicPaths.API)
public class PublicRegisterController {

    private static final MediaType ATOM = MediaType.parseMediaType(PublicAtomFeed.MEDIA_TYPE + ";charset=UTF-8");
    private static final MediaType JSON_LD = MediaType.parseMediaType(PublicJsonLd.MEDIA_TYPE);

    private final PublicRegister register;
    private final MessageSource messages;
    private final Environment environment;

    public PublicRegisterController(PublicRegister register, MessageSource messages, Environment environment) {
        this.register = register;
        this.messages = messages;
        this.environment = environment;
    }

    /** Agreements in force, superseded or terminated, by title, filtered, {@code limit} a page, page {@code page}. */
    @GetMapping("/agreements")
    public PublicAgreementPage agreements(@RequestParam(required = false) String q,
                                          @RequestParam(required = false) String party,
                                          @RequestParam(required = false) String region,
                                          @RequestParam(required = false) String councilTerm,
                                          @RequestParam(required = false) String kind,
                                          @RequestParam(required = false) String status,
                                          @RequestParam(required = false) Integer page,
                                          @RequestParam(required = false) Integer limit) {
        return register.search(PublicRegister.criteria(q, party, region, councilTerm, kind, status), page, limit);
    }

    /** One agreement; 404 for a draft exactly as for an id that is nothing. */
    @GetMapping("/agreements/{id}")
    public PublicAgreement agreement(@PathVariable String id) {
        return register.agreement(id);
    }

    /**
     * The changes as Atom, in {@code lang} (fi, sv, en) or else the Accept-Language's first of those, else Finnish.
     */
    @GetMapping("/feed.atom")
    public ResponseEntity<String> feed(@RequestParam(required = false) String lang,
                                       @RequestHeader(value = HttpHeaders.ACCEPT_LANGUAGE, required = false)
                                       String acceptLanguage) {
        Locale locale = language(lang, acceptLanguage);
        String atom = PublicAtomFeed.write(register.changes(), register.licence(), base(),
                PublicPaths.API + "/feed.atom?lang=" + locale.getLanguage(), locale, messages);
        return ResponseEntity.ok().contentType(ATOM).header(HttpHeaders.VARY, HttpHeaders.ACCEPT_LANGUAGE).body(atom);
    }

    /** Every public agreement as JSON-LD (schema.org Legislation, ELI), under the licence. */
    @GetMapping("/agreements.jsonld")
    public ResponseEntity<Map<String, Object>> jsonLd() {
        return ResponseEntity.ok().contentType(JSON_LD).body(PublicJsonLd.write(register.agreements(),
                register.licence(), base(), messages.getMessage("public.title", null, Locale.forLanguageTag("fi"))));
    }

    private static Locale language(String lang, String acceptLanguage) {
        if (lang != null) {
            if (!PublicPaths.LANGUAGES.contains(lang)) {
                throw new InvalidFieldException("lang", "lang is one of " + PublicPaths.LANGUAGES + "; got " + lang);
            }
            return Locale.forLanguageTag(lang);
        }
        if (acceptLanguage != null) {
            try {
                String best = Locale.lookupTag(Locale.LanguageRange.parse(acceptLanguage), PublicPaths.LANGUAGES);
                if (best != null) {
                    return Locale.forLanguageTag(best);
                }
            } catch (IllegalArgumentException malformed) {
                // a header that is not a language list: the default
            }
        }
        return Locale.forLanguageTag("fi");
    }

    /** The registry's address: {@code registry.public-base-url} when set, else as this request reached it. */
    private String base() {
        String configured = environment.getProperty("registry.public-base-url", "");
        String base = configured.isBlank() ? ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString()
                : configured;
        return base.replaceAll("/+$", "");
    }
}
