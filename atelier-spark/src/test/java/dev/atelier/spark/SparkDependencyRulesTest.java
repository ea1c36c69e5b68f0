package dev.atelier.spark;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The Spark job is a front end like the command line: it reaches the methods through the entry point
 * and the batch's own classes, and only its main class prints or ends the process.
 */
class SparkDependencyRulesTest {
    /** The module's own classes, read from its build folder (scanning Spark's 180 jars for them took 25 s). */
    private static final JavaClasses JOB = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPath(java.nio.file.Path.of("target", "classes"));

    @Test
    void theJobConstructsNoNetworkOrStylizer() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.atelier.method.gatys..",
                "dev.atelier.method.feedforward..", "dev.atelier.method.adain..", "dev.atelier.method.magenta..",
                "dev.atelier.nn..").check(JOB);
    }

    @Test
    void onlyTheMainClassPrintsOrExits() {
        noClasses().that().doNotHaveFullyQualifiedName(SparkBatchMain.class.getName())
                .should().accessField(System.class, "out").orShould().accessField(System.class, "err")
                .orShould().callMethod(System.class, "exit", int.class).check(JOB);
    }
}
