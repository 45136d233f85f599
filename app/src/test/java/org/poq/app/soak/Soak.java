package org.poq.app.soak;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.poq.network.RawChain;
import org.poq.app.demo.DemoModel;
import org.poq.app.faults.NodeProcess;
import org.poq.core.AppPaths;
import org.poq.core.Sha256;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.evaluator.DefaultEvaluator;
import org.poq.network.Deployer;
import org.poq.network.NetworkDescriptor;
import org.poq.network.events.PenaltyReason;
import org.poq.network.PoqNetwork;
import org.poq.network.PoqSession;
import org.poq.network.ProtocolParams;
import org.poq.network.TaskRequest;
import org.poq.network.TaskState;
import org.poq.network.chain.ChainClient;
import org.poq.network.devnet.AnvilOptions;
import org.poq.network.devnet.AnvilProcess;
import org.poq.network.devnet.LocalAccounts;
import org.poq.network.events.TaskEvent;
import org.poq.network.events.TaskEventStream;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.Transaction;

/**
 * A load run on anvil with interval mining: miners and validators as separate `poq node` processes,
 * several requesters keeping many tasks in flight, the app's event stream following along. Every
 * minute it samples each node's resident memory and open files (the JVM and its worker processes,
 * from /proc) and the stream's lag. At the end it waits for every task to finish (advancing those
 * past their deadline, as a requester does), then counts from the chain itself: tasks finalized and
 * refunded, reveals lost (committed and never revealed), and transactions a node sent twice for the
 * same task and step, or that reverted.
 */
final class Soak implements AutoCloseable {
    record Config(int miners, int validators, int requesters, int tasksInFlight, Duration submitFor, int blockSeconds,
                  int k, int m) {
    }

    record Sample(int minute, Map<String, Long> rssKb, Map<String, Integer> openFiles, long lagBlocks) {
    }

    record Result(Config config, Duration wall, int submitted, int finalized, int refundedInFull, int partlyRefunded,
                  int lostReveals, int duplicateSends, int revertedSends, long maxLagBlocks, double meanLagBlocks,
                  List<Sample> samples, Map<String, Integer> nodeTransactions, List<String> problems) {
    }

    private static final String FAMILY = DemoModel.FAMILY;
    private static final int ACCOUNTS = 60;

    private final Config config;
    private final Path dir;
    private final List<NodeProcess> nodes = new ArrayList<>();
    private final Map<String, String> addresses = new HashMap<>();
    private final List<TaskId> tasks = new CopyOnWriteArrayList<>();
    private final List<Long> lags = new CopyOnWriteArrayList<>();
    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private AnvilProcess anvil;
    private PoqNetwork net;
    private long startBlock;

    Soak(Config config, Path dir) {
        this.config = config;
        this.dir = dir;
    }

