package org.poq.app.serve;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.poq.core.Closeables;
import org.poq.core.Sha256;
import org.poq.core.TokenAmount;
import org.poq.core.db.Database;
import org.poq.network.PoqSession;
import org.poq.network.node.ParticipantService;
import org.poq.network.node.ParticipationJournal;
import org.poq.network.testing.ProtocolFixture;
import org.poq.wallet.keys.KdfParams;
import org.poq.wallet.keys.WalletVault;
import org.web3j.utils.Numeric;

/**
 * A real chain (anvil) with running nodes for the endpoint tests: three miners of the fixture's family
 * answer a good, a short and a wrong answer; another miner serves "noise-family" with noise; three
 * validators score answers naming Paris high and the rest below the quality floor (3000). A sixth
 * miner registers for "silent-family" and never runs.
 */
final class ServeFixture implements AutoCloseable {
    static final String FAMILY = ProtocolFixture.FAMILY;
    static final String NOISE = "noise-family";
    /** Served by a registered miner whose node never runs: its tasks end at the deadline. */
    static final String SILENT = "silent-family";
    static final String BEST = "Paris is the capital of France.";
    static final String PASSWORD = "correct horse battery";

    final ProtocolFixture f;
    final Path dir;
    final PoqSession noiseMiner;
    private final List<AutoCloseable> open = new ArrayList<>();
    private final ParticipationJournal journal;

    ServeFixture(Path dir) {
        this.dir = dir;
        f = ProtocolFixture.start(3, 3);
        noiseMiner = f.addMiner(NOISE, ProtocolFixture.STAKE);
        f.addMiner(SILENT, ProtocolFixture.STAKE);
        Database db = Database.open(dir.resolve("nodes.db"));
        open.add(db);
        journal = new ParticipationJournal(db);
        String[] answers = {BEST, "It is Paris.", "Lyon."};
        for (int i = 0; i < 3; i++) {
            String a = answers[i];
            miner(journal, f.miners().get(i).address(), a);
        }
        miner(journal, noiseMiner.address(), "zzz qqq");
        for (PoqSession v : f.validators()) {
            open.add(ParticipantService.validator(f.network(), ProtocolFixture.credentialsOf(v.address()), journal,
                    ctx -> ctx.answers().stream().mapToInt(x -> x == null ? 0 : x.contains("Paris") ? (x.length() > 15 ? 9000 : 7000) : 2000)
                            .toArray(), ParticipantService.Options.defaults()).start());
        }
    }

    /**
     * A miner registered for {@code family} that answers the best answer only once {@code gate} opens:
     * its rounds stay running (within the commit window) for as long as the test needs.
     */
    void gatedMiner(String family, CountDownLatch gate) {
        PoqSession m = f.addMiner(family, ProtocolFixture.STAKE);
        open.add(0, ParticipantService.miner(f.network(), ProtocolFixture.credentialsOf(m.address()), journal, ctx -> {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return BEST;
        }, ParticipantService.Options.defaults()).start());
    }

    /** A running miner of {@code family} that declared {@code modelId} (a real GGUF's id) and answers the best answer. */
    void minerOfModel(String family, Sha256 modelId) {
        PoqSession m = f.newAccount();
        m.registerMiner(family, modelId, ProtocolFixture.CONTEXT_TOKENS, ProtocolFixture.STAKE);
        miner(journal, m.address(), BEST);
    }

    private void miner(ParticipationJournal journal, String address, String answer) {
        open.add(0, ParticipantService.miner(f.network(), ProtocolFixture.credentialsOf(address), journal, ctx -> answer,
                ParticipantService.Options.defaults()).start());
    }

    /** A wallet holding the fixture's requester key, unlocked, and a signer that pays from it. */
    record Wallet(WalletVault vault, VaultSigner signer, MutableClock clock) {
    }

    Wallet wallet(String name, Duration autoLock) {
        MutableClock clock = new MutableClock();
        WalletVault vault = WalletVault.createEmpty(dir.resolve(name + ".vault"), PASSWORD.toCharArray(), KdfParams.light(1024), clock,
                autoLock);
        vault.unlock(PASSWORD.toCharArray());
        byte[] key = Numeric.toBytesPadded(ProtocolFixture.credentialsOf(f.requester().address()).getEcKeyPair().getPrivateKey(), 32);
        String address = vault.importPrivateKey(key, "requester").address();
        return new Wallet(vault, VaultSigner.unlock(vault, address, PASSWORD.toCharArray()), clock);
    }

    static ServeConfig config() {
        return new ServeConfig(0, Optional.empty(), 3, 3, TokenAmount.ofTokens(10), 64, ProtocolFixture.EVALUATOR, Duration.ofMinutes(2));
    }

    /** A server over its own database (own key, own spending ledger). */
    Serving serve(String name, Signer signer, ServeConfig config, SpendingLimits limits, java.util.function.Consumer<Timings> timings) {
        Database db = Database.open(dir.resolve(name + ".db"));
        open.add(0, db);
        Serving s = Serving.start(f.network(), signer, db, config, limits, false, timings);
        open.add(0, s);
        return s;
    }

    @Override
    public void close() {
        Closeables.closeAll(open);
        f.close();
    }

    /** A clock the test moves, for the wallet's auto-lock. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            now = start;
        }

        MutableClock() {
            this(Instant.now());
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
