package org.poq.app.demo;

import org.poq.core.FileTrees;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.poq.app.service.FollowedTask;
import org.poq.app.service.Networks;
import org.poq.app.service.RequesterSession;
import org.poq.app.service.TaskListener;
import org.poq.core.AppPaths;
import org.poq.core.Closeables;
import org.poq.core.TokenAmount;
import org.poq.core.db.Database;
import org.poq.evaluator.DefaultEvaluator;
import org.poq.network.Deployer;
import org.poq.network.NetworkDescriptor;
import org.poq.network.PoqNetwork;
import org.poq.network.ProtocolParams;
import org.poq.network.TaskRequest;
import org.poq.network.events.TaskPhase;
import org.poq.network.TaskView;
import org.poq.network.devnet.LocalAccounts;
import org.poq.network.devnet.LocalDevnet;

/**
 * The main job on the embedded default: a local chain, several miner and validator identities (each
 * its own key and stake; one loaded model and one evaluator shared between them, each miner with its
 * own seed), one prompt, and the whole round through to the rewards. It runs on a devnet of its own,
 * created afresh, so nodes registered on the app's devnet cannot stall it.
 */
public final class LocalNetworkDemo {
    public record Options(String prompt, int miners, int validators, TokenAmount fee, int maxTokens) {
        public static Options defaults(String prompt) {
            return new Options(prompt, 3, 5, TokenAmount.ofTokens(10), 24);
        }
    }

    private static final Duration ROUND_LIMIT = Duration.ofMinutes(5);

    private final AppPaths paths;
    private final PrintWriter out;

    public LocalNetworkDemo(AppPaths paths, PrintWriter out) {
        this.paths = paths;
        this.out = out;
    }

    public TaskView run(Options o) throws Exception {
        Instant start = Instant.now();
        Path dir = paths.home().resolve("demo");
        LocalDevnet devnet = new LocalDevnet(dir.resolve("devnet"), List.of(new Deployer.EvaluatorEntry(DefaultEvaluator.id(),
                "all-minilm-l6-v2")), ProtocolParams.devnet());
        devnet.stop();
        FileTrees.delete(dir);
        List<AutoCloseable> open = new ArrayList<>();
        try {
            say("starting a fresh local chain and deploying the PoQ contracts...");
            NetworkDescriptor d = devnet.start();
            PoqNetwork net = Networks.open(d);
            open.add(net);
            Database db = Database.open(Files.createDirectories(dir).resolve("demo.db"));
            open.add(db);

            open.add(0, DemoNodes.start(net, paths, db, new DemoNodes.Plan(DemoModel.FAMILY, o.miners(), o.validators(), 2),
                    line -> say("%s", line)));

            // the same requester session as the Ask screen: its checks, its submit, its following and advancing
            RequesterSession session = new RequesterSession(net);
            TaskRequest request = new TaskRequest(o.prompt(), DemoModel.FAMILY, DefaultEvaluator.id(),
                    o.miners(), o.validators(), o.maxTokens(), o.fee());
            Instant submitted = Instant.now();
            try (FollowedTask task = session.submit(LocalAccounts.account(1), request, new Lines())) {
                say("submitted task %s with a fee of %s POQ: \"%s\"", task.id(), o.fee(), o.prompt());
                TaskView done = task.awaitFinalized(ROUND_LIMIT);
                if (done == null) {
                    throw new IllegalStateException("the demo round did not finish in " + ROUND_LIMIT.toMinutes() + " minutes");
                }
                say("round finished in %.1f s (whole demo %.1f s)", Duration.between(submitted, Instant.now()).toMillis() / 1000.0,
                        Duration.between(start, Instant.now()).toMillis() / 1000.0);
                return done;
            }
        } finally {
            Closeables.closeAll(open);
            devnet.stop();
        }
    }

    /** The round's progress, one line each time it moves. */
    private final class Lines implements TaskListener {
        private String last = "";

        @Override
        public synchronized void update(TaskView v) {
            String line = phaseLine(v);
            if (!line.isEmpty() && !line.equals(last)) {
                last = line;
                say("%s", line);
            }
        }

        @Override
        public void problem(String message) {
            say("  %s", message);
        }

        @Override
        public void advanced(TaskView before) {
            say("  moved on past the deadline: %s did not act in time", before.progress().missing());
        }
    }

    static String phaseLine(TaskView v) {
        if (v.phase() == TaskPhase.FINALIZED) {
            return "  finalized: consensus computed, rewards paid";
        }
        return v.progress().counted() ? "  " + v.progress().words() : "";
    }

    private void say(String fmt, Object... args) {
        out.println(String.format(fmt, args));
        out.flush();
    }
}
