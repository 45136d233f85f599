package org.poq.app.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.poq.app.service.FeePreview;
import org.poq.app.service.FollowedTask;
import org.poq.app.service.RefusedException;
import org.poq.app.service.RequesterSession;
import org.poq.app.service.TaskListener;
import org.poq.app.service.TaskProgress;
import org.poq.app.service.WalletSigning;
import org.poq.network.PoqNetwork;
import org.poq.network.TaskRequest;
import org.poq.network.TaskView;
import org.poq.wallet.keys.WalletVault;
import org.web3j.crypto.Credentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `poq ask`: submits a prompt, follows the round (printing each phase with its deadline) and prints
 * the answers ranked by consensus score. Asking is {@link RequesterSession}'s, as in the window, and
 * so is the signer: an account of the user's wallet (--from, or the first when a wallet exists).
 */
@Command(name = "ask", mixinStandardHelpOptions = true,
        description = "Submit a prompt with a fee and print the miners' answers ranked by the validators' consensus.")
public final class AskCommand extends CliCommand {
    @Mixin
    ChainOptions chain = new ChainOptions();

    @Mixin
    WalletAccountOptions wallet = new WalletAccountOptions();

    @Parameters(paramLabel = "PROMPT", description = "The prompt.")
    String prompt;

    @Option(names = "--model-family", defaultValue = "llama-3-8b-instruct", description = "Model family to ask (default: ${DEFAULT-VALUE}).")
    String family;

    @Mixin
    RoundOptions round = new RoundOptions();

    @Option(names = "--timeout", defaultValue = "PT15M", description = "Give up waiting after this ISO-8601 duration (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--json", description = "Print the finished task as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = err();
        TaskRequest request = new TaskRequest(prompt, family, round.evaluatorId(), round.k, round.m, round.maxTokens, round.fee());
        // before a devnet is started or a node reached
        RequesterSession.checkBounds(request).ifPresent(r -> {
            throw new RefusedException(r, false);
        });
        if (wallet.usesWallet(chain.account)) {
            // the wallet signs, as in the window: the password is asked once, before the network is reached
            WalletCommand.Common w = wallet.common();
            WalletVault vault = w.openVault();
            String from = w.account(vault, wallet.from);
            char[] password = w.password("Wallet password");
            try {
                return WalletSigning.withCredentials(vault, from, password, me -> {
                    try {
                        return ask(request, me, err);
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new IllegalStateException(e.getMessage(), e);
                    }
                });
            } finally {
                vault.lock();
            }
        }
        return ask(request, chain.signer(1), err);
    }

    private int ask(TaskRequest request, Credentials me, PrintWriter err) throws Exception {
        try (PoqNetwork net = chain.connect()) {
            RequesterSession session = new RequesterSession(net);
            FeePreview preview = session.preview(me.getAddress(), request);
            preview.warning().ifPresent(w -> {
                err.println("warning: " + w);
                err.flush();
            });
            AtomicReference<String> lastLine = new AtomicReference<>("");
            try (FollowedTask task = session.submit(me, request, new TaskListener() {
                @Override
                public void update(TaskView v) {
                    String line = "task " + v.id() + ": " + TaskProgress.withDeadline(v, Instant.now());
                    // the countdown changes every second: print when the progress itself changes
                    String key = v.phase() + TaskProgress.line(v);
                    if (!key.equals(lastLine.getAndSet(key))) {
                        err.println(line);
                        err.flush();
                    }
                }

                @Override
                public void problem(String message) {
                    err.println(message);
                    err.flush();
                }

                @Override
                public void advanced(TaskView before) {
                    err.println("task " + before.id() + ": the deadline passed; moved it on without the nodes that did not act");
                    err.flush();
                }
            })) {
                Thread onInterrupt = new Thread(() -> {
                    err.println();
                    err.println("Stopped following task " + task.id() + ". The task continues on the network; "
                            + "follow it with: ./poq task " + task.id().value() + " --follow");
                    err.flush();
                }, "poq-ask-interrupted");
                Runtime.getRuntime().addShutdownHook(onInterrupt);
                TaskView done;
                try {
                    done = task.awaitFinalized(timeout);
                } finally {
                    removeHook(onInterrupt);
                }
                if (done == null) {
                    throw new IllegalStateException("task " + task.id() + " did not finish within " + timeout.toMinutes()
                            + " minutes; it continues on the network: follow it with ./poq task " + task.id().value() + " --follow");
                }
                print(done);
                return 0;
            }
        }
    }

    static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs and says how to follow the task
        }
    }

    private void print(TaskView v) throws Exception {
        PrintWriter out = out();
        if (json) {
            TaskViewPrinter.json(v, out);
        } else {
            TaskViewPrinter.text(v, out);
        }
    }
}
