package org.poq.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.app.demo.DemoModel;
import org.poq.core.AppPaths;
import org.poq.core.Sha256;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.evaluator.DefaultEvaluator;
import org.poq.network.Deployer;
import org.poq.network.NetworkDescriptor;
import org.poq.network.PoqNetwork;
import org.poq.network.PoqSession;
import org.poq.network.ProtocolParams;
import org.poq.network.events.TaskPhase;
import org.poq.network.TaskRequest;
import org.poq.network.chain.ChainClient;
import org.poq.network.devnet.AnvilOptions;
import org.poq.network.devnet.AnvilProcess;
import org.poq.network.devnet.LocalAccounts;
import org.poq.network.events.TaskEvent;
import org.web3j.crypto.Credentials;

/**
 * Real processes, real faults: 3 miners and 5 validators, each a `poq node` OS process with its own
 * data folder, on an anvil node that keeps its chain in a state file. A miner and a validator are
 * killed with SIGKILL between their commit and their reveal, and restarted; then the RPC node itself
 * is stopped mid-round and restarted from its saved state. Every round must finish with no penalty,
 * each reveal sent once.
 */
class MultiProcessFaultTest {
    private static final String FAMILY = "demo-tiny-llama";
    @TempDir
    Path dir;
    private final List<NodeProcess> processes = new ArrayList<>();
    private AnvilProcess anvil;
    private PoqNetwork net;

    @AfterEach
    void stopAll() throws Exception {
        for (NodeProcess p : processes) p.close();
        if (net != null) net.close();
        if (anvil != null) anvil.close();
    }

    @Test
    void killedNodesRevealAfterRestartAndNodesSurviveAnRpcRestart() throws Exception {
        AppPaths shared = new AppPaths(dir.resolve("shared"));
        Path model = DemoModel.install(shared);
        Path evaluator = DefaultEvaluator.install(shared).dir();
        Path state = dir.resolve("chain/state.json");
        AnvilOptions chainOptions = AnvilOptions.ephemeral().withState(state).withPort(AnvilProcess.freePort());
        anvil = AnvilProcess.start(chainOptions);
        NetworkDescriptor d;
        try (ChainClient chain = ChainClient.connect(anvil.rpcUrl(), 31337)) {
            d = new Deployer(chain, LocalAccounts.account(0)).deploy("faults", ProtocolParams.defaults(),
                    List.of(new Deployer.EvaluatorEntry(DefaultEvaluator.id(), "minilm")));
        }
        Path descriptor = dir.resolve("network.json");
        d.write(descriptor);
        net = PoqNetwork.connect(d);
        PoqSession bank = net.session(LocalAccounts.account(0));
        Sha256 modelId = Sha256.ofFile(model);

        List<NodeProcess> miners = new ArrayList<>();
        List<NodeProcess> validators = new ArrayList<>();
        List<String> minerAddresses = new ArrayList<>();
        List<String> validatorAddresses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Credentials c = LocalAccounts.account(2 + i);
            bank.transferPoq(c.getAddress(), TokenAmount.ofTokens(5_000));
            Path key = dir.resolve("key-" + i);
            Files.writeString(key, c.getEcKeyPair().getPrivateKey().toString(16));
            // registered up front, so the draw of k=3 and m=5 takes every one of them
            if (i < 3) {
                net.session(c).registerMiner(FAMILY, modelId, 32_768, TokenAmount.ofTokens(1_000));
                minerAddresses.add(c.getAddress());
                miners.add(track(new NodeProcess("miner-" + i, dir, List.of("--network", descriptor.toString(),
                        "--key-file", key.toString(), "--miner", model.toString(), "--model-family", FAMILY))));
            } else {
                net.session(c).registerValidator(DefaultEvaluator.id(), TokenAmount.ofTokens(1_000));
                validatorAddresses.add(c.getAddress());
                validators.add(track(new NodeProcess("validator-" + (i - 3), dir, List.of("--network", descriptor.toString(),
                        "--key-file", key.toString(), "--validator", evaluator.toString()))));
            }
        }

