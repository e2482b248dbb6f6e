package fi.agreementregistry.api;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The house rules of registry-api (docs/architecture.md): its top-level packages form no cycle, and the adapters
 * (the REST API, the web pages, the terminal) call the application layer, never each other and never Axon's gateways.
 */
@AnalyzeClasses(packages = "fi.agreementregistry.api", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("fi.agreementregistry.api.(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule pagesAndTerminalDoNotCallTheRestApi = noClasses()
            .that().resideInAnyPackage("fi.agreementregistry.api.web..", "fi.agreementregistry.api.terminal..")
            .should().dependOnClassesThat().resideInAPackage("fi.agreementregistry.api.rest..");

    @ArchTest
    static final ArchRule theRestApiDoesNotCallPagesOrTerminal = noClasses()
            .that().resideInAPackage("fi.agreementregistry.api.rest..")
            .should().dependOnClassesThat()
            .resideInAnyPackage("fi.agreementregistry.api.web..", "fi.agreementregistry.api.terminal..");

    @ArchTest
    static final ArchRule adaptersGoThroughTheApplicationLayer = noClasses()
            .that().resideInAnyPackage("fi.agreementregistry.api.rest..", "fi.agreementregistry.api.web..",
                    "fi.agreementregistry.api.terminal..")
            .should().dependOnClassesThat().haveFullyQualifiedName("org.axonframework.commandhandling.gateway.CommandGateway")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("org.axonframework.queryhandling.QueryGateway");

    @ArchTest
    static final ArchRule theApplicationLayerKnowsNoAdapter = noClasses()
            .that().resideInAPackage("fi.agreementregistry.api.application..")
            .should().dependOnClassesThat().resideInAnyPackage("fi.agreementregistry.api.rest..",
                    "fi.agreementregistry.api.web..", "fi.agreementregistry.api.terminal..");
}
