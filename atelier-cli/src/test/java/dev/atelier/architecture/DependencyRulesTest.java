package dev.atelier.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.atelier.batch.BatchRunner;
import dev.atelier.batch.PairMethod;
import dev.atelier.method.MethodContext;
import dev.atelier.method.MethodResult;
import dev.atelier.method.MethodSession;
import dev.atelier.method.RunContext;
import dev.atelier.method.StyleMethod;
import dev.atelier.method.TrainingJob;
import dev.atelier.method.TrainingMethod;
import dev.atelier.training.TrainingLoop;
import org.junit.jupiter.api.Test;

/**
 * The library's promises to whoever embeds it, the modules' boundaries, and the one way in: the
 * library knows nothing of the command line or the studio, never prints and never exits; the studio
 * knows nothing of the command line; the front ends reach the methods only through the entry point's
 * plans and stylists ({@code dev.atelier.api}); methods do not reach into each other.
 */
class DependencyRulesTest {
    private static final JavaClasses ALL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.atelier");

    /** atelier-cli's packages. */
    private static final String COMMAND_LINE = "dev.atelier.cli..";
    /** atelier-studio's packages. */
    private static final String STUDIO = "dev.atelier.studio..";

    /** The packages where networks, stylizers and their loaders live. */
    private static final String[] METHOD_INTERNALS = {"dev.atelier.method.gatys..", "dev.atelier.method.feedforward..",
        "dev.atelier.method.adain..", "dev.atelier.method.magenta..", "dev.atelier.nn..", "dev.atelier.loss..",
        "dev.atelier.optim..", "dev.atelier.weights", "dev.atelier.weights.tflite.."};

    /** What only the library's run step may drive: open sessions, their contexts and the runners. */
    private static final Class<?>[] RUN_INTERNALS = {MethodSession.class, MethodContext.class, RunContext.class,
        MethodResult.class, TrainingJob.class, BatchRunner.class, PairMethod.class, TrainingLoop.class};

    /** The front ends: the command line (its benchmarks excepted: they measure the internals) and the studio. */
    private static final DescribedPredicate<JavaClass> FRONT_ENDS = new DescribedPredicate<>(
            "front ends (dev.atelier.cli but its benchmarks, dev.atelier.studio)") {
        @Override
        public boolean test(JavaClass type) {
            String name = type.getPackageName();
            return name.equals("dev.atelier.cli") || name.equals("dev.atelier.studio")
                    || name.startsWith("dev.atelier.studio.");
        }
    };

    @Test
    void theLibraryDependsOnNeitherFrontEndNorTheirLibraries() {
        noClasses().that().resideOutsideOfPackages(COMMAND_LINE, STUDIO)
                .should().dependOnClassesThat().resideInAnyPackage(COMMAND_LINE, STUDIO, "picocli..",
                        "org.slf4j.simple..", "io.javalin..", "org.eclipse.jetty..", "org.sqlite..", "org.flywaydb..",
                        "org.knowm.xchart..", "ch.qos.logback..")
                .check(ALL);
    }

    @Test
    void theStudioDoesNotDependOnTheCommandLine() {
        noClasses().that().resideInAPackage(STUDIO)
                .should().dependOnClassesThat().resideInAnyPackage(COMMAND_LINE, "picocli..", "org.slf4j.simple..")
                .check(ALL);
    }

    @Test
    void theLibraryNeverPrints() {
        noClasses().that().resideOutsideOfPackage(COMMAND_LINE)
                .should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .check(ALL);
    }

    @Test
    void onlyMainExitsTheProcess() {
        noClasses().that().doNotHaveFullyQualifiedName("dev.atelier.cli.Main")
                .should().callMethod(System.class, "exit", int.class)
                .check(ALL);
    }

    /**
     * The command line and the web studio construct no stylizer, loader or network and open no
     * session: they turn their inputs into requests, and run what {@code dev.atelier.api.Atelier}
     * plans on the stylists it opens. ({@code atelier bench} is exempt: it measures those internals.)
     */
    @Test
    void frontEndsGoThroughPlansAndStylists() {
        noClasses().that(FRONT_ENDS)
                .should().dependOnClassesThat().resideInAnyPackage(METHOD_INTERNALS)
                .orShould().dependOnClassesThat().belongToAnyOf(RUN_INTERNALS)
                .orShould().callMethodWhere(opensOrTrains())
                .check(ALL);
    }

    /** The batch pipeline makes pairs through the stylist it is handed, never a method's internals. */
    @Test
    void theBatchDoesNotReachIntoMethods() {
        noClasses().that().resideInAPackage("dev.atelier.batch..")
                .should().dependOnClassesThat().resideInAnyPackage(METHOD_INTERNALS)
                .check(ALL);
    }

    /**
     * Video is built on the core's entry point: it reaches into no method, knows neither front end, and
     * the core knows nothing of it; the front ends (command line and studio) hand it clips.
     */
    @Test
    void videoSitsOnTheEntryPoint() {
        noClasses().that().resideInAnyPackage("dev.atelier.video..")
                .should().dependOnClassesThat().resideInAnyPackage(METHOD_INTERNALS)
                .orShould().dependOnClassesThat().resideInAnyPackage(COMMAND_LINE, STUDIO)
                .check(ALL);
        noClasses().that().resideOutsideOfPackages("dev.atelier.video..", COMMAND_LINE, STUDIO)
                .should().dependOnClassesThat().resideInAnyPackage("dev.atelier.video..")
                .check(ALL);
    }

    /** Tiling is shared by the methods, so it reaches into none of them (nor the entry point). */
    @Test
    void tilingKnowsNoMethod() {
        noClasses().that().resideInAPackage("dev.atelier.tiling..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.atelier.method..", "dev.atelier.api..")
                .check(ALL);
    }

    @Test
    void methodPackagesDoNotImportEachOther() {
        slices().matching("dev.atelier.method.(*)..").should().notDependOnEachOther().check(ALL);
    }

    /** {@link StyleMethod#open} and {@link TrainingMethod#train}: the run step's, not a front end's. */
    private static DescribedPredicate<JavaMethodCall> opensOrTrains() {
        return new DescribedPredicate<>("StyleMethod.open or TrainingMethod.train") {
            @Override
            public boolean test(JavaMethodCall call) {
                String name = call.getTarget().getName();
                JavaClass owner = call.getTarget().getOwner();
                return name.equals("open") && owner.isAssignableTo(StyleMethod.class)
                        || name.equals("train") && owner.isAssignableTo(TrainingMethod.class);
            }
        };
    }
}
