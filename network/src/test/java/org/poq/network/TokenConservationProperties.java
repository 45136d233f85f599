package org.poq.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.poq.core.TokenAmount;
import org.poq.network.events.TaskEvent;
import org.poq.network.testing.ProtocolFixture;
import org.poq.network.testing.Round;

/**
 * Token conservation to the wei over randomized rounds on a real anvil node: for every finished task
 * the escrowed fee equals rewards plus refund, the treasury receives exactly the slashes, and no POQ
 * is created, lost or left behind in the market.
 */
class TokenConservationProperties {
    static ProtocolFixture f;

    @BeforeContainer
    static void start() {
        f = ProtocolFixture.start(4, 8);
    }

    @AfterContainer
    static void stop() {
        f.close();
    }

    @Property(tries = 30, seed = "20261124")
    void escrowEqualsRewardsPlusRefundsAndSlashesAreBurned(
            @ForAll @IntRange(min = 1, max = 4) int k,
            @ForAll @IntRange(min = 1, max = 3) int halfM,
            @ForAll @IntRange(min = 1, max = 5_000) int feeTokens,
            @ForAll @IntRange(min = 0, max = 999_999) int feeDust,
            @ForAll long seed) {
        int m = 2 * halfM + 1; // v3 refuses an even m
        Random r = new Random(seed);
        TokenAmount fee = TokenAmount.ofTokens(feeTokens).plus(TokenAmount.ofWei(feeDust));
        TokenAmount supply = f.network().poqTotalSupply();
        TokenAmount requesterBefore = f.network().poqBalance(f.requester().address());

        Round.Outcome o = Round.randomized(f, f.request(k, m, fee), r).run();

        TaskEvent.Finalized fin = o.finalized();
        assertThat(fin).as("every round finishes").isNotNull();
        assertThat(fin.minerRewards().plus(fin.validatorRewards()).plus(fin.refund())).isEqualTo(fee);
        TokenAmount rewarded = o.all(TaskEvent.Rewarded.class).stream().map(TaskEvent.Rewarded::amount)
                .reduce(TokenAmount.ZERO, TokenAmount::plus);
        assertThat(rewarded).isEqualTo(fin.minerRewards().plus(fin.validatorRewards()));
        TokenAmount slashed = o.all(TaskEvent.Penalized.class).stream().map(TaskEvent.Penalized::slashed)
                .reduce(TokenAmount.ZERO, TokenAmount::plus);
        assertThat(f.network().poqBalance(f.requester().address())).isEqualTo(requesterBefore.minus(fee).plus(fin.refund()));
        assertThat(f.network().poqBalance(f.network().descriptor().contracts().market())).isEqualTo(TokenAmount.ZERO);
        assertThat(f.network().poqTotalSupply()).as("slashes are burned").isEqualTo(supply.minus(slashed));
        assertThat(f.network().poqBalance(f.network().descriptor().contracts().registry())).isEqualTo(stakedInRegistry());
    }

    private static TokenAmount stakedInRegistry() {
        List<PoqSession> nodes = new ArrayList<>(f.miners());
        nodes.addAll(f.validators());
        BigInteger total = BigInteger.ZERO;
        for (PoqSession s : nodes) {
            NodeInfo n = f.network().node(s.address());
            total = total.add(n.stake().wei()).add(n.unbonding().wei());
        }
        return TokenAmount.ofWei(total);
    }
}
