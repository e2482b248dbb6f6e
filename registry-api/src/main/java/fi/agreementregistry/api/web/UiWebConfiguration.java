package fi.agreementregistry.api.web;

import fi.agreementregistry.api.security.PublicPaths;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The pages speak Finnish first, then Swedish and English: {@code ?lang=sv} switches and a cookie remembers
 * the choice. The cookie is scoped to {@code /ui}, and outside it the locale stays the request's own, so the
 * API answers exactly as before.
 */
@Configuration(proxyBeanMethods = false)
public class UiWebConfiguration implements WebMvcConfigurer {

    static final Locale FINNISH = Locale.forLanguageTag("fi");
    static final List<String> LANGUAGES = List.of("fi", "sv", "en");

    /**
     * The public register's pages speak the language of their address ({@code /julkinen}, {@code /offentlig},
     * {@code /public}) whatever a cookie says, so an address always shows the same page (and a cache keeps it so);
     * the signed-in pages use the cookie.
     */
    @Bean
    public LocaleResolver localeResolver() {
        CookieLocaleResolver cookie = new CookieLocaleResolver("registry-lang");
        cookie.setCookiePath("/ui");
        cookie.setCookieMaxAge(Duration.ofDays(365));
        // The accessibility statement has an address per language; the other pages take the reader's choice.
        cookie.setDefaultLocaleFunction(request -> AccessibilityStatementController.languageOf(request.getRequestURI())
                .orElseGet(() -> request.getRequestURI().startsWith("/ui") ? FINNISH : request.getLocale()));
        return new LocaleResolver() {
            @Override
            public Locale resolveLocale(HttpServletRequest request) {
                return PublicPaths.pageLocale(originalPath(request)).orElseGet(() -> cookie.resolveLocale(request));
            }

            @Override
            public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
                cookie.setLocale(request, response, locale);
            }
        };
    }

    /** The address asked for, also while the error page for it is drawn. */
    static String originalPath(HttpServletRequest request) {
        return request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String original
                ? original : request.getRequestURI();
    }

    @Bean
    public MessageSource messageSource() {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasename("messages");
        messages.setDefaultEncoding(StandardCharsets.UTF_8.name());
        messages.setFallbackToSystemLocale(false);
        messages.setDefaultLocale(FINNISH);
        return messages;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor change = new LocaleChangeInterceptor() {
            @Override
            public boolean preHandle(jakarta.servlet.http.HttpServletRequest request,
                                     jakarta.servlet.http.HttpServletResponse response, Object handler)
                    throws jakarta.servlet.ServletException {
                String lang = request.getParameter(getParamName());
                // Only the languages the pages have; anything else keeps the current choice.
                return lang == null || !LANGUAGES.contains(lang) || super.preHandle(request, response, handler);
            }
        };
        change.setParamName("lang");
        // The error page too, which a browser is shown for an address with nothing at it.
        registry.addInterceptor(change).addPathPatterns("/ui", "/ui/**", "/error");
    }
}
