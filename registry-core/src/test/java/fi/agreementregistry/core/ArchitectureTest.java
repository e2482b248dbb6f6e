package fi.agreementregistry.core;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The domain stays free of web and storage: it must run in a fixture and in any host. */
@AnalyzeClasses(packages = "fi.agreementregistry.core", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule theDomainKnowsNoSpringMongoOrServlets = noClasses()
            .that().resideInAPackage("fi.agreementregistry.core..")
            .should().dependOnClassesThat()
            .resideInAnyPackage("org.springframework..", "com.mongodb..", "org.bson..", "jakarta.servlet..");
}
