package dev.atelier.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The library's promises to whoever embeds it, and the one way in: it knows nothing of the command
 * line, never prints and never exits; the front ends reach the methods only through the entry point;
 * methods do not reach into each other.
 */
class DependencyRulesTest {
    private static final JavaClasses LIBRARY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.atelier");

    /** The packages where networks, stylizers and their loaders live. */
    private static final String[] METHOD_INTERNALS = {"dev.atelier.method.gatys..", "dev.atelier.method.feedforward..",
        "dev.atelier.method.adain..", "dev.atelier.method.magenta..", "dev.atelier.nn.."};

    @Test
    void theLibraryDoesNotDependOnTheCommandLine() {
        noClasses().that().resideOutsideOfPackage("dev.atelier.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.atelier.cli..", "picocli..",
                        "org.slf4j.simple..")
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

    /**
     * The command line, the web studio and the batch pipeline construct no stylizer, loader or network:
     * they turn their inputs into requests for {@code dev.atelier.api.Atelier}. ({@code atelier bench}
     * is exempt: it measures those internals themselves.)
     */
    @Test
    void frontEndsGoThroughTheEntryPoint() {
        noClasses().that().resideInAnyPackage("dev.atelier.cli", "dev.atelier.studio", "dev.atelier.batch")
                .should().dependOnClassesThat().resideInAnyPackage(METHOD_INTERNALS)
                .check(LIBRARY);
    }

    /** Video is built on the core's entry point: it reaches into no method, and the core knows nothing of it. */
    @Test
    void videoSitsOnTheEntryPoint() {
        noClasses().that().resideInAnyPackage("dev.atelier.video..")
                .should().dependOnClassesThat().resideInAnyPackage(METHOD_INTERNALS)
                .check(LIBRARY);
        noClasses().that().resideOutsideOfPackages("dev.atelier.video..", "dev.atelier.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.atelier.video..")
                .check(LIBRARY);
    }

    @Test
    void methodPackagesDoNotImportEachOther() {
        slices().matching("dev.atelier.method.(*)..").should().notDependOnEachOther().check(LIBRARY);
    }
}
