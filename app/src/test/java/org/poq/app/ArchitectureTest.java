package org.poq.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.poq.network.PoqNetwork;

/**
 * The layers as rules the build checks: one application layer ({@code org.poq.app.service}) under two
 * faces (the window, {@code gui}, and the command line, {@code cli}); screens that know nothing of
 * each other; chain access only through the network module's narrow API; JavaFX only in the window.
 */
class ArchitectureTest {
    /** What the screens share, below every screen. */
    static final String[] SHARED = {"org.poq.app.gui.shell..", "org.poq.app.gui.fields.."};
    static JavaClasses poq;

    @BeforeAll
    static void importClasses() {
        poq = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.poq");
    }

    @Test
    void javafxOnlyInTheWindow() {
        ArchRule rule = noClasses().that().resideOutsideOfPackage("org.poq.app.gui..")
                .and().doNotHaveFullyQualifiedName(Main.class.getName()) // the entry point launches the window
                .should().dependOnClassesThat().resideInAPackage("javafx..")
                .because("core, network, wallet, miner, evaluator and the app layer run headless (poq node, the CLI, a later API)");
        rule.check(poq);
    }

    @Test
    void theApplicationLayerKnowsNoFace() {
        noClasses().that().resideInAPackage("org.poq.app.service..")
                .should().dependOnClassesThat().resideInAnyPackage("org.poq.app.gui..", "org.poq.app.cli..", "picocli..", "javafx..")
                .because("the window, the command line and a later API all call the same classes")
                .check(poq);
    }

    @Test
    void theFacesDoNotCallEachOther() {
        noClasses().that().resideInAPackage("org.poq.app.cli..").should().dependOnClassesThat().resideInAPackage("org.poq.app.gui..")
                .check(poq);
        noClasses().that().resideInAPackage("org.poq.app.gui..").should().dependOnClassesThat().resideInAPackage("org.poq.app.cli..")
                .check(poq);
    }

    @Test
    void screensNeverImportEachOther() {
        // the shell and the form fields are what every screen shares: depending on them is allowed, the reverse is checked below
        slices().matching("org.poq.app.gui.(*)..")
                .should().notDependOnEachOther()
                .ignoreDependency(com.tngtech.archunit.base.DescribedPredicate.alwaysTrue(),
                        com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage(SHARED))
                .check(poq);
        noClasses().that().resideInAnyPackage(SHARED)
                .should().dependOnClassesThat().resideInAnyPackage("org.poq.app.gui.ask..", "org.poq.app.gui.miner..",
                        "org.poq.app.gui.validator..", "org.poq.app.gui.network..", "org.poq.app.gui.wallet..",
                        "org.poq.app.gui.settings..", "org.poq.app.gui.firstrun..")
                .because("the shell is below the screens")
                .check(poq);
    }

    @Test
    void theAppReachesTheChainOnlyThroughTheNetworkModulesApi() {
        noClasses().that().resideInAPackage("org.poq.app..")
                .should().dependOnClassesThat().resideInAPackage("org.web3j.protocol..")
                .orShould().callMethod(PoqNetwork.class, "chain")
                .because("chain reads sit behind PoqNetwork's narrow seam (registeredNodes, events, balances)")
                .check(poq);
    }
}