    Result run() throws Exception {
        Instant began = Instant.now();
        AppPaths shared = new AppPaths(dir.resolve("shared"));
        Path model = DemoModel.install(shared);
        Path evaluator = DefaultEvaluator.install(shared).dir();
        anvil = AnvilProcess.start(new AnvilOptions(0, 31337, null, null, ACCOUNTS, null, List.of()));
        NetworkDescriptor d;
        try (ChainClient chain = ChainClient.connect(anvil.rpcUrl(), 31337)) {
            d = new Deployer(chain, LocalAccounts.account(0)).deploy("soak", ProtocolParams.defaults(),
                    List.of(new Deployer.EvaluatorEntry(DefaultEvaluator.id(), "minilm")));
        }
        Path descriptor = dir.resolve("network.json");
        d.write(descriptor);
        net = PoqNetwork.connect(d, 200);
        PoqSession bank = net.session(LocalAccounts.account(0));
        Sha256 modelId = Sha256.ofFile(model);

        // registration in automine (seconds); the run itself mines a block every blockSeconds
        int account = 1 + config.requesters();
        for (int i = 0; i < config.miners() + config.validators(); i++, account++) {
            Credentials c = LocalAccounts.account(account);
            bank.transferPoq(c.getAddress(), TokenAmount.ofTokens(5_000));
            Path key = dir.resolve("key-" + i);
            Files.writeString(key, c.getEcKeyPair().getPrivateKey().toString(16));
            boolean miner = i < config.miners();
            String name = miner ? "miner-" + i : "validator-" + (i - config.miners());
            if (miner) {
                net.session(c).registerMiner(FAMILY, modelId, 32_768, TokenAmount.ofTokens(1_000));
            } else {
                net.session(c).registerValidator(DefaultEvaluator.id(), TokenAmount.ofTokens(1_000));
            }
            List<String> args = new ArrayList<>(List.of("--network", descriptor.toString(), "--key-file", key.toString()));
            args.addAll(miner ? List.of("--miner", model.toString(), "--model-family", FAMILY, "--threads", "1")
                    : List.of("--validator", evaluator.toString()));
            nodes.add(new NodeProcess(name, dir, args));
            addresses.put(c.getAddress().toLowerCase(Locale.ROOT), name);
        }
        List<PoqSession> requesters = new ArrayList<>();
        for (int r = 0; r < config.requesters(); r++) {
            PoqSession s = net.session(LocalAccounts.account(1 + r));
            bank.transferPoq(s.address(), TokenAmount.ofTokens(100_000));
            requesters.add(s);
        }
        for (NodeProcess n : nodes) {
            n.start();
        }
        // the clock starts when every node has loaded its model and follows the chain: start-up is not load
        long ready = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (!nodes.stream().allMatch(NodeProcess::running)) {
            if (System.nanoTime() > ready || nodes.stream().anyMatch(n -> !n.alive())) {
                throw new IllegalStateException("the nodes did not start: " + nodes.stream()
                        .filter(n -> !n.running()).map(n -> n.name() + ": " + tail(n)).toList());
            }
            Thread.sleep(500);
        }
        startBlock = net.blockNumber() + 1;
        RawChain.of(net).rpc("evm_setAutomine", false);
        RawChain.of(net).rpc("evm_setIntervalMining", config.blockSeconds());

        TaskEventStream stream = net.follow(startBlock, e -> { }, e -> { });
        AtomicBoolean submitting = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(config.requesters() + 1);
        try {
            for (PoqSession r : requesters) {
                pool.execute(() -> submitWhile(r, submitting));
            }
            long end = System.nanoTime() + config.submitFor().toNanos();
            int minute = 0;
            long nextSample = System.nanoTime();
            while (System.nanoTime() < end) {
                lags.add(stream.lagBlocks());
                if (System.nanoTime() >= nextSample) {
                    samples.add(sample(minute++, stream.lagBlocks()));
                    nextSample += TimeUnit.MINUTES.toNanos(1);
                }
                Thread.sleep(1_000);
            }
            submitting.set(false);
            pool.shutdown();
            pool.awaitTermination(2, TimeUnit.MINUTES);
            drain(requesters.get(0), stream);
            samples.add(sample(minute, stream.lagBlocks()));
        } finally {
            submitting.set(false);
            pool.shutdownNow();
            stream.close();
        }
        return count(Duration.between(began, Instant.now()));
    }

    /** Keeps this requester's share of the tasks in flight until told to stop. */
    private void submitWhile(PoqSession requester, AtomicBoolean submitting) {
        int share = Math.max(1, config.tasksInFlight() / config.requesters());
        Set<TaskId> mine = new HashSet<>();
        int n = 0;
        while (submitting.get()) {
            try {
                mine.removeIf(id -> net.task(id).isFinalized());
                if (mine.size() >= share) {
                    Thread.sleep(1_000);
                    continue;
                }
                TaskId id = requester.submitTask(new TaskRequest("Soak prompt " + requester.address().substring(2, 8)
                        + " #" + n++ + ": name a colour.", FAMILY, DefaultEvaluator.id(), config.k(), config.m(), 8,
                        TokenAmount.ofTokens(10)));
                tasks.add(id);
                mine.add(id);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // a busy chain may reject a dry run for a moment: try again at the next block
                sleepQuietly(1_000);
            }
        }
    }

