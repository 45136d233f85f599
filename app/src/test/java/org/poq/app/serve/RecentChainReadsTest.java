package org.poq.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.poq.app.service.RequesterSession;
import org.poq.core.Sha256;
import org.poq.core.TokenAmount;

/**
 * The endpoint's copy of the chain's values: one read for a burst of requests, renewed in the background
 * once it is older than {@link RecentChainReads#RENEW}, read again first once older than
 * {@link RecentChainReads#MAX_AGE}, and replaced by the chain's values whenever a refusal asks for them.
 */
class RecentChainReadsTest {
    /** A chain whose values the test sets, counting the reads. */
    static final class Chain implements RequesterSession.CheckReads {
        volatile int miners = 3;
        volatile TokenAmount balance = TokenAmount.ofTokens(10);
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public int eligibleMiners(String family, String requester) {
            reads.incrementAndGet();
            return miners;
        }

        @Override
        public OptionalInt contextTokens(String family, int k) {
            reads.incrementAndGet();
            return OptionalInt.of(4096);
        }

        @Override
        public int eligibleValidators(Sha256 evaluator, String requester) {
            reads.incrementAndGet();
            return 3;
        }

        @Override
        public TokenAmount balance(String requester) {
            reads.incrementAndGet();
            return balance;
        }
    }

    final Chain chain = new Chain();
    final AtomicLong height = new AtomicLong(100);
    final AtomicLong now = new AtomicLong();
    final List<Runnable> background = new ArrayList<>();
    final RecentChainReads recent = new RecentChainReads(chain, height::get, background::add, now::get);

    @Test
    void aBurstOfRequestsReadsTheChainOnce() {
        for (int i = 0; i < 10; i++) {
            assertThat(recent.kept().eligibleMiners("f", "0xa")).isEqualTo(3);
            assertThat(recent.kept().balance("0xa")).isEqualTo(TokenAmount.ofTokens(10));
        }
        assertThat(chain.reads).hasValue(2);
        assertThat(background).isEmpty();
    }

    @Test
    void anAgingCopyIsUsedOnceMoreWhileTheBackgroundRenewsIt() {
        recent.kept().eligibleMiners("f", "0xa");
        chain.miners = 5;
        now.addAndGet(RecentChainReads.RENEW.toNanos() + 1);
        assertThat(recent.kept().eligibleMiners("f", "0xa")).as("the request does not wait for the read").isEqualTo(3);
        assertThat(recent.kept().eligibleMiners("f", "0xa")).isEqualTo(3);
        assertThat(background).as("one renewal, however many requests meet the aging copy").hasSize(1);
        background.remove(0).run();
        assertThat(recent.kept().eligibleMiners("f", "0xa")).isEqualTo(5);
    }

    @Test
    void aCopyPastItsMaximumAgeIsReadAgainFirst() {
        assertThat(recent.height()).isEqualTo(100);
        height.set(180);
        now.addAndGet(RecentChainReads.MAX_AGE.toNanos() + 1);
        assertThat(recent.height()).isEqualTo(180);
        assertThat(background).isEmpty();
    }

    @Test
    void theRenewingReadsAreTheChainsNowAndReplaceTheCopy() {
        recent.kept().balance("0xa");
        chain.balance = TokenAmount.ofTokens(1);
        assertThat(recent.kept().balance("0xa")).as("the copy").isEqualTo(TokenAmount.ofTokens(10));
        assertThat(recent.renewing().balance("0xa")).isEqualTo(TokenAmount.ofTokens(1));
        assertThat(recent.kept().balance("0xa")).as("the copy, renewed").isEqualTo(TokenAmount.ofTokens(1));
    }
}
