package org.poq.network.bench;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.network.ProtocolParams;
import org.poq.network.TaskState;
import org.poq.network.contracts.TaskMarket;
import org.poq.network.events.TaskEvent;
import org.poq.network.events.TaskEventDecoder;
import org.poq.network.events.TaskEventStream;
import org.poq.network.testing.ProtocolFixture;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The figures of BENCHMARKS.md for the protocol, measured on anvil in one run:
 * mvn -q -pl network test -Dpoq.excludedGroups=none -Dgroups=benchmark -Dtest=ProtocolBenchmark
 * (writes network/target/benchmarks/protocol.md).
 */
@Tag("benchmark")
class ProtocolBenchmark {
    private final StringBuilder report = new StringBuilder();
    private static final String ANSWER = "Paris is the capital of France. It has been the seat of government since the "
            + "tenth century and is the country's largest city, with about two million inhabitants.";

    @Test
    void protocolFigures() throws Exception {
        line("# Protocol benchmarks (anvil %s, %d cores, %s)", "1.7.1", Runtime.getRuntime().availableProcessors(),
                java.time.LocalDate.now());
        gasPerAction(3, 5, false);
        gasPerAction(5, 15, false);
        gasPerAction(3, 5, true);
        gasPerAction(5, 15, true);
        selectionGas();
        finalizeLatencyAndThroughput();
        Path out = Path.of("target/benchmarks/protocol.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
        System.out.println(report);
    }

    /** The gas table alone (the v3 column of BENCHMARKS.md): {@code -Dtest=ProtocolBenchmark#gasTable}. */
    @Test
    void gasTable() throws Exception {
        line("# Protocol gas per action (anvil, %s)", java.time.LocalDate.now());
        gasPerAction(3, 5, false);
        gasPerAction(5, 15, false);
        gasPerAction(3, 5, true);
        gasPerAction(5, 15, true);
        Path out = Path.of("target/benchmarks/protocol-gas.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
        System.out.println(report);
    }

    /** A 40-token answer's ids, three varint bytes each (a vocabulary above 16,384): what an audited reveal carries. */
    private static final int[] TOKENS = java.util.stream.IntStream.range(0, 40).map(i -> 20_000 + 97 * i).toArray();

    /**
     * One table; {@code audited}: every miner reveals its tokens and every validator commits and reveals
     * a PASS per answer with its scores (decision 0043), so finalize decides k audits.
     */
    private void gasPerAction(int k, int m, boolean audited) {
        try (ProtocolFixture f = ProtocolFixture.start(k, m)) {
            List<Long> approve = new ArrayList<>();
            List<Long> submit = new ArrayList<>();
            List<Long> draw = new ArrayList<>();
            List<Long> commitA = new ArrayList<>();
            List<Long> revealA = new ArrayList<>();
            List<Long> commitS = new ArrayList<>();
            List<Long> revealS = new ArrayList<>();
            List<Long> finalize = new ArrayList<>();
            List<Long> round = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                long before = f.network().blockNumber();
                TaskId id = f.requester().submitTask(f.request(k, m, TokenAmount.ofTokens(100)));
                long total = 0;
                for (long b = before + 1; b <= f.network().blockNumber(); b++) {
                    for (TransactionReceipt rc : receiptsOfBlock(f, b)) { // the devnet's empty target block has none
                        long g = rc.getGasUsed().longValue();
                        total += g;
                        (has(rc, TaskMarket.TASKDRAWN_EVENT) ? draw : has(rc, TaskMarket.TASKSUBMITTED_EVENT) ? submit : approve).add(g);
                    }
                }
                TaskState t = f.network().task(id);
                int[] scores = new int[k];
                java.util.Arrays.fill(scores, 8000);
                for (String mi : t.miners()) total += add(commitA, f.commitAnswer(id, mi, ANSWER));
                int[] audits = new int[k];
                java.util.Arrays.fill(audits, audited ? org.poq.network.events.Audit.Verdict.PASS.ordinal() : 0);
                for (String mi : t.miners()) {
                    total += add(revealA, audited ? f.revealAnswer(id, mi, ANSWER, TOKENS) : f.revealAnswer(id, mi, ANSWER));
                }
                for (String v : t.validators()) total += add(commitS, f.commitScores(id, v, scores, audits));
                for (int j = 0; j < m; j++) {
                    TransactionReceipt rc = f.revealScores(id, t.validators().get(j), scores, audits);
                    total += add(j == m - 1 ? finalize : revealS, rc);
                }
                round.add(total);
            }
            line("");
            line("## Gas per action, k=%d miners, m=%d validators (answer of %d bytes; mean of 3 rounds)%s", k, m, ANSWER.length(),
                    audited ? "; audited: 40 tokens revealed, every validator audits (PASS)" : "; no audits");
            line("| action | gas |");
            line("|---|---:|");
            line("| approve (fee) | %,d |", mean(approve));
            line("| submitTask (escrow, parameter version, target block) | %,d |", mean(submit));
            line("| draw (selection of %d + %d from the epoch snapshot and the target block's hash, stake holds) | %,d |", k, m, mean(draw));
            line("| commitAnswer | %,d |", mean(commitA));
            line("| revealAnswer (the last one opens scoring) | %,d |", mean(revealA));
            line("| commitScores | %,d |", mean(commitS));
            line("| revealScores | %,d |", m > 1 ? mean(revealS) : 0);
            line("| last revealScores = finalize (consensus, rewards, trust) | %,d |", mean(finalize));
            line("| **whole round** | **%,d** |", mean(round));
        }
    }

    private static long add(List<Long> into, TransactionReceipt rc) {
        into.add(rc.getGasUsed().longValue());
        return rc.getGasUsed().longValue();
    }

    private static TransactionReceipt receiptOfBlock(ProtocolFixture f, long block) {
        return receiptsOfBlock(f, block).get(0);
    }

    private static List<TransactionReceipt> receiptsOfBlock(ProtocolFixture f, long block) {
        try {
            var b = f.chain().web3j().ethGetBlockByNumber(
                    org.web3j.protocol.core.DefaultBlockParameter.valueOf(BigInteger.valueOf(block)), false).send().getBlock();
            List<TransactionReceipt> out = new ArrayList<>();
            for (var tx : b.getTransactions()) {
                out.add(f.chain().web3j().ethGetTransactionReceipt((String) tx.get()).send().getTransactionReceipt().orElseThrow());
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean has(TransactionReceipt rc, org.web3j.abi.datatypes.Event event) {
        String topic = org.web3j.abi.EventEncoder.encode(event);
        return rc.getLogs().stream().anyMatch(l -> !l.getTopics().isEmpty() && l.getTopics().get(0).equals(topic));
    }

    private void selectionGas() throws Exception {
        line("");
        line("## Selection gas against the number of registered miners");
        line("Draws from the Fenwick tree of one group (`NodeRegistry.sample`, eth_estimateGas of the view, minus the");
        line("21,000 intrinsic gas; mean over 20 seeds), and the whole `draw` transaction that draws a task with k=3");
        line("from that group and m=5 from 5 validators (v3: each task is drawn on its own from its epoch's snapshot).");
        line("| registered miners | draw 3 | draw 8 | draw k=3, m=5 |");
        line("|---:|---:|---:|---:|");
        long[] base = null;
        try (ProtocolFixture f = ProtocolFixture.start(0, 5, ProtocolParams.defaults().withWindows(60, 60),
                List.of("--auto-impersonate", "--gas-limit", "300000000"))) {
            BulkRegistrar bulk = new BulkRegistrar(f.anvil().rpcUrl(), f.network().descriptor(), f.governor().address());
            int registered = 0;
            for (int n : new int[] {10, 1_000, 10_000}) {
                long t0 = System.nanoTime();
                bulk.registerMiners(registered, n, ProtocolFixture.FAMILY, ProtocolFixture.MODEL, ProtocolFixture.STAKE);
                registered = n;
                long size = f.network().eligibleMiners(ProtocolFixture.FAMILY, f.requester().address());
                if (size != n) throw new IllegalStateException("only " + size + " of " + n + " miners registered");
                System.out.printf(Locale.ROOT, "registered %d miners in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
                long d3 = meanDrawGas(f, 3);
                long d8 = meanDrawGas(f, 8);
                List<Long> submits = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    long before = f.network().blockNumber();
                    TaskId id = f.requester().submitTask(f.request(3, 5, TokenAmount.ofTokens(1)));
                    submits.add(receiptOfBlock(f, f.network().blockNumber()).getGasUsed().longValue());
                    f.increaseTime(61);
                    f.requester().advance(id);
                    if (before < 0) throw new IllegalStateException();
                }
                long s = mean(submits);
                if (base == null) base = new long[] {d3, d8, s};
                line("| %,d | %,d (%.2fx) | %,d (%.2fx) | %,d (%.2fx) |", n, d3, d3 / (double) base[0], d8, d8 / (double) base[1],
                        s, s / (double) base[2]);
            }
        }
    }

    private static long meanDrawGas(ProtocolFixture f, int count) throws Exception {
        byte[] group = f.network().node(BulkRegistrar.address(0)).group();
        List<Long> gas = new ArrayList<>();
        for (int seed = 0; seed < 20; seed++) {
            String data = FunctionEncoder.encode(new Function("sample", List.of(new Bytes32(group),
                    new Bytes32(org.web3j.crypto.Hash.sha3(BigInteger.valueOf(seed).toByteArray())),
                    new Uint256(count), new org.web3j.abi.datatypes.StaticStruct(new Uint256(f.network().epoch()), new Uint256(0),
                            new Uint256(BigInteger.TEN.pow(30)), new Address("0x0000000000000000000000000000000000000000"))),
                    List.of()));
            var est = f.chain().web3j().ethEstimateGas(Transaction.createEthCallTransaction(
                    f.requester().address(), f.network().descriptor().contracts().registry(), data)).send();
            if (est.hasError()) throw new IllegalStateException(est.getError().getMessage());
            gas.add(est.getAmountUsed().longValue() - 21_000);
        }
        return mean(gas);
    }

    private void finalizeLatencyAndThroughput() throws Exception {
        try (ProtocolFixture f = ProtocolFixture.start(3, 5)) {
            List<Double> receiptMs = new ArrayList<>();
            List<Double> streamMs = new ArrayList<>();
            AtomicLong seenAt = new AtomicLong();
            long from = f.network().blockNumber();
            try (TaskEventStream stream = TaskEventStream.start(f.chain().web3j(), f.network().descriptor().contracts().market(),
                    from, 10, e -> {
                        if (e instanceof TaskEvent.Finalized) seenAt.set(System.nanoTime());
                    }, e -> { })) {
                for (int r = 0; r < 20; r++) {
                    TaskId id = f.requester().submitTask(f.request(3, 5, TokenAmount.ofTokens(10)));
                    TaskState t = f.network().task(id);
                    int[] scores = {8000, 7000, 6000};
                    for (String mi : t.miners()) f.commitAnswer(id, mi, ANSWER);
                    for (String mi : t.miners()) f.revealAnswer(id, mi, ANSWER);
                    for (String v : t.validators()) f.commitScores(id, v, scores);
                    for (int j = 0; j < 4; j++) f.revealScores(id, t.validators().get(j), scores);
                    seenAt.set(0);
                    long t0 = System.nanoTime();
                    TransactionReceipt last = f.revealScores(id, t.validators().get(4), scores);
                    long t1 = System.nanoTime();
                    boolean inSameTx = last.getLogs().stream().anyMatch(l -> TaskEventDecoder.decode(l)
                            .filter(e -> e instanceof TaskEvent.Finalized).isPresent());
                    if (!inSameTx) throw new IllegalStateException("finalize was not in the last reveal's transaction");
                    receiptMs.add((t1 - t0) / 1e6);
                    while (seenAt.get() == 0 && System.nanoTime() - t0 < 2_000_000_000L) Thread.sleep(1);
                    streamMs.add((seenAt.get() - t0) / 1e6);
                }
            }
            line("");
            line("## Last score reveal -> Finalized event (20 rounds, k=3, m=5)");
            line("Finalize runs inside the last `revealScores` transaction in every round (checked on each receipt).");
            line("| path | median ms | p90 ms |");
            line("|---|---:|---:|");
            line("| send (dry run + sign + send) -> receipt holding Finalized | %.1f | %.1f |", pct(receiptMs, 50), pct(receiptMs, 90));
            line("| send -> Finalized seen by the event stream (10 ms polling) | %.1f | %.1f |", pct(streamMs, 50), pct(streamMs, 90));

            int rounds = 20;
            long t0 = System.nanoTime();
            for (int r = 0; r < rounds; r++) instantRound(f, null);
            double seq = rounds / ((System.nanoTime() - t0) / 1e9);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            t0 = System.nanoTime();
            for (int r = 0; r < rounds; r++) instantRound(f, pool);
            double par = rounds / ((System.nanoTime() - t0) / 1e9);
            pool.shutdown();
            line("");
            line("## Whole rounds per second on anvil (instant answers and scores, k=3, m=5, 17 transactions each)");
            line("| mode | rounds/s | transactions/s |");
            line("|---|---:|---:|");
            line("| one action at a time | %.1f | %.0f |", seq, seq * 17);
            line("| participants of a phase act in parallel (8 threads) | %.1f | %.0f |", par, par * 17);
        }
    }

    private static void instantRound(ProtocolFixture f, ExecutorService pool) {
        TaskId id = f.requester().submitTask(f.request(3, 5, TokenAmount.ofTokens(10)));
        TaskState t = f.network().task(id);
        int[] scores = {8000, 7000, 6000};
        phase(pool, t.miners(), mi -> f.commitAnswer(id, mi, ANSWER));
        phase(pool, t.miners(), mi -> f.revealAnswer(id, mi, ANSWER));
        phase(pool, t.validators(), v -> f.commitScores(id, v, scores));
        phase(pool, t.validators(), v -> f.revealScores(id, v, scores));
        if (!f.network().task(id).isFinalized()) throw new IllegalStateException("round did not finalize");
    }

    private static void phase(ExecutorService pool, List<String> who, java.util.function.Consumer<String> act) {
        if (pool == null) {
            who.forEach(act);
            return;
        }
        CompletableFuture.allOf(who.stream().map(w -> CompletableFuture.runAsync(() -> act.accept(w), pool))
                .toArray(CompletableFuture[]::new)).join();
    }

    private static long mean(List<Long> xs) {
        return Math.round(xs.stream().mapToLong(Long::longValue).average().orElse(0));
    }

    private static double pct(List<Double> xs, int p) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(Math.min(s.size() - 1, (int) Math.ceil(p / 100.0 * s.size()) - 1));
    }

    private void line(String fmt, Object... args) {
        report.append(String.format(Locale.ROOT, fmt, args)).append('\n');
    }
}