        // round 1: only the victims run at first, so each can be caught between its commit and its reveal
        miners.get(0).start();
        validators.get(0).start();
        PoqSession requester = net.session(LocalAccounts.account(1));
        bank.transferPoq(requester.address(), TokenAmount.ofTokens(1_000));
        TaskId first = requester.submitTask(new TaskRequest("Name a colour.", FAMILY, DefaultEvaluator.id(), 3, 5, 8,
                TokenAmount.ofTokens(10)));
        await("miner 0 commits", () -> net.slot(first, minerAddresses.get(0)).committed(), miners.get(0));
        miners.get(0).kill();
        miners.get(1).start();
        miners.get(2).start();
        await("the others reveal", () -> net.slot(first, minerAddresses.get(1)).revealed()
                && net.slot(first, minerAddresses.get(2)).revealed(), miners.get(1));
        assertThat(net.task(first).phase()).as("the round waits for the killed miner").isEqualTo(TaskPhase.ANSWER_REVEAL);
        miners.get(0).start();
        await("validator 0 commits", () -> net.slot(first, validatorAddresses.get(0)).committed(), validators.get(0));
        validators.get(0).kill();
        for (int j = 1; j < 5; j++) validators.get(j).start();
        await("the other validators reveal", () -> validatorAddresses.subList(1, 5).stream()
                .allMatch(v -> net.slot(first, v).revealed()), validators.get(1));
        assertThat(net.task(first).phase()).as("the round waits for the killed validator").isEqualTo(TaskPhase.SCORE_REVEAL);
        validators.get(0).start();
        await("round 1 finalizes", () -> net.task(first).isFinalized(), validators.get(0));
        assertNoPenaltyAndOneRevealEach(first);

        // round 2: the RPC node stops mid-round and comes back from its saved state on the same port
        TaskId second = requester.submitTask(new TaskRequest("Name a fruit.", FAMILY, DefaultEvaluator.id(), 3, 5, 8,
                TokenAmount.ofTokens(10)));
        await("answers are committed", () -> net.task(second).answerCommits() >= 1, miners.get(0));
        anvil.close();
        Thread.sleep(1_500); // the nodes see the outage: their polls and sends fail and are retried
        anvil = AnvilProcess.start(chainOptions);
        await("round 2 finalizes after the RPC restart", () -> net.task(second).isFinalized(), miners.get(0));
        assertNoPenaltyAndOneRevealEach(second);
        for (NodeProcess p : processes) {
            assertThat(p.alive()).as("every node survived: " + p.log()).isTrue();
        }
    }

    private void assertNoPenaltyAndOneRevealEach(TaskId id) {
        List<TaskEvent> events = net.events(net.task(id).submitBlock(), net.blockNumber()).stream()
                .filter(e -> e.taskId().equals(id)).toList();
        assertThat(events).noneMatch(e -> e instanceof TaskEvent.Penalized);
        assertThat(events.stream().filter(e -> e instanceof TaskEvent.AnswerRevealed).count()).isEqualTo(3);
        assertThat(events.stream().filter(e -> e instanceof TaskEvent.ScoresRevealed).count()).isEqualTo(5);
        assertThat(events.stream().filter(e -> e instanceof TaskEvent.AnswerCommitted).count()).isEqualTo(3);
        assertThat(events.stream().filter(e -> e instanceof TaskEvent.ScoresCommitted).count()).isEqualTo(5);
    }

    private NodeProcess track(NodeProcess p) {
        processes.add(p);
        return p;
    }

    private void await(String what, BooleanSupplier condition, NodeProcess logOf) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            try {
                if (condition.getAsBoolean()) return;
            } catch (RuntimeException e) {
                // the RPC node may be down for a moment: keep asking
            }
            if (System.nanoTime() > deadline) {
                StringBuilder logs = new StringBuilder();
                for (NodeProcess p : processes) {
                    logs.append("\n--- ").append(p.name()).append(p.alive() ? " (running)" : " (stopped)").append('\n').append(p.log());
                }
                String phase;
                try {
                    phase = String.valueOf(net.task(net.lastTaskId()).phase());
                } catch (RuntimeException e) {
                    phase = "unreadable (" + e.getMessage() + ")";
                }
                throw new AssertionError("timed out waiting until " + what + "; last task " + phase + "; node logs:" + logs);
            }
            Thread.sleep(100);
        }
    }
}
