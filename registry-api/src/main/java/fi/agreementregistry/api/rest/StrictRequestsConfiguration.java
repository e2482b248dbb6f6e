package fi.agreementregistry.api.rest;

import fi.agreementregistry.api.application.DateWindow;
import fi.agreementregistry.api.application.requests.TextRules;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import fi.agreementregistry.api.application.InvalidFieldException;
import fi.agreementregistry.core.actor.Actor;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.lang.NonNull;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.io.IOException;
import java.text.Normalizer;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Requests say exactly what they mean: unknown JSON fields are refused (400 naming them), a field named twice is
 * refused (rather than the last one winning), a number is a number and text is text (no {@code "version": "1"}, no
 * {@code "title": 5}), a date is an ISO date string (not a count of days), strings are trimmed and put in Unicode
 * normal form C (so "ä" is one character however it was typed; {@link TextRules} then checks what is left), enums
 * are names (not numbers), whole numbers are whole; the business dates' window is {@link DateWindow}; unknown query
 * parameters (such as
 * {@code $where}) are refused too, and every known one is typed, so nothing a client sends can become a
 * MongoDB operator. The actor fields ({@code actor}, {@code actorUserId}...) are the one exception: a
 * body may carry them and they are ignored, because who acted comes only from the login.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DateWindow.class)
public class StrictRequestsConfiguration implements WebMvcConfigurer {

    static final Set<String> IGNORED_ACTOR_FIELDS = Set.of("actor", Actor.USER_ID, Actor.DISPLAY_NAME, Actor.ROLE,
            Actor.PARTY_ID);

    @Bean
    public Jackson2ObjectMapperBuilderCustomizer strictJson() {
        SimpleModule trimming = new SimpleModule("trim-strings");
        trimming.addDeserializer(String.class, new JsonDeserializer<>() {
            @Override
            public String deserialize(JsonParser p, DeserializationContext context) throws IOException {
                String value = StringDeserializer.instance.deserialize(p, context);
                return value == null ? null : Normalizer.normalize(value.strip(), Normalizer.Form.NFC);
            }
        });
        return builder -> builder
                .featuresToEnable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                        DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS,
                        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                        DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .featuresToEnable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .featuresToDisable(DeserializationFeature.ACCEPT_FLOAT_AS_INT, MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .modulesToInstall(modules -> modules.add(trimming))
                .postConfigurer(mapper -> {
                    for (LogicalType scalar : new LogicalType[]{LogicalType.Integer, LogicalType.Float,
                            LogicalType.Boolean}) {
                        mapper.coercionConfigFor(scalar).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
                    }
                    mapper.coercionConfigFor(LogicalType.Textual)
                            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
                    // Not lenient: a number is not a date (Jackson would read 20000 as a count of days since 1970).
                    mapper.configOverride(LocalDate.class).setFormat(JsonFormat.Value.forLeniency(false));
                    mapper.addHandler(new DeserializationProblemHandler() {
                        @Override
                        public boolean handleUnknownProperty(DeserializationContext context, JsonParser p,
                                                             JsonDeserializer<?> deserializer, Object bean,
                                                             String name) throws IOException {
                            if (IGNORED_ACTOR_FIELDS.contains(name)) {
                                p.skipChildren();
                                return true;
                            }
                            return false;
                        }
                    });
                });
    }

    /**
     * The field a JSON object named twice ({@code STRICT_DUPLICATE_DETECTION}), as a path such as
     * {@code signatory.name} or {@code forums[1].name}; null when {@code e} is not that error.
     */
    public static String duplicateField(Throwable e) {
        while (e != null && !(e instanceof StreamReadException) && e.getCause() != e) {
            e = e.getCause(); // a nested object's parse error comes wrapped in a mapping error of the outer field
        }
        if (!(e instanceof StreamReadException read) || read.getOriginalMessage() == null
                || !read.getOriginalMessage().startsWith("Duplicate field")
                || read.getProcessor() == null) {
            return null;
        }
        JsonParser parser = read.getProcessor();
        java.util.Deque<String> parts = new java.util.ArrayDeque<>();
        for (JsonStreamContext c = parser.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
            parts.push(c.inArray() ? "[" + c.getCurrentIndex() + "]"
                    : (c.getParent() != null && !c.getParent().inRoot() ? "." : "") + c.getCurrentName());
        }
        return String.join("", parts);
    }

    @Override
    public void addInterceptors(@NonNull InterceptorRegistry registry) {
        registry.addInterceptor(new KnownQueryParameters()).addPathPatterns("/api/**");
    }

    /** Refuses query parameters the endpoint does not declare (400 naming them). */
    static final class KnownQueryParameters implements HandlerInterceptor {
        private static final ParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();

        @Override
        public boolean preHandle(@NonNull HttpServletRequest request, @NonNull HttpServletResponse response,
                                 @NonNull Object handler) {
            if (!(handler instanceof HandlerMethod method) || request.getParameterMap().isEmpty()) {
                return true;
            }
            Set<String> known = new HashSet<>();
            for (MethodParameter parameter : method.getMethodParameters()) {
                RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
                if (param != null) {
                    if (Map.class.isAssignableFrom(parameter.getParameterType())) {
                        return true; // the endpoint takes any parameter and checks them itself
                    }
                    parameter.initParameterNameDiscovery(NAMES);
                    String name = !param.name().isEmpty() ? param.name()
                            : !param.value().isEmpty() ? param.value() : parameter.getParameterName();
                    if (name != null) {
                        known.add(name);
                    }
                } else if (parameter.hasParameterAnnotation(ModelAttribute.class)
                        || parameter.getParameterType().getName().startsWith("org.springdoc")) {
                    return true;
                }
            }
            Set<String> unknown = new TreeSet<>(request.getParameterMap().keySet());
            unknown.removeAll(known);
            if (!unknown.isEmpty()) {
                throw new InvalidFieldException(unknown.iterator().next(), "Unknown query parameter(s) " + unknown
                        + (known.isEmpty() ? "; this endpoint takes none." : "; this endpoint takes " + new TreeSet<>(known) + "."));
            }
            return true;
        }
    }
}
