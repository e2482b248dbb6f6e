package fi.agreementregistry.projections;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The read side knows the domain and MongoDB, never the application around it, and its packages form no cycle. */
@AnalyzeClasses(packages = "fi.agreementregistry.projections", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule projectionsDoNotImportTheApi = noClasses()
            .that().resideInAPackage("fi.agreementregistry.projections..")
            .should().dependOnClassesThat().resideInAPackage("fi.agreementregistry.api..");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("fi.agreementregistry.projections.(*)..")
            .should().beFreeOfCycles();
}
