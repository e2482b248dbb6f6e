package fi.agreementregistry.api.web;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * When this build's pages were last checked by machine, for the accessibility statement. The browser tests write
 * {@value #RESOURCE} into the build's classes when their axe-core check of every page passes
 * ({@code AccessibilityBrowserTest}), so the jar that {@code package} makes after them carries it; a build whose tests
 * were skipped has none, and the statement says so. The record names the pages it checked by a fingerprint of what
 * draws them (the templates, the stylesheet and script, the texts): a record left behind by an earlier build whose
 * pages differ from this one's does not count for this one.
 */
@Component
public class AccessibilityCheckRecord {

    public static final String RESOURCE = "accessibility-check.properties";
    public static final String CHECKED_ON = "checkedOn";
    public static final String PAGES = "pages";
    public static final String AXE_CORE = "axeCore";
    public static final String FINGERPRINT = "fingerprint";
    private static final List<String> DRAWN_BY = List.of("classpath*:templates/**/*.html", "classpath*:static/**/*.*",
            "classpath*:messages_*.properties");

    /**
     * @param checkedOn the day the check passed
     * @param pages     how many pages (page, role and language) it checked
     * @param axeCore   the version of axe-core it ran
     * @param samePages whether it checked the pages of this build
     */
    public record LastCheck(LocalDate checkedOn, int pages, String axeCore, boolean samePages) {
    }

    private final Optional<LastCheck> lastCheck;

    public AccessibilityCheckRecord() {
        this(new PathMatchingResourcePatternResolver());
    }

    AccessibilityCheckRecord(ResourcePatternResolver resources) {
        this.lastCheck = read(resources);
    }

    /** The check this build records; empty when it records none (its tests did not run, or did not pass). */
    public Optional<LastCheck> lastCheck() {
        return lastCheck;
    }

    private static Optional<LastCheck> read(ResourcePatternResolver resources) {
        Resource record = resources.getResource("classpath:" + RESOURCE);
        if (!record.exists()) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (InputStream in = record.getInputStream()) {
            properties.load(in);
            return Optional.of(new LastCheck(LocalDate.parse(properties.getProperty(CHECKED_ON, "")),
                    Integer.parseInt(properties.getProperty(PAGES, "0")), properties.getProperty(AXE_CORE, ""),
                    fingerprint(resources).equals(properties.getProperty(FINGERPRINT))));
        } catch (IOException | UncheckedIOException | DateTimeParseException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * A resource's path under the registry's own classes: {@code target/classes/}, or in the jar
     * {@code BOOT-INF/classes/}, whose URLs Spring Boot writes {@code jar:nested:…/registry-api.jar/!BOOT-INF/classes/!/…}
     * (and wrote {@code jar:file:…!/BOOT-INF/classes!/…} before 3.2); empty for a resource of a library.
     */
    static Optional<String> relativePath(String url) {
        for (String root : List.of("/classes/!/", "/classes!/", "/classes/")) {
            int at = url.lastIndexOf(root);
            if (at >= 0) {
                return Optional.of(url.substring(at + root.length()));
            }
        }
        return Optional.empty();
    }

    /**
     * SHA-256 over every resource that draws the pages, by its path under the classes (the same in the build's
     * classes and in the jar) and its bytes, in path order.
     */
    public static String fingerprint(ResourcePatternResolver resources) {
        try {
            Map<String, Resource> byPath = new TreeMap<>();
            for (String pattern : DRAWN_BY) {
                for (Resource resource : resources.getResources(pattern)) {
                    relativePath(resource.getURL().toString()).ifPresent(path -> byPath.putIfAbsent(path, resource));
                }
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, Resource> entry : byPath.entrySet()) {
                sha.update(entry.getKey().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                try (InputStream in = entry.getValue().getInputStream()) {
                    sha.update(in.readAllBytes());
                }
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