    /** Waits for every task to finish; a task past its deadline is advanced, as its requester would. */
    private void drain(PoqSession requester, TaskEventStream stream) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
        while (System.nanoTime() < deadline) {
            lags.add(stream.lagBlocks());
            boolean open = false;
            for (TaskId id : tasks) {
                TaskState t = net.task(id);
                if (t.isFinalized()) {
                    continue;
                }
                open = true;
                if (Instant.now().isAfter(t.deadline().plusSeconds(2))) {
                    try {
                        requester.advance(id);
                    } catch (RuntimeException e) {
                        // someone else advanced it first, or the block time has not passed yet
                    }
                }
            }
            if (!open) {
                return;
            }
            Thread.sleep(2_000);
        }
    }

    private Sample sample(int minute, long lag) {
        Map<String, Long> rss = new LinkedHashMap<>();
        Map<String, Integer> files = new LinkedHashMap<>();
        for (NodeProcess n : nodes) {
            rss.put(n.name(), n.residentKb());
            files.put(n.name(), n.openFiles());
        }
        return new Sample(minute, rss, files, lag);
    }

    private Result count(Duration wall) throws IOException {
        List<String> problems = new ArrayList<>();
        long head = net.blockNumber();
        List<TaskEvent> events = net.events(startBlock, head);
        Map<TaskId, TaskEvent.Finalized> finalized = new HashMap<>();
        int lostReveals = 0;
        for (TaskEvent e : events) {
            if (e instanceof TaskEvent.Finalized f) {
                finalized.put(f.taskId(), f);
            } else if (e instanceof TaskEvent.Penalized p && p.reason() == PenaltyReason.NO_REVEAL) {
                lostReveals++;
                problems.add("lost reveal: " + p.node() + " on " + p.taskId());
            }
        }
        int fullRefunds = 0;
        int partRefunds = 0;
        for (TaskId id : tasks) {
            TaskEvent.Finalized f = finalized.get(id);
            if (f == null) {
                problems.add("task " + id + " did not finish: " + net.task(id).phase());
            } else if (f.refund().equals(TokenAmount.ofTokens(10))) {
                fullRefunds++;
            } else if (!f.refund().isZero()) {
                partRefunds++;
            }
        }
        // every transaction a node sent, read from the blocks: one per (sender, function, task) or it is a duplicate
        Map<String, Integer> perStep = new HashMap<>();
        Map<String, Integer> perNode = new ConcurrentHashMap<>();
        int reverted = 0;
        var web3j = RawChain.of(net).web3j();
        for (long b = startBlock; b <= head; b++) {
            EthBlock.Block block = web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(b)), true)
                    .send().getBlock();
            for (EthBlock.TransactionResult<?> r : block.getTransactions()) {
                Transaction tx = (Transaction) r.get();
                String name = addresses.get(tx.getFrom().toLowerCase(Locale.ROOT));
                if (name == null) {
                    continue;
                }
                perNode.merge(name, 1, Integer::sum);
                String input = tx.getInput();
                String key = name + " " + input.substring(0, Math.min(10, input.length())) + " "
                        + (input.length() >= 74 ? input.substring(10, 74) : "");
                perStep.merge(key, 1, Integer::sum);
                var receipt = web3j.ethGetTransactionReceipt(tx.getHash()).send().getTransactionReceipt();
                if (receipt.isPresent() && !receipt.get().isStatusOK()) {
                    reverted++;
                    problems.add("reverted: " + key);
                }
            }
        }
        int duplicates = 0;
        for (Map.Entry<String, Integer> e : perStep.entrySet()) {
            if (e.getValue() > 1) {
                duplicates += e.getValue() - 1;
                problems.add("sent " + e.getValue() + " times: " + e.getKey());
            }
        }
        long maxLag = lags.stream().mapToLong(Long::longValue).max().orElse(0);
        double meanLag = lags.stream().mapToLong(Long::longValue).average().orElse(0);
        for (NodeProcess n : nodes) {
            if (!n.alive()) {
                problems.add(n.name() + " stopped: " + tail(n));
            }
        }
        return new Result(config, wall, tasks.size(), finalized.size(), fullRefunds, partRefunds, lostReveals,
                duplicates, reverted, maxLag, meanLag, List.copyOf(samples), new LinkedHashMap<>(perNode), problems);
    }

    private static String tail(NodeProcess n) {
        String log = n.log();
        return log.substring(Math.max(0, log.length() - 2_000));
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws Exception {
        for (NodeProcess n : nodes) {
            n.close();
        }
        if (net != null) {
            net.close();
        }
        if (anvil != null) {
            anvil.close();
        }
    }
}
