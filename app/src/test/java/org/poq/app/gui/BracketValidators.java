package org.poq.app.gui;

import java.util.Arrays;
import org.poq.core.Sha256;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.network.PoqSession;
import org.poq.network.events.TaskPhase;
import org.poq.network.devnet.LocalAccounts;
import org.poq.network.testing.ProtocolFixture;

/**
 * Two scripted validators that bracket the window's real one: one scores every answer 0, the other
 * 10000, so the median of the three is exactly the real validator's score. Protocol v2 asks for at
 * least three validators; these keep the GUI tests about one real evaluator.
 */
final class BracketValidators {
    private final ProtocolFixture f;
    private final PoqSession low;
    private final PoqSession high;

    private BracketValidators(ProtocolFixture f, PoqSession low, PoqSession high) {
        this.f = f;
        this.low = low;
        this.high = high;
    }

    /** Registers anvil accounts 40 and 41 as validators of {@code evaluator}. */
    static BracketValidators register(ProtocolFixture f, Sha256 evaluator) {
        return new BracketValidators(f, validator(f, 40, evaluator), validator(f, 41, evaluator));
    }

    private static PoqSession validator(ProtocolFixture f, int account, Sha256 evaluator) {
        PoqSession s = f.sessionFor(LocalAccounts.account(account));
        f.governor().transferPoq(s.address(), TokenAmount.ofTokens(2_000));
        s.registerValidator(evaluator, ProtocolFixture.STAKE);
        f.validators().add(s);
        return s;
    }

    /** Commits and reveals both brackets for task {@code id} as its scoring phases open. */
    void score(TaskId id) {
        int k = f.network().task(id).k();
        int[] zeros = new int[k];
        int[] tops = new int[k];
        Arrays.fill(tops, 10_000);
        Await.until("scoring opens", () -> f.network().task(id).phase() == TaskPhase.SCORE_COMMIT);
        f.commitScores(id, low.address(), zeros);
        f.commitScores(id, high.address(), tops);
        Await.until("score reveals open", () -> f.network().task(id).phase() == TaskPhase.SCORE_REVEAL);
        f.revealScores(id, low.address(), zeros);
        f.revealScores(id, high.address(), tops);
    }

    /** Scores the next task submitted after this call, on a daemon thread (the window submits it). */
    void scoreNextTaskInBackground() {
        TaskId before = f.network().lastTaskId();
        Thread t = new Thread(() -> {
            Await.until("the window submits a task", () -> {
                TaskId last = f.network().lastTaskId();
                return last != null && !last.equals(before) && f.network().task(last).isDrawn();
            });
            score(f.network().lastTaskId());
        }, "bracket-validators");
        t.setDaemon(true);
        t.start();
    }
}
