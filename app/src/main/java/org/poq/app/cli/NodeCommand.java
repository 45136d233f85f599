package org.poq.app.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import org.poq.app.service.EngineMinerNodes;
import org.poq.app.service.EngineSettings;
import org.poq.app.service.JobSpeeds;
import org.poq.app.service.MinerNodes;
import org.poq.app.service.NodeLauncher;
import org.poq.app.service.NodeLedger;
import org.poq.app.service.OnnxScorers;
import org.poq.app.service.ParticipationLines;
import org.poq.app.service.RunningNode;
import org.poq.app.service.TaskAuditor;
import org.poq.core.AppPaths;
import org.poq.core.Sha256;
import org.poq.core.Closeables;
import org.poq.core.TokenAmount;
import org.poq.core.db.Database;
import org.poq.evaluator.Evaluators;
import org.poq.evaluator.Scorer;
import org.poq.evaluator.DefaultEvaluator;
import org.poq.network.PoqNetwork;
import org.poq.network.metrics.MetricsEndpoint;
import org.poq.network.metrics.NodeMetrics;
import org.poq.network.node.Participation;
import org.poq.network.node.ParticipationJournal;
import org.poq.miner.chat.ChatFamily;
import org.poq.miner.engine.EngineConfig;
import org.poq.miner.engine.LoadedModel;
import org.poq.miner.service.MinerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `poq node`: a headless miner and/or validator that runs until stopped (Ctrl-C or SIGTERM). */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = "Run a headless miner (--miner MODEL.gguf) and/or validator (--validator default|DIR) until stopped.")
public final class NodeCommand extends CliCommand {
    @Mixin
    ChainOptions chain = new ChainOptions();

    @Option(names = "--miner", paramLabel = "MODEL.gguf", description = "Serve this GGUF model as a miner.")
    Path model;

    @Option(names = "--model-family", defaultValue = "llama-3-8b-instruct", description = "Model family declared (default ${DEFAULT-VALUE}).")
    String family;

    @Option(names = "--threads", defaultValue = "2", description = "CPU threads for inference, 1 to 512 (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--hang-timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "Seconds without a token or a reply after which the inference worker counts as hung and is "
                    + "restarted, 5 to 3600 (default ${DEFAULT-VALUE}).")
    int hangTimeout;

    @Option(names = "--gpu-layers", defaultValue = "-1",
            description = "Layers to offload to a GPU: -1 all (default), 0 none (CPU only), or a number up to 1000.")
    int gpuLayers;

    @Option(names = "--context", paramLabel = "TOKENS",
            description = "Context in tokens (prompt plus answer), 64 to 1048576; default: the model's own, at most 4096.")
    Integer context;

    @Option(names = "--chat-format", paramLabel = "FORMAT", defaultValue = "auto",
            description = "Prompt format: auto (the default) renders the model's own Jinja chat template, falling back "
                    + "to a hand-kept format where it cannot; or one of llama3, mistral, mistral-v7-tekken, gemma, chatml.")
    String chatFormat;

    @Option(names = "--validator", paramLabel = "default|DIR", description = "Validate with the bundled evaluator or an evaluator folder.")
    String validator;

    @Option(names = "--audit-model", paramLabel = "FILE",
            description = "With --validator: the GGUF of the model family (--model-family) whose answers this validator "
                    + "audits by replay; without it the validator abstains from every audit.")
    Path auditModel;

    @Option(names = "--validator-key-file", paramLabel = "FILE", description = "Key of the validator when this node also mines.")
    Path validatorKeyFile;

    @Option(names = "--validator-dev-account", paramLabel = "N", description = "Devnet test account of the validator when this node also mines.")
    Integer validatorDevAccount;

    @Option(names = "--stake", defaultValue = "1000", description = "POQ to stake when registering (default ${DEFAULT-VALUE}).")
    String stake;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve Prometheus metrics on http://127.0.0.1:PORT/metrics (off unless given).")
    Integer metricsPort;

    @Option(names = "--status",
            description = "Print what each node of this data folder has earned and lost, task by task, with the reason "
                    + "of every slash, as its journal recorded the chain's events; then exit (nothing is started or signed).")
    boolean status;

