package fi.agreementregistry.api.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The record of the last accessibility check names the pages it checked by their paths under the registry's classes:
 * the same in the build's classes, where the test writes it, and in the jar, where the statement reads it.
 */
class AccessibilityCheckRecordTest {

    @Test
    void aPageHasTheSamePathInTheBuildsClassesAndInTheJar() {
        assertThat(AccessibilityCheckRecord.relativePath(
                "file:/work/main/registry-api/target/classes/templates/ui/accessibility.html"))
                .contains("templates/ui/accessibility.html");
        assertThat(AccessibilityCheckRecord.relativePath(
                "jar:nested:/opt/registry/registry-api.jar/!BOOT-INF/classes/!/templates/ui/accessibility.html"))
                .contains("templates/ui/accessibility.html");
        assertThat(AccessibilityCheckRecord.relativePath(
                "jar:file:/opt/registry/registry-api.jar!/BOOT-INF/classes!/static/ui/ui.css"))
                .contains("static/ui/ui.css");
    }

    @Test
    void aLibrarysResourceIsNotOneOfThePages() {
        assertThat(AccessibilityCheckRecord.relativePath(
                "jar:nested:/opt/registry/registry-api.jar/!BOOT-INF/lib/swagger-ui.jar!/static/index.html"))
                .isEmpty();
        assertThat(AccessibilityCheckRecord.relativePath(
                "file:/work/main/registry-api/target/test-classes/templates/x.html")).isEmpty();
    }
}
