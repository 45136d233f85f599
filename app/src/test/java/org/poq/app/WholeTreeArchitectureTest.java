package org.poq.app;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.poq.app.service.Networks;
import org.poq.network.NetworkDescriptor;
import org.poq.network.PoqNetwork;
import org.poq.network.chain.ChainClient;
import org.poq.network.chain.ChainPort;
import org.poq.network.chain.RpcErrors;
import org.poq.network.chain.LogPager;
import org.web3j.protocol.Web3j;

/**
 * The house over every module (app's classpath holds them all): core at the bottom, network on it,
 * the wallet, the miner and the evaluator beside each other on network, the application layer on
 * those, and the faces (the window, the command line, the entry point) on top. Maven already keeps
 * modules from importing upwards; these rules also keep the app's own packages in order and its
 * packages free of cycles.
 */
class WholeTreeArchitectureTest {
    static JavaClasses poq;

    @BeforeAll
    static void importClasses() {
        // DO_NOT_INCLUDE_TESTS knows test-classes folders; `mvn verify` puts the modules' test jars
        // (ProtocolFixture and friends) on the class path instead, so those are left out by name too
        poq = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar")).importPackages("org.poq");
    }

    @Test
    void layersFromCoreToTheFaces() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("core").definedBy("org.poq.core..")
                .layer("network").definedBy("org.poq.network..")
                .layer("wallet").definedBy("org.poq.wallet..")
                .layer("miner").definedBy("org.poq.miner..")
                .layer("evaluator").definedBy("org.poq.evaluator..")
                .layer("simulator").definedBy("org.poq.simulator..")
                .layer("application").definedBy("org.poq.app.service..", "org.poq.app.demo..", "org.poq.app.doctor..",
                        "org.poq.app.evaluators..", "org.poq.app.serve..")
                .layer("faces").definedBy(resideInAnyPackage("org.poq.app.gui..", "org.poq.app.cli..", "org.poq.app"))
                .whereLayer("faces").mayNotBeAccessedByAnyLayer()
                .whereLayer("application").mayOnlyBeAccessedByLayers("faces")
                .whereLayer("wallet").mayOnlyBeAccessedByLayers("application", "faces")
                .whereLayer("miner").mayOnlyBeAccessedByLayers("application", "faces")
                .whereLayer("evaluator").mayOnlyBeAccessedByLayers("application", "faces")
                .whereLayer("simulator").mayOnlyBeAccessedByLayers("faces")
                .whereLayer("network").mayOnlyBeAccessedByLayers("wallet", "miner", "evaluator", "simulator", "application", "faces")
                .because("each layer calls only those below it: a face never holds domain logic a second face lacks")
                .check(poq);
    }

    @Test
    void theAppConnectsOnlyThroughNetworks() {
        noClasses().that().resideInAPackage("org.poq.app..").and().doNotHaveFullyQualifiedName(Networks.class.getName())
                .should().callMethod(PoqNetwork.class, "connect", NetworkDescriptor.class)
                .orShould().callMethod(PoqNetwork.class, "connect", NetworkDescriptor.class, long.class)
                .because("Networks is the app's one factory for connections (the window, every command, the demo)")
                .check(poq);
    }

    /**
     * The wallet reads and writes the chain through network's narrow {@link ChainPort} (paged logs,
     * balances at a block, receipts, revert reasons, nonces, sends) in network's one error vocabulary:
     * never through the raw client, web3j's transport or a pager of its own (issue 24).
     */
    @Test
    void theWalletReachesTheChainOnlyThroughThePort() {
        noClasses().that().resideInAPackage("org.poq.wallet..")
                .should().dependOnClassesThat().belongToAnyOf(Web3j.class, ChainClient.class, LogPager.class, RpcErrors.class)
                .orShould().dependOnClassesThat().resideInAnyPackage("org.web3j.protocol.http..", "org.web3j.tx..")
                .because("one port and one error vocabulary: a second chain stack in the wallet drifts from network's")
                .check(poq);
    }

    /**
     * Packages that depend on each other are one package in disguise: no package of any module is in a
     * cycle (issue 24). Network's root no longer forms one with chain and events since the chain's
     * exceptions and the network's identity live in chain and the events' vocabulary (TaskPhase,
     * PenaltyReason, Audit, AnswerTokens) in events (decision 0053).
     */
    @Test
    void noPackageCycles() {
        slices().matching("org.poq.(**)").should().beFreeOfCycles()
                .check(poq.that(resideInAnyPackage("org.poq.core..", "org.poq.network..", "org.poq.wallet..", "org.poq.evaluator..",
                        "org.poq.simulator..", "org.poq.app..", "org.poq.miner..")));
    }

    /**
     * A module's parts, each with its sub-packages, depend one way: network's (chain, events, beacon,
     * devnet, node, metrics) and the miner's (chat, engine, gguf, hardware, catalog, library, service).
     */
    @Test
    void noCyclesAmongAModulesParts() {
        slices().matching("org.poq.network.(*)..").should().beFreeOfCycles()
                .check(poq.that(resideInAnyPackage("org.poq.network..")));
        slices().matching("org.poq.miner.(*)..").should().beFreeOfCycles()
                .check(poq.that(resideInAnyPackage("org.poq.miner..")));
    }
}