    @Override
    public Integer call() throws Exception {
        if (status) {
            return printStatus(out());
        }
        if (model == null && validator == null) {
            throw new IllegalArgumentException("nothing to run: give --miner MODEL.gguf and/or --validator default|DIR");
        }
        if (auditModel != null && validator == null) {
            throw new IllegalArgumentException("--audit-model is for a validator: give --validator default|DIR too");
        }
        // the same checks and words as the Miner screen's fields, before anything is reached
        EngineSettings.require(context, threads, gpuLayers, null);
        if (hangTimeout < 5 || hangTimeout > 3600) {
            throw new IllegalArgumentException("The hang timeout must be a whole number of seconds from 5 to 3600.");
        }
        ChatFamily format = EngineSettings.chatFormat(chatFormat).orElse(null);
        // a missing audit model is said before the chain is reached, as the Validator screen says it before starting
        TaskAuditor.Setup audit = auditModel == null ? null : new TaskAuditor.Setup(family, auditModel,
                EngineConfig.defaults().withHangTimeout(Duration.ofSeconds(hangTimeout)), threads);
        PrintWriter out = out();
        AppPaths paths = AppPaths.fromEnvironment();
        List<AutoCloseable> open = new ArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            closeAll(open);
            stopped.countDown();
        }, "poq-node-shutdown"));
        try {
            PoqNetwork net = chain.connect();
            open.add(net);
            out.printf("connected to %s (chain %d, %d confirmations)%n", net.rpcUrlInUse(), net.descriptor().chainId(),
                    net.descriptor().effectiveConfirmations());
            net.onFailover((from, to) -> {
                out.printf("RPC endpoint %s failed; now using %s%n", from, to);
                out.flush();
            });
            Database db = Database.open(paths.database());
            open.add(db);
            OnnxScorers scorers = validator == null || "default".equals(validator) ? new OnnxScorers(paths)
                    : new OnnxScorers(paths, Evaluators.open(Path.of(validator)));
            EngineMinerNodes engines = new EngineMinerNodes(spec -> MinerSettings.spec(spec.file(), context, threads,
                    gpuLayers), format, EngineConfig.defaults().withHangTimeout(Duration.ofSeconds(hangTimeout)));
            NodeLauncher launcher = new NodeLauncher(db, engines, scorers);
            open.add(0, launcher);
            NodeMetrics metrics = new NodeMetrics();
            if (model != null) {
                var setup = new MinerNodes.Setup(family, Sha256.ofFile(model), model.getFileName().toString(), model,
                        TokenAmount.parse(stake));
                LoadedModel loaded = engines.load(setup);
                // tokens/s from llama.cpp's own timing, not a wall clock that includes the database write
                engines.onAnswer(r -> {
                    metrics.generation(r.generatedTokens(), r.tokensPerSecond());
                    out.printf(Locale.ROOT, "miner answered: %d tokens at %s tokens/s (prompt %d tokens at %.0f tokens/s)%n",
                            r.generatedTokens(), JobSpeeds.perSecond(r.tokensPerSecond()), r.promptTokens(), r.promptTokensPerSecond());
                    out.flush();
                });
                RunningNode miner = launcher.startMiner(net, chain.signer(2), setup);
                miner.onChange(p -> report(out, "miner", p));
                miner.onStanding(line -> say(out, line));
                metrics.watch(miner::onChange);
                out.printf("miner %s serving %s (%s) on %s, context %d tokens, chat format: %s%n", miner.address(),
                        model.getFileName(), family, loaded.backend(), loaded.spec().contextSize(),
                        loaded.prompt().description());
            }
            if (validator != null) {
                AccountOptions validatorAccount = model == null ? chain.account : validatorAccount();
                var credentials = validatorAccount.resolve(chain.network, model == null ? 2 : 3);
                Sha256 id = scorers.current() != null ? scorers.current().evaluator().id() : DefaultEvaluator.id();
                RunningNode v;
                if (audit != null) {
                    v = launcher.startAuditingValidator(net, credentials, id, TokenAmount.parse(stake), audit, d -> {
                        out.printf("validator audited task %s answer %d: %s%n", d.taskId(), d.answer() + 1,
                                d.result().describe());
                        out.flush();
                    });
                    out.printf("validator audits answers of %s by replay on %s%n", family, auditModel.getFileName());
                } else {
                    v = launcher.startValidator(net, credentials, id, TokenAmount.parse(stake));
                }
                v.onChange(p -> report(out, "validator", p));
                v.onStanding(line -> say(out, line));
                metrics.watch(v::onChange);
                Scorer scorer = scorers.current();
                out.printf("validator %s running evaluator %s (%s) on %s%n", v.address(), scorer.evaluator().name(),
                        scorer.evaluator().id().hex().substring(0, 12), scorer.execution().describe());
            }
            if (metricsPort != null) {
                MetricsEndpoint endpoint = MetricsEndpoint.start(metrics, metricsPort);
                open.add(endpoint);
                out.printf("metrics on %s%n", endpoint.url());
            }
            out.println("node running; stop with Ctrl-C");
            out.flush();
        } catch (RuntimeException e) {
            closeAll(open);
            throw e;
        }
        stopped.await();
        return 0;
    }

    private static int printStatus(PrintWriter out) {
        AppPaths paths = AppPaths.fromEnvironment();
        if (!Files.exists(paths.database())) {
            out.println("No node has run from this data folder (" + paths.home() + "): nothing earned or lost.");
            return 0;
        }
        try (Database db = Database.open(paths.database())) {
            List<NodeLedger.Summary> nodes = NodeLedger.all(new ParticipationJournal(db));
            if (nodes.isEmpty()) {
                out.println("No node has run from this data folder (" + paths.home() + "): nothing earned or lost.");
            }
            for (NodeLedger.Summary n : nodes) {
                out.printf("node %s on %s: %s%n", n.node(), n.network(), n.headline());
                n.lines().forEach(l -> out.println("  " + l));
            }
        }
        out.flush();
        return 0;
    }

    private AccountOptions validatorAccount() {
        if (validatorKeyFile == null && validatorDevAccount == null) {
            throw new IllegalArgumentException("a node that mines and validates needs a second account: "
                    + "--validator-key-file FILE or --validator-dev-account N");
        }
        AccountOptions a = new AccountOptions();
        a.keyFile = validatorKeyFile;
        a.devAccount = validatorDevAccount;
        return a;
    }

    private static void report(PrintWriter out, String role, Participation p) {
        say(out, ParticipationLines.line(role, p));
    }

    /** One line of the node's output: a record's change, or what stops the node from serving (once per change). */
    private static void say(PrintWriter out, String line) {
        out.println(line);
        out.flush();
    }

    private static void closeAll(List<AutoCloseable> open) {
        Closeables.closeAll(open);
        open.clear();
    }
}
