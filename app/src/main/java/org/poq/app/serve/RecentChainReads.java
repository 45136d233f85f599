package org.poq.app.serve;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.poq.app.service.RequesterSession;
import org.poq.core.Sha256;
import org.poq.core.TokenAmount;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the endpoint checks a request against (eligible miners and validators, the family's context,
 * the paying account's balance) and the chain's height it reserves at, kept from the last read instead
 * of read for every request. Reading them was a dozen sequential chain calls on every request's way in,
 * and each waited whenever the node was mining another request's transaction. A copy older than
 * {@link #RENEW} is used once more while a background read renews it; one older than {@link #MAX_AGE}
 * is read again first.
 *
 * <p>Why a copy is safe here: it only ever lets a request through. A refusal is confirmed on the chain's
 * values ({@link #renewing()}) before it is answered, and the requester session checks the chain again
 * before it signs, so a stale copy can at worst turn an early refusal into the same refusal a moment
 * later, before paying. A height only needs to be one the chain has reached: the ledger looks for a
 * crashed process's submission from it on, and an older height widens that search, which skips every
 * task another request of the ledger names.
 */
final class RecentChainReads {
    private static final Logger LOG = LoggerFactory.getLogger(RecentChainReads.class);
    static final Duration RENEW = Duration.ofSeconds(2);
    static final Duration MAX_AGE = Duration.ofSeconds(30);

    private final RequesterSession.CheckReads chain;
    private final Supplier<Long> height;
    private final Executor background;
    private final LongSupplier nanos;
    private final Map<String, Read> reads = new ConcurrentHashMap<>();
    private final Set<String> renewingKeys = ConcurrentHashMap.newKeySet();
    private final RequesterSession.CheckReads kept = through(this::recent);
    private final RequesterSession.CheckReads renewing = through(this::read);

    private record Read(Object value, long at) {
    }

    RecentChainReads(RequesterSession.CheckReads chain, Supplier<Long> height, Executor background, LongSupplier nanos) {
        this.chain = chain;
        this.height = height;
        this.background = background;
        this.nanos = nanos;
    }

    /** The kept copy: what a request is let through on. */
    RequesterSession.CheckReads kept() {
        return kept;
    }

    /** A height the chain has reached, at most {@link #MAX_AGE} ago. */
    long height() {
        return recent("height", height);
    }

    /** The chain's values now, kept as the newest copy: what a refusal is decided on. */
    RequesterSession.CheckReads renewing() {
        return renewing;
    }

    /** Where a view of the chain's values takes each one from: the kept copy ({@link #recent}) or the chain now ({@link #read}). */
    private interface Source {
        <T> T get(String key, Supplier<T> chainRead);
    }

    /** The chain's reads, each under its key (the same key in both views, so that a renewing read replaces the copy). */
    private RequesterSession.CheckReads through(Source source) {
        return new RequesterSession.CheckReads() {
            @Override
            public int eligibleMiners(String family, String requester) {
                return source.get("miners|" + family + "|" + requester, () -> chain.eligibleMiners(family, requester));
            }

            @Override
            public OptionalInt contextTokens(String family, int k) {
                return source.get("context|" + family + "|" + k, () -> chain.contextTokens(family, k));
            }

            @Override
            public int eligibleValidators(Sha256 evaluator, String requester) {
                return source.get("validators|" + evaluator.hex() + "|" + requester, () -> chain.eligibleValidators(evaluator, requester));
            }

            @Override
            public TokenAmount balance(String requester) {
                return source.get("balance|" + requester, () -> chain.balance(requester));
            }
        };
    }

    @SuppressWarnings("unchecked")
    private <T> T recent(String key, Supplier<T> chainRead) {
        Read r = reads.get(key);
        long age = r == null ? Long.MAX_VALUE : nanos.getAsLong() - r.at();
        if (age > MAX_AGE.toNanos()) {
            return read(key, chainRead);
        }
        if (age > RENEW.toNanos() && renewingKeys.add(key)) {
            background.execute(() -> {
                try {
                    read(key, chainRead);
                } catch (RuntimeException e) {
                    LOG.debug("renewing {} failed; a request reads it when the copy is too old", key, e);
                } finally {
                    renewingKeys.remove(key);
                }
            });
        }
        return (T) r.value();
    }

    /** Reads now; the copy is stamped with the time the read began, so that it never looks newer than it is. */
    private <T> T read(String key, Supplier<T> chainRead) {
        long at = nanos.getAsLong();
        T v = chainRead.get();
        reads.merge(key, new Read(v, at), (old, now) -> now.at() >= old.at() ? now : old);
        return v;
    }
}
