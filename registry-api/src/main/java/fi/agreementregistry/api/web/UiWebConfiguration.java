package fi.agreementregistry.api.web;

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

    @Bean
    public LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver("registry-lang");
        resolver.setCookiePath("/ui");
        resolver.setCookieMaxAge(Duration.ofDays(365));
        // The accessibility statement has an address per language; the other pages take the reader's choice.
        resolver.setDefaultLocaleFunction(request -> AccessibilityStatementController.languageOf(request.getRequestURI())
                .orElseGet(() -> request.getRequestURI().startsWith("/ui") ? FINNISH : request.getLocale()));
        return resolver;
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
