package org.poq.network.metrics;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.poq.core.TokenAmount;
import org.poq.network.NodeRole;
import org.poq.network.node.Participation;
import org.poq.network.node.ParticipationState;
import org.poq.network.node.Payload;

/**
 * A node's counters and latencies, fed from outside the participant service: by its change listener
 * (every journal record a node writes) and, for a miner, by its token stream. Rendered in the
 * Prometheus text format by {@link #render()}.
 *
 * <p>A listener may see the same record state more than once (a reconcile after a restart repeats
 * it, and a finished task is settled again on every later reconcile), so each (node, task) step is
 * counted once: the last counted state is remembered for the most recent tasks.
 */
public final class NodeMetrics {
    private static final BigDecimal ONE_POQ = new BigDecimal(TokenAmount.ofTokens(1).wei());

    private final Map<NodeRole, RoleMetrics> roles = new ConcurrentHashMap<>();
    /** The last counted record per (node, task), finished ones included: a settled task is reported again on every reconcile. */
    private final Map<String, Participation> lastCounted = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Participation> eldest) {
            return size() > 10_000;
        }
    };
    /** The reward and slash already counted per (node, task), as the chain's events were recorded. */
    private final Map<String, BigInteger[]> countedMoney = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, BigInteger[]> eldest) {
            return size() > 10_000;
        }
    };
    private final LongSupplier clock;
    private final Object generation = new Object();
    private long generationTokens;
    private long generationStartMillis = -1;
    private long tokensTotal;
    private double generationSeconds;
    private long generations;
    private double lastTokensPerSecond;

    public NodeMetrics() {
        this(System::currentTimeMillis);
    }

    NodeMetrics(LongSupplier clockMillis) {
        this.clock = clockMillis;
    }

    /** Subscribes to a service's change listener, e.g. {@code metrics.watch(service::onChange)}. */
    public NodeMetrics watch(Consumer<Consumer<Participation>> onChange) {
        onChange.accept(this::observe);
        return this;
    }

    /** Subscribes to a miner's token stream, e.g. {@code metrics.watchTokens(miner::onTokens)}; one piece is one token. */
    public NodeMetrics watchTokens(Consumer<Consumer<String>> onTokens) {
        onTokens.accept(piece -> token());
        return this;
    }

    /**
     * One answer as the engine timed it (llama.cpp's own clock), for a node that reports whole answers
     * instead of streaming tokens through {@link #watchTokens}: the wall clock there includes the
     * database write and reads far below the engine's speed.
     */
    public void generation(long tokens, double tokensPerSecond) {
        synchronized (generation) {
            tokensTotal += tokens;
            generations++;
            if (tokensPerSecond > 0) {
                generationSeconds += tokens / tokensPerSecond;
            }
            lastTokensPerSecond = tokensPerSecond;
        }
    }

    void token() {
        synchronized (generation) {
            if (generationStartMillis < 0) generationStartMillis = clock.getAsLong();
            generationTokens++;
            tokensTotal++;
        }
    }

    /** One journal record as the service reports it. */
    public synchronized void observe(Participation p) {
        RoleMetrics r = roles.computeIfAbsent(p.role(), x -> new RoleMetrics());
        String key = p.node().toLowerCase(Locale.ROOT) + "/" + p.taskId();
        Participation before = lastCounted.get(key);
        money(r, key, p);
        ParticipationState was = before == null ? null : before.state();
        if (was == p.state()) return;
        if (was == ParticipationState.FINISHED) return;
        // a late notification of an earlier step (the worker thread and the chain thread both report);
        // a failed task is still settled (with its penalty) once it is finalized
        boolean settlesFailure = was == ParticipationState.FAILED && p.state() == ParticipationState.FINISHED;
        if (was != null && !settlesFailure && p.state() != ParticipationState.FAILED && p.state().ordinal() < was.ordinal()) return;
        if (before == null) r.seen.increment();
        switch (p.state()) {
            case PREPARED -> prepared(r, p);
            case COMMITTED -> {
                r.committed.increment();
                if (before != null) r.commitSeconds.observe(seconds(before, p));
            }
            case REVEALED -> {
                if (was == null || was == ParticipationState.PREPARED) r.committed.increment(); // committed before a restart
                r.revealed.increment();
                if (was == ParticipationState.COMMITTED) r.revealWaitSeconds.observe(seconds(before, p));
            }
            case FINISHED -> finished(r, p, before);
            case FAILED -> r.failed.increment();
        }
        lastCounted.put(key, p);
    }

    private void prepared(RoleMetrics r, Participation p) {
        if (p.payload() instanceof Payload.Scores scores) {
            scores.values().forEach(s -> r.scores.observe(s / 10_000.0));
        }
        if (p.role() == NodeRole.MINER) {
            // a miner works one task at a time: the tokens streamed since the last answer belong to this one
            synchronized (generation) {
                if (generationStartMillis >= 0) {
                    double s = Math.max(0.001, (clock.getAsLong() - generationStartMillis) / 1000.0);
                    generationSeconds += s;
                    generations++;
                    lastTokensPerSecond = generationTokens / s;
                }
                generationTokens = 0;
                generationStartMillis = -1;
            }
        }
    }

    private void finished(RoleMetrics r, Participation p, Participation before) {
        r.finished.increment();
        if (before != null) r.settleSeconds.observe(seconds(before, p));
    }

    /**
     * Rewards and slashes follow the chain's events as the node records them, whatever the task's state:
     * a task the node failed stays FAILED when its absence penalty is recorded, and was never counted
     * when only FINISHED records were (issue 26). Each amount is counted once; a penalty once per task.
     */
    private void money(RoleMetrics r, String key, Participation p) {
        BigInteger reward = p.rewardWei() == null ? BigInteger.ZERO : p.rewardWei();
        BigInteger slashed = p.slashedWei() == null ? BigInteger.ZERO : p.slashedWei();
        BigInteger[] counted = countedMoney.getOrDefault(key, new BigInteger[] {BigInteger.ZERO, BigInteger.ZERO});
        if (reward.compareTo(counted[0]) > 0) {
            r.rewards.add(poq(reward.subtract(counted[0])));
        }
        if (slashed.compareTo(counted[1]) > 0) {
            r.slashes.add(poq(slashed.subtract(counted[1])));
            if (counted[1].signum() == 0) {
                r.penalties.increment();
            }
        }
        countedMoney.put(key, new BigInteger[] {reward.max(counted[0]), slashed.max(counted[1])});
    }

    private static double seconds(Participation from, Participation to) {
        return Math.max(0, to.updatedAt() - from.updatedAt()) / 1000.0;
    }

    private static double poq(BigInteger wei) {
        return wei == null ? 0 : new BigDecimal(wei).divide(ONE_POQ, MathContext.DECIMAL64).doubleValue();
    }

    /** The metrics in the Prometheus text exposition format (version 0.0.4). */
    public String render() {
        PrometheusText t = new PrometheusText();
        t.counter("poq_tasks_seen_total", "Tasks this node was selected for and recorded.", roles, r -> r.seen.sum());
        t.counter("poq_tasks_committed_total", "Commitments sent (answers or scores).", roles, r -> r.committed.sum());
        t.counter("poq_tasks_revealed_total", "Reveals sent.", roles, r -> r.revealed.sum());
        t.counter("poq_tasks_finished_total", "Tasks settled after finalization.", roles, r -> r.finished.sum());
        t.counter("poq_tasks_failed_total", "Tasks the node could not take part in (work failed or too late).", roles, r -> r.failed.sum());
        t.counter("poq_rewards_poq_total", "Rewards received, in POQ.", roles, r -> r.rewards.sum());
        t.counter("poq_slashes_poq_total", "Stake slashed, in POQ.", roles, r -> r.slashes.sum());
        t.counter("poq_penalties_total", "Tasks that ended in a penalty.", roles, r -> r.penalties.sum());
        t.summary("poq_commit_latency_seconds", "From work done to commitment on chain.", roles, r -> r.commitSeconds);
        t.summary("poq_reveal_wait_seconds", "From commitment to reveal (waiting for the others, then revealing).", roles, r -> r.revealWaitSeconds);
        t.summary("poq_settle_latency_seconds", "From the node's last step to its settled result.", roles, r -> r.settleSeconds);
        t.summary("poq_scores_given", "Scores this validator gave, as quality 0..1 (count = scores given).", roles, r -> r.scores);
        synchronized (generation) {
            t.plain("poq_tokens_generated_total", "counter", "Tokens generated by the miner.", tokensTotal);
            t.plain("poq_generation_seconds_total", "counter", "Time spent generating answers.", generationSeconds);
            t.plain("poq_generations_total", "counter", "Answers generated.", generations);
            t.plain("poq_tokens_per_second", "gauge", "Generation speed of the last answer.", lastTokensPerSecond);
        }
        return t.toString();
    }
}
