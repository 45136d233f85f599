package org.poq.app.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.poq.core.Sha256;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.evaluator.DefaultEvaluator;
import org.poq.network.PoqNetwork;
import org.poq.network.PoqSession;
import org.poq.network.TaskRequest;
import org.poq.network.TaskTracker;
import org.poq.network.TaskView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `poq ask`: submits a prompt, follows the round and prints the answers ranked by consensus score. */
@Command(name = "ask", mixinStandardHelpOptions = true,
        description = "Submit a prompt with a fee and print the miners' answers ranked by the validators' consensus.")
public final class AskCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    NetworkOptions network = new NetworkOptions();

    @Mixin
    AccountOptions account = new AccountOptions();

    @Parameters(paramLabel = "PROMPT", description = "The prompt.")
    String prompt;

    @Option(names = "--model-family", defaultValue = "llama-3-8b-instruct", description = "Model family to ask (default: ${DEFAULT-VALUE}).")
    String family;

    @Option(names = "--evaluator", description = "Evaluator id (64 hex digits); default: the bundled evaluator.")
    String evaluator;

    @Option(names = "-k", defaultValue = "3", description = "Number of miners (1..8, default ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "-m", defaultValue = "5", description = "Number of validators (1..15, default ${DEFAULT-VALUE}).")
    int m;

    @Option(names = "--fee", defaultValue = "10", description = "Fee in POQ (default ${DEFAULT-VALUE}).")
    String fee;

    @Option(names = "--max-tokens", defaultValue = "256", description = "Longest answer in tokens (default ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--timeout", defaultValue = "PT15M", description = "Give up waiting after this ISO-8601 duration (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--json", description = "Print the finished task as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Sha256 evaluatorId = evaluator != null ? Sha256.parse(evaluator) : DefaultEvaluator.id();
        TaskRequest request = new TaskRequest(prompt, family, evaluatorId, k, m, maxTokens, TokenAmount.parse(fee));
        try (PoqNetwork net = PoqNetwork.connect(network.resolve())) {
            PoqSession me = net.session(account.resolve(network, 1));
            long from = net.blockNumber() + 1;
            TaskId id = me.submitTask(request);
            AtomicReference<String> lastLine = new AtomicReference<>("");
            try (TaskTracker tracker = TaskTracker.follow(net, id, from, view -> {
                String line = progress(view);
                if (!line.equals(lastLine.getAndSet(line))) {
                    err.println(line);
                    err.flush();
                }
            })) {
                TaskView done = awaitFinal(net, me, id, tracker);
                print(done);
                return 0;
            }
        }
    }

    /** Waits for the round; past a deadline anyone may advance it, so the requester does. */
    private TaskView awaitFinal(PoqNetwork net, PoqSession me, TaskId id, TaskTracker tracker) throws InterruptedException {
        Instant giveUp = Instant.now().plus(timeout);
        while (Instant.now().isBefore(giveUp)) {
            TaskView v = tracker.latest();
            if (v != null && v.finalized()) {
                return v;
            }
            if (v != null && v.deadline() != null && Instant.now().isAfter(v.deadline().plusSeconds(1))) {
                try {
                    me.advance(id);
                } catch (RuntimeException e) {
                    // someone else advanced it first, or the chain's clock is behind: try again on the next turn
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("task " + id + " did not finish within " + timeout.toMinutes()
                + " minutes; follow it later with its id");
    }

    static String progress(TaskView v) {
        return switch (v.phase()) {
            case ANSWER_COMMIT -> String.format("task %s: %d miners and %d validators selected; answers committed %d/%d",
                    v.id(), v.miners().size(), v.validators().size(), v.answersCommitted(), v.miners().size());
            case ANSWER_REVEAL -> String.format("task %s: answers revealed %d/%d", v.id(),
                    v.answers().stream().filter(TaskView.Answer::revealed).count(), v.answersCommitted());
            case SCORE_COMMIT -> String.format("task %s: scores committed %d/%d", v.id(), v.scoresCommitted(), v.validators().size());
            case SCORE_REVEAL -> String.format("task %s: scores revealed %d/%d", v.id(), v.scoresRevealed(), v.scoresCommitted());
            case FINALIZED -> String.format("task %s: finalized", v.id());
            default -> "task " + v.id();
        };
    }

    private void print(TaskView v) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            TaskViewPrinter.json(v, out);
        } else {
            TaskViewPrinter.text(v, out);
        }
    }
}
