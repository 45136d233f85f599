package org.poq.network;

import org.poq.network.chain.NodeUnreachableException;
import org.poq.network.chain.TransactionRevertedException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.poq.core.Sha256;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.network.testing.ProtocolFixture;

/** Every rejected call gets the contract's clear reason, costs nothing and changes nothing. */
class RevertPathsTest {
    static ProtocolFixture f;
    static final TokenAmount FEE = TokenAmount.ofTokens(10);

    @BeforeAll
    static void start() {
        f = ProtocolFixture.start(3, 5);
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    static void rejected(String reason, Executable call) {
        TokenAmount before = f.network().poqBalance(f.requester().address());
        assertThatThrownBy(call::execute).isInstanceOf(TransactionRevertedException.class).hasMessageContaining(reason);
        assertThat(f.network().poqBalance(f.requester().address())).isEqualTo(before);
    }

    static TaskRequest req(String prompt, int k, int m, int maxTokens, TokenAmount fee) {
        return new TaskRequest(prompt, ProtocolFixture.FAMILY, ProtocolFixture.EVALUATOR, k, m, maxTokens, fee);
    }

    @Test
    void submitBounds() {
        PoqSession r = f.requester();
        rejected("prompt too long", () -> r.submitTask(req("x".repeat(8_193), 1, 3, 10, FEE)));
        rejected("k must be in 1..8", () -> r.submitTask(req("hi", 0, 3, 10, FEE)));
        rejected("k must be in 1..8", () -> r.submitTask(req("hi", 9, 3, 10, FEE)));
        rejected("m must be odd and in 3..15", () -> r.submitTask(req("hi", 1, 2, 10, FEE)));
        rejected("m must be odd and in 3..15", () -> r.submitTask(req("hi", 1, 16, 10, FEE)));
        rejected("maxTokens out of range", () -> r.submitTask(req("hi", 1, 3, 0, FEE)));
        rejected("maxTokens out of range", () -> r.submitTask(req("hi", 1, 3, 100_000, FEE)));
        rejected("fee below the protocol minimum", () -> r.submitTask(req("hi", 1, 3, 10, TokenAmount.ZERO)));
        rejected("unknown evaluator", () -> r.submitTask(new TaskRequest("hi", ProtocolFixture.FAMILY,
                Sha256.of(new byte[] {1}), 1, 3, 10, FEE)));
        rejected("not enough eligible miners", () -> r.submitTask(req("hi", 4, 3, 10, FEE)));
        rejected("not enough eligible miners", () -> r.submitTask(new TaskRequest("hi", "mixtral-8x7b-instruct",
                ProtocolFixture.EVALUATOR, 1, 3, 10, FEE)));
        rejected("not enough eligible validators", () -> r.submitTask(req("hi", 1, 7, 10, FEE)));
        PoqSession poor = f.newAccount();
        poor.transferPoq(f.governor().address(), f.network().poqBalance(poor.address()));
        assertThatThrownBy(() -> poor.submitTask(req("hi", 1, 3, 10, FEE))).hasMessageContaining("insufficient POQ");
    }

    @Test
    void phaseCommitmentCallerAndDoubleActionGuards() {
        TaskId id = f.requester().submitTask(req("What is 2+2?", 3, 5, 10, FEE));
        TaskState t = f.network().task(id);
        String m0 = t.miners().get(0);
        String v0 = t.validators().get(0);
        byte[] salt = Commitments.newSalt();

        rejected("not in the answer-reveal phase", () -> f.sessionOf(m0).revealAnswer(id, "4", salt));
        rejected("not in the score-commit phase", () -> f.sessionOf(v0).commitScores(id, new byte[32]));
        rejected("caller is not a selected miner", () -> f.sessionOf(v0).commitAnswer(id, new byte[32]));
        rejected("caller is not a selected miner", () -> f.requester().commitAnswer(id, Commitments.answer(id, m0, "4", salt)));
        rejected("commitment is zero", () -> f.sessionOf(m0).commitAnswer(id, new byte[32]));
        f.sessionOf(m0).commitAnswer(id, Commitments.answer(id, m0, "4", salt));
        rejected("already committed", () -> f.sessionOf(m0).commitAnswer(id, Commitments.answer(id, m0, "4", salt)));
        rejected("deadline not reached", () -> f.requester().advance(id));
        f.commitAnswer(id, t.miners().get(1), "four");
        f.commitAnswer(id, t.miners().get(2), "4.");

        rejected("reveal does not match the commitment", () -> f.sessionOf(m0).revealAnswer(id, "5", salt));
        rejected("reveal does not match the commitment", () -> f.sessionOf(m0).revealAnswer(id, "4", Commitments.newSalt()));
        f.sessionOf(m0).revealAnswer(id, "4", salt);
        // the reveal writes the answer's hash over the commitment (0018): the slot still reads as committed
        assertThat(f.network().slot(id, m0)).isEqualTo(new PoqNetwork.Slot(1, true, true));
        assertThat(f.network().slot(id, t.miners().get(1))).isEqualTo(new PoqNetwork.Slot(2, true, false));
        assertThat(f.network().slot(id, v0)).isEqualTo(new PoqNetwork.Slot(1, false, false));
        rejected("already revealed", () -> f.sessionOf(m0).revealAnswer(id, "4", salt));
        rejected("answer too long", () -> f.sessionOf(t.miners().get(1)).revealAnswer(id, "x".repeat(16_385), salt));
        f.revealAnswer(id, t.miners().get(1), "four");
        f.revealAnswer(id, t.miners().get(2), "4.");

        int[] scores = {9000, 8000, 8500};
        rejected("caller is not a selected validator", () -> f.sessionOf(m0).commitScores(id, Commitments.newSalt()));
        for (String v : t.validators()) {
            f.commitScores(id, v, scores);
        }
        byte[] vsalt = Commitments.newSalt();
        rejected("need one score per selected miner", () -> f.sessionOf(v0).revealScores(id, new int[] {1, 2}, vsalt));
        rejected("score above 10000", () -> f.sessionOf(v0).revealScores(id, new int[] {10_001, 0, 0}, vsalt));
        rejected("reveal does not match the commitment", () -> f.sessionOf(v0).revealScores(id, scores, vsalt));
        f.revealScores(id, v0, scores);
        rejected("already revealed", () -> f.revealScores(id, v0, scores));
        assertThat(f.network().validatorScores(id, v0)).as("the scores written over the commitment").containsExactly(9000, 8000, 8500);
        assertThat(f.network().validatorScores(id, m0)).as("a miner has no scores").containsExactly(0, 0, 0);
        for (String v : t.validators().subList(1, 5)) {
            f.revealScores(id, v, scores);
        }
        assertThat(f.network().task(id).isFinalized()).isTrue();
        rejected("task already finalized", () -> f.requester().advance(id));
        rejected("unknown task", () -> f.requester().advance(new TaskId(java.math.BigInteger.valueOf(999))));
    }

    /**
     * v1 accepted a zero salt, and a k = 1 score commitment with salt 0 was brute-forced in 8 s. v2: the
     * client refuses to send one and the market refuses to open one.
     */
    @Test
    void aZeroSaltIsRefusedByTheClientAndByTheMarket() {
        TaskId id = f.requester().submitTask(req("zero salt?", 3, 3, 10, FEE));
        TaskState t = f.network().task(id);
        String m0 = t.miners().get(0);
        byte[] zero = new byte[32];
        f.sessionOf(m0).commitAnswer(id, Commitments.answer(id, m0, "4", zero));
        assertThatThrownBy(() -> f.sessionOf(m0).revealAnswer(id, "4", zero)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("salt of 32 zero bytes is refused");
        for (String m : t.miners().subList(1, 3)) {
            f.commitAnswer(id, m, "4");
        }
        String reason = new org.poq.network.testing.RawTx(f.chain()).revertReason(m0, f.network().descriptor().contracts().market(),
                "revealAnswer", List.of(new org.web3j.abi.datatypes.generated.Uint256(id.value()),
                        new org.web3j.abi.datatypes.Utf8String("4"), new org.web3j.abi.datatypes.DynamicBytes(new byte[0]),
                        new org.web3j.abi.datatypes.generated.Bytes32(zero)));
        assertThat(reason).contains("salt is zero");
        for (int i = 0; i < 4 && !f.network().task(id).isFinalized(); i++) {
            f.increaseTime(61);
            f.requester().advance(id);
        }
    }

    @Test
    void lateActionsAreRejectedOnceTheDeadlinePassed() {
        TaskId id = f.requester().submitTask(req("late?", 3, 5, 10, FEE));
        String m0 = f.network().task(id).miners().get(0);
        f.increaseTime(61);
        rejected("phase deadline passed", () -> f.commitAnswer(id, m0, "too late"));
        f.requester().advance(id);
        assertThat(f.network().task(id).isFinalized()).isTrue();
    }

    @Test
    void registryGuards() {
        PoqSession s = f.newAccount();
        assertThatThrownBy(() -> s.registerMiner(ProtocolFixture.FAMILY, ProtocolFixture.MODEL, ProtocolFixture.CONTEXT_TOKENS, TokenAmount.ofTokens(99)))
                .isInstanceOf(TransactionRevertedException.class).hasMessageContaining("stake below minimum");
        assertThatThrownBy(() -> s.registerValidator(Sha256.of(new byte[] {9}), TokenAmount.ofTokens(500)))
                .hasMessageContaining("unknown evaluator");
        assertThatThrownBy(() -> s.registerMiner("", ProtocolFixture.MODEL, ProtocolFixture.CONTEXT_TOKENS, TokenAmount.ofTokens(500)))
                .hasMessageContaining("model family must be 1..64 bytes");
        assertThatThrownBy(() -> s.requestUnstake(TokenAmount.ofTokens(1))).hasMessageContaining("not registered");
        s.registerMiner(ProtocolFixture.FAMILY, ProtocolFixture.MODEL, ProtocolFixture.CONTEXT_TOKENS, TokenAmount.ofTokens(500));
        assertThatThrownBy(() -> s.registerValidator(ProtocolFixture.EVALUATOR, TokenAmount.ofTokens(500)))
                .hasMessageContaining("address is a miner");
        assertThatThrownBy(() -> s.requestUnstake(TokenAmount.ofTokens(501))).hasMessageContaining("amount exceeds stake");
        assertThatThrownBy(s::withdraw).hasMessageContaining("nothing to withdraw");
        s.requestUnstake(TokenAmount.ofTokens(500));
        assertThat(f.network().node(s.address()).weight()).isZero();
        assertThatThrownBy(s::withdraw).hasMessageContaining("stake still unbonding");
        TokenAmount before = f.network().poqBalance(s.address());
        f.increaseTime(f.network().descriptor().params().unbondingDelaySeconds() + 1);
        s.withdraw();
        assertThat(f.network().poqBalance(s.address())).isEqualTo(before.plus(TokenAmount.ofTokens(500)));
        assertThatThrownBy(() -> s.addEvaluator(Sha256.of(new byte[] {3}), "mine"))
                .isInstanceOf(TransactionRevertedException.class);
    }

    @Test
    void anUnreachableNodeGivesAClearErrorNotATrace() {
        NetworkDescriptor d = f.network().descriptor().withRpcUrl("http://127.0.0.1:" + org.poq.network.devnet.AnvilProcess.freePort());
        assertThatThrownBy(() -> PoqNetwork.connect(d)).isInstanceOf(NodeUnreachableException.class)
                .hasMessageContaining("does not answer");
        assertThat(List.of(f.network().blockNumber())).isNotEmpty();
    }
}
