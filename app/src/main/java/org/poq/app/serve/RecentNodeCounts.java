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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node counts the endpoint checks a request against (eligible miners and validators, the family's
 * context), kept from the last read instead of read for every request: they change only with a
 * registration, a stake or an epoch, and reading them was a dozen sequential chain calls on every
 * request's way in. A copy older than {@link #RENEW} is used once more while a background read renews it;
 * one older than {@link #MAX_AGE} is read again first. A copy only ever lets a request through: a refusal
 * is confirmed on the chain's counts ({@link #renewing}) before it is answered, and the requester session
 * checks the chain again before it signs, so a stale copy can cost a 400 before paying, never a payment.
 */
final class RecentNodeCounts implements RequesterSession.NodeCounts {
    private static final Logger LOG = LoggerFactory.getLogger(RecentNodeCounts.class);
    static final Duration RENEW = Duration.ofSeconds(2);
    static final Duration MAX_AGE = Duration.ofSeconds(30);

    private final RequesterSession.NodeCounts chain;
    private final Executor background;
    private final LongSupplier nanos;
    private final Map<String, Read> reads = new ConcurrentHashMap<>();
    private final Set<String> renewing = ConcurrentHashMap.newKeySet();

    private record Read(Object value, long at) {
    }

    RecentNodeCounts(RequesterSession.NodeCounts chain, Executor background, LongSupplier nanos) {
        this.chain = chain;
        this.background = background;
        this.nanos = nanos;
    }

    @Override
    public int eligibleMiners(String family, String requester) {
        return recent("miners|" + family + "|" + requester, () -> chain.eligibleMiners(family, requester));
    }

    @Override
    public OptionalInt contextTokens(String family, int k) {
        return recent("context|" + family + "|" + k, () -> chain.contextTokens(family, k));
    }

    @Override
    public int eligibleValidators(Sha256 evaluator, String requester) {
        return recent("validators|" + evaluator.hex() + "|" + requester, () -> chain.eligibleValidators(evaluator, requester));
    }

    /** The chain's counts now, kept as the newest copy: what a refusal is decided on. */
    RequesterSession.NodeCounts renewing() {
        return new RequesterSession.NodeCounts() {
            @Override
            public int eligibleMiners(String family, String requester) {
                return read("miners|" + family + "|" + requester, () -> chain.eligibleMiners(family, requester));
            }

            @Override
            public OptionalInt contextTokens(String family, int k) {
                return read("context|" + family + "|" + k, () -> chain.contextTokens(family, k));
            }

            @Override
            public int eligibleValidators(Sha256 evaluator, String requester) {
                return read("validators|" + evaluator.hex() + "|" + requester, () -> chain.eligibleValidators(evaluator, requester));
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
        if (age > RENEW.toNanos() && renewing.add(key)) {
            background.execute(() -> {
                try {
                    read(key, chainRead);
                } catch (RuntimeException e) {
                    LOG.debug("renewing {} failed; the next request reads it", key, e);
                } finally {
                    renewing.remove(key);
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
