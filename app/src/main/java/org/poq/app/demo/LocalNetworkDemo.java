package org.poq.app.demo;

import org.poq.core.FileTrees;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.poq.core.AppPaths;
import org.poq.core.Closeables;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.core.db.Database;
import org.poq.evaluator.DefaultEvaluator;
import org.poq.network.Deployer;
import org.poq.network.NetworkDescriptor;
import org.poq.network.PoqNetwork;
import org.poq.network.ProtocolParams;
import org.poq.network.TaskRequest;
import org.poq.network.TaskTracker;
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
            PoqNetwork net = PoqNetwork.connect(d);
            open.add(net);
            Database db = Database.open(java.nio.file.Files.createDirectories(dir).resolve("demo.db"));
            open.add(db);

            open.add(0, DemoNodes.start(net, paths, db, new DemoNodes.Plan(DemoModel.FAMILY, o.miners(), o.validators(), 2),
                    line -> say("%s", line)));

            var requester = net.session(LocalAccounts.account(1));
            long from = net.blockNumber() + 1;
            Instant submitted = Instant.now();
            TaskId id = requester.submitTask(new TaskRequest(o.prompt(), DemoModel.FAMILY, DefaultEvaluator.id(),
                    o.miners(), o.validators(), o.maxTokens(), o.fee()));
            say("submitted task %s with a fee of %s POQ: \"%s\"", id, o.fee(), o.prompt());
            TaskView done = follow(net, id, from, v -> { });
            say("round finished in %.1f s (whole demo %.1f s)", Duration.between(submitted, Instant.now()).toMillis() / 1000.0,
                    Duration.between(start, Instant.now()).toMillis() / 1000.0);
            return done;
        } finally {
            Closeables.closeAll(open);
            devnet.stop();
        }
    }

    private TaskView follow(PoqNetwork net, TaskId id, long from, Consumer<TaskView> onUpdate) throws InterruptedException {
        String[] last = {""};
        try (TaskTracker tracker = TaskTracker.follow(net, id, from, v -> {
            String line = phaseLine(v);
            if (!line.equals(last[0])) {
                last[0] = line;
                say("%s", line);
            }
            onUpdate.accept(v);
        })) {
            Instant giveUp = Instant.now().plusSeconds(300);
            while (Instant.now().isBefore(giveUp)) {
                TaskView v = tracker.latest();
                if (v != null && v.finalized()) {
                    return v;
                }
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the demo round did not finish in 5 minutes");
    }

    static String phaseLine(TaskView v) {
        return switch (v.phase()) {
            case ANSWER_COMMIT -> String.format("  answers committed %d/%d", v.answersCommitted(), v.miners().size());
            case ANSWER_REVEAL -> String.format("  answers revealed %d/%d",
                    v.answers().stream().filter(TaskView.Answer::revealed).count(), v.answersCommitted());
            case SCORE_COMMIT -> String.format("  scores committed %d/%d", v.scoresCommitted(), v.validators().size());
            case SCORE_REVEAL -> String.format("  scores revealed %d/%d", v.scoresRevealed(), v.scoresCommitted());
            case FINALIZED -> "  finalized: consensus computed, rewards paid";
            default -> "";
        };
    }

    private void say(String fmt, Object... args) {
        out.println(String.format(fmt, args));
        out.flush();
    }
}
