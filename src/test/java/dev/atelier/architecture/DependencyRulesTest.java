package dev.atelier.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The library's promises to whoever embeds it: it knows nothing of the command line, never prints
 * and never exits the process.
 */
class DependencyRulesTest {
    private static final JavaClasses LIBRARY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.atelier");

    @Test
    void theLibraryDoesNotDependOnTheCommandLine() {
        noClasses().that().resideOutsideOfPackage("dev.atelier.cli..")
                .should().dependOnClassesThat().resideInAPackage("dev.atelier.cli..")
                .check(LIBRARY);
    }

    @Test
    void theLibraryNeverPrints() {
        noClasses().that().resideOutsideOfPackage("dev.atelier.cli..")
                .should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .check(LIBRARY);
    }

    @Test
    void onlyMainExitsTheProcess() {
        noClasses().that().doNotHaveFullyQualifiedName("dev.atelier.cli.Main")
                .should().callMethod(System.class, "exit", int.class)
                .check(LIBRARY);
    }
}
