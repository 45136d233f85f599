package org.poq.app.demo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.poq.core.AppPaths;
import org.poq.core.Closeables;
import org.poq.core.Sha256;
import org.poq.core.TokenAmount;
import org.poq.core.db.Database;
import org.poq.evaluator.Evaluators;
import org.poq.evaluator.Scorer;
import org.poq.evaluator.validator.ValidatorService;
import org.poq.miner.engine.EngineConfig;
import org.poq.miner.engine.InferenceEngine;
import org.poq.miner.engine.LoadedModel;
import org.poq.miner.engine.ModelSpec;
import org.poq.miner.service.MinerService;
import org.poq.network.PoqNetwork;
import org.poq.network.devnet.LocalAccounts;
import org.poq.network.devnet.LocalDevnet;

/**
 * Miners and validators on the local devnet's well-known test accounts, so a round can run on one
 * machine: every miner shares the bundled demo model (one llama.cpp worker, each miner its own seed),
 * every validator the default evaluator. Closing stops them all; they stay registered on the chain.
 */
public final class DemoNodes implements AutoCloseable {
    public static final TokenAmount STAKE = TokenAmount.ofTokens(1_000);

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

    private final List<AutoCloseable> open;
    private final List<String> miners;
    private final List<String> validators;

    private DemoNodes(List<AutoCloseable> open, List<String> miners, List<String> validators) {
        this.open = open;
        this.miners = miners;
        this.validators = validators;
    }

    /** Loads the model and the evaluator, then registers (when needed) and starts every node. */
    public static DemoNodes start(PoqNetwork net, AppPaths paths, Database db, Plan plan, Consumer<String> say) throws Exception {
        List<AutoCloseable> open = new ArrayList<>();
        try {
            Path modelFile = DemoModel.install(paths);
            InferenceEngine engine = new InferenceEngine(EngineConfig.defaults());
            open.add(engine);
            LoadedModel model = engine.load(ModelSpec.of(modelFile).withContextSize(512).withThreads(2));
            Sha256 modelId = Sha256.ofFile(modelFile);
            say.accept(String.format("loaded the demo model %s on %s in %d ms", modelFile.getFileName(), model.backend(),
                    model.loadTime().toMillis()));
            Scorer scorer = Evaluators.openDefault(paths);
            open.add(scorer);
            say.accept("loaded the evaluator " + scorer.evaluator().name() + " on " + scorer.execution().describe());

            List<String> minerAddresses = new ArrayList<>();
            for (int i = 0; i < plan.miners(); i++) {
                var base = MinerService.Config.of(plan.family(), modelId, STAKE);
                var config = new MinerService.Config(base.modelFamily(), base.modelId(), base.stake(), base.systemPrompt(),
                        1_000 + i, base.options());
                MinerService m = MinerService.start(net, LocalAccounts.account(plan.firstAccount() + i), db, engine, model, config);
                open.add(0, m);
                minerAddresses.add(m.address());
                say.accept(String.format("miner %d %s registered with %s POQ", i + 1, m.address(), STAKE.toPlainString()));
            }
            List<String> validatorAddresses = new ArrayList<>();
            for (int j = 0; j < plan.validators(); j++) {
                ValidatorService v = ValidatorService.start(net, LocalAccounts.account(plan.firstAccount() + plan.miners() + j),
                        db, scorer, ValidatorService.Config.of(STAKE));
                open.add(0, v);
                validatorAddresses.add(v.address());
                say.accept(String.format("validator %d %s registered with %s POQ", j + 1, v.address(), STAKE.toPlainString()));
            }
            return new DemoNodes(open, List.copyOf(minerAddresses), List.copyOf(validatorAddresses));
        } catch (Exception | Error e) {
            Closeables.closeAll(open);
            throw e;
        }
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
        Closeables.closeAll(open);
    }
}
