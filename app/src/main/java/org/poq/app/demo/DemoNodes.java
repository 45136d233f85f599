package org.poq.app.demo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.poq.app.service.EngineMinerNodes;
import org.poq.app.service.MinerNodes;
import org.poq.app.service.NodeLauncher;
import org.poq.app.service.OnnxScorers;
import org.poq.app.service.RunningNode;
import org.poq.core.AppPaths;
import org.poq.core.Sha256;
import org.poq.core.TokenAmount;
import org.poq.core.db.Database;
import org.poq.evaluator.DefaultEvaluator;
import org.poq.evaluator.Scorer;
import org.poq.network.NodeInfo;
import org.poq.network.NodeRole;
import org.poq.network.PoqNetwork;
import org.web3j.crypto.Credentials;
import org.poq.network.devnet.LocalAccounts;
import org.poq.network.devnet.LocalDevnet;

/**
 * Miners and validators on the local devnet's well-known test accounts, so a round can run on one
 * machine: every miner shares the demo model (the best catalog model already pulled, else the bundled
 * tiny one: {@link DemoModelChoice}; one llama.cpp worker, each miner its own seed),
 * every validator the default evaluator. Closing stops them all; {@link #deregister} also takes them
 * out of the draw.
 */
public final class DemoNodes implements AutoCloseable {
    public static final TokenAmount STAKE = TokenAmount.ofTokens(1_000);
    /** The context demo nodes load their model with: the demo's prompts and answers are short. */
    static final int CONTEXT = 512;

    /**
     * @param family       the model family the miners declare (the one requesters ask for)
     * @param firstAccount the first of the devnet's test accounts to use; miners take the next
     *                     {@code miners}, validators the {@code validators} after them
     */
    public record Plan(String family, int miners, int validators, int firstAccount) {
        public Plan {
            if (miners < 1 || validators < 1 || firstAccount < 1
                    || firstAccount + miners + validators > LocalDevnet.FUNDED_ACCOUNTS) {
                throw new IllegalArgumentException("the devnet funds accounts 1.."
                        + (LocalDevnet.FUNDED_ACCOUNTS - 1) + "; this plan needs "
                        + firstAccount + ".." + (firstAccount + miners + validators - 1));
            }
        }
    }

    private final NodeLauncher launcher;
    private final PoqNetwork network;
    private final List<Credentials> accounts;
    private final List<String> miners;
    private final List<String> validators;

    private DemoNodes(NodeLauncher launcher, PoqNetwork network, List<Credentials> accounts, List<String> miners,
                      List<String> validators) {
        this.launcher = launcher;
        this.network = network;
        this.accounts = accounts;
        this.miners = miners;
        this.validators = validators;
    }

    /** Loads the model and the evaluator, then registers (when needed) and starts every node through the launcher. */
    public static DemoNodes start(PoqNetwork net, AppPaths paths, Database db, Plan plan, Consumer<String> say) throws Exception {
        EngineMinerNodes engine = new EngineMinerNodes(spec -> spec.withContextSize(CONTEXT).withThreads(2));
        OnnxScorers scorers = new OnnxScorers(paths);
        NodeLauncher launcher = new NodeLauncher(db, engine, scorers);
        try {
            DemoModelChoice choice = DemoModelChoice.choose(paths, CONTEXT);
            Path modelFile = choice.file();
            Sha256 modelId = choice.id();
            var model = engine.load(setup(plan, modelFile, modelId, 0));
            say.accept(String.format("loaded the demo model: %s, on %s in %d ms", choice.description(), model.backend(),
                    model.loadTime().toMillis()));
            scorers.open(DefaultEvaluator.id());
            Scorer scorer = scorers.current();
            say.accept("loaded the evaluator " + scorer.evaluator().name() + " on " + scorer.execution().describe());

            List<Credentials> accounts = LocalAccounts.accounts(plan.firstAccount(), plan.miners() + plan.validators());
            accounts.forEach(a -> restake(net, a));
            List<String> minerAddresses = new ArrayList<>();
            for (int i = 0; i < plan.miners(); i++) {
                RunningNode m = launcher.startMiner(net, LocalAccounts.account(plan.firstAccount() + i),
                        setup(plan, modelFile, modelId, 1_000 + i));
                minerAddresses.add(m.address());
                say.accept(String.format("miner %d %s registered with %s POQ", i + 1, m.address(), STAKE.toPlainString()));
            }
            List<String> validatorAddresses = new ArrayList<>();
            for (int j = 0; j < plan.validators(); j++) {
                RunningNode v = launcher.startValidator(net, LocalAccounts.account(plan.firstAccount() + plan.miners() + j),
                        DefaultEvaluator.id(), STAKE);
                validatorAddresses.add(v.address());
                say.accept(String.format("validator %d %s registered with %s POQ", j + 1, v.address(), STAKE.toPlainString()));
            }
            return new DemoNodes(launcher, net, accounts, List.copyOf(minerAddresses), List.copyOf(validatorAddresses));
        } catch (Exception | Error e) {
            launcher.close();
            throw e;
        }
    }

    /** A demo node taken out of the draw earlier gets its stake back before it runs again. */
    private static void restake(PoqNetwork net, Credentials account) {
        NodeInfo info = net.node(account.getAddress());
        if (info.role() != NodeRole.NONE && info.stake().compareTo(STAKE) < 0) {
            net.session(account).addStake(STAKE.minus(info.stake()));
        }
    }

    /**
     * Takes the demo nodes out of the draw: their whole stake starts unbonding, so no ask selects a
     * node that nobody runs any more (before, asks waited for every deadline once the app had closed).
     */
    public void deregister() {
        for (Credentials a : accounts) {
            TokenAmount stake = network.node(a.getAddress()).stake();
            if (!stake.isZero()) {
                network.session(a).requestUnstake(stake);
            }
        }
    }

    /** The launcher that runs them, so the window can tell how many nodes run. */
    public NodeLauncher launcher() {
        return launcher;
    }

    private static MinerNodes.Setup setup(Plan plan, Path modelFile, Sha256 modelId, long seed) {
        return new MinerNodes.Setup(plan.family(), modelId, modelFile.getFileName().toString(), modelFile, STAKE, seed);
    }

    public List<String> miners() {
        return miners;
    }

    public List<String> validators() {
        return validators;
    }

    /** Stops the nodes first, then the evaluator and the model they share. */
    @Override
    public void close() {
        launcher.close();
    }
}
