package org.poq.app.cli;

import java.io.PrintWriter;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import org.poq.app.service.FollowedTask;
import org.poq.app.service.RequesterSession;
import org.poq.app.service.TaskListener;
import org.poq.app.service.TaskProgress;
import org.poq.core.TaskId;
import org.poq.network.PoqNetwork;
import org.poq.network.TaskView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `poq task ID`: the state, answers, scores and payments of any task; with --follow, until it is finalized. */
@Command(name = "task", mixinStandardHelpOptions = true,
        description = "Show a task: its phase and deadline, the answers ranked by consensus, every score, what was paid.")
public final class TaskCommand extends CliCommand {
    @Mixin
    ChainOptions chain = new ChainOptions();

    @Parameters(paramLabel = "ID", description = "The task's number, as `poq ask` printed it.")
    String id;

    @Option(names = "--follow", description = "Wait until the task is finalized, moving it past deadlines nobody acted on.")
    boolean follow;

    @Option(names = "--timeout", defaultValue = "PT15M", description = "With --follow, give up after this ISO-8601 duration (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--json", description = "Print the task as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        TaskId taskId = parse(id);
        PrintWriter err = err();
        try (PoqNetwork net = chain.connect()) {
            RequesterSession session = new RequesterSession(net);
            TaskView v = session.read(taskId);
            if (follow && !v.finalized()) {
                try (FollowedTask t = session.follow(taskId, chain.signer(1), new TaskListener() {
                    private String last = "";

                    @Override
                    public synchronized void update(TaskView view) {
                        String key = view.phase() + TaskProgress.line(view);
                        if (!key.equals(last)) {
                            last = key;
                            err.println("task " + view.id() + ": " + TaskProgress.withDeadline(view, Instant.now()));
                            err.flush();
                        }
                    }
                })) {
                    v = t.awaitFinalized(timeout);
                    if (v == null) {
                        throw new IllegalStateException("task " + taskId + " did not finish within " + timeout.toMinutes() + " minutes");
                    }
                }
            }
            PrintWriter out = out();
            if (json) {
                TaskViewPrinter.json(v, out);
            } else {
                if (!v.finalized()) {
                    out.println("task " + v.id() + ": " + TaskProgress.withDeadline(v, Instant.now()));
                }
                TaskViewPrinter.text(v, out);
            }
            return 0;
        }
    }

    static TaskId parse(String text) {
        try {
            BigInteger n = new BigInteger(text.trim());
            if (n.signum() <= 0) {
                throw new NumberFormatException();
            }
            return new TaskId(n);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a task id is a whole number from 1 up, as `poq ask` prints it: " + text);
        }
    }
}
