package org.poq.wallet.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.poq.core.TokenAmount;
import org.poq.core.db.Database;
import org.poq.network.Deployer;
import org.poq.network.NetworkDescriptor;
import org.poq.network.ProtocolParams;
import org.poq.network.chain.ChainClient;
import org.poq.network.devnet.AnvilOptions;
import org.poq.network.devnet.AnvilProcess;
import org.poq.network.devnet.LocalAccounts;
import org.poq.network.PoqNetwork;
import org.poq.wallet.WalletChain;
import org.poq.wallet.keys.KdfParams;
import org.poq.wallet.keys.Mnemonics;
import org.poq.wallet.keys.SeedPhrase;
import org.poq.wallet.keys.WalletVault;
import org.poq.wallet.transfer.PendingTxStore;
import org.poq.wallet.transfer.TransferService;

/** A real anvil node with the PoQ contracts, and helpers to make wallets on it. */
public final class WalletChainFixture implements AutoCloseable {
    public static final KdfParams LIGHT = KdfParams.light(1024);
    public static final String PASSWORD = "correct horse battery staple";

    public final AnvilProcess anvil;
    public final ChainClient client;
    public final NetworkDescriptor descriptor;
    public final PoqNetwork network;
    public final WalletChain chain;

    private WalletChainFixture(AnvilProcess anvil, ChainClient client, NetworkDescriptor d) {
        this.anvil = anvil;
        this.client = client;
        this.descriptor = d;
        this.network = PoqNetwork.connect(d);
        this.chain = WalletChain.of(network);
    }

    public static WalletChainFixture start() {
        return start(AnvilOptions.ephemeral());
    }

    public static WalletChainFixture start(AnvilOptions options) {
        AnvilProcess anvil = AnvilProcess.start(options);
        ChainClient client = ChainClient.connect(anvil.rpcUrl(), 31337);
        NetworkDescriptor d = new Deployer(client, LocalAccounts.account(0)).deploy("wallet-test", ProtocolParams.defaults(), List.of());
        return new WalletChainFixture(anvil, client, d);
    }

    /** A fresh wallet from a random phrase, unlocked, with one account. */
    public static WalletVault newVault(Path dir, TestClock clock) {
        try (SeedPhrase phrase = Mnemonics.generate(12, new java.security.SecureRandom())) {
            return WalletVault.create(dir.resolve("wallet.vault"), phrase, new char[0], PASSWORD.toCharArray(), 1, LIGHT,
                    clock, Duration.ofMinutes(5));
        }
    }

    /**
     * How long a test waits for a sent transaction to settle: with automine anvil answers a send
     * before the block holding it is served, so one refresh right after a send may find it pending.
     */
    public static final java.time.Duration SETTLE = java.time.Duration.ofSeconds(10);

    public void fundNative(String to, long ether) {
        client.rpc("anvil_setBalance", to, "0x" + java.math.BigInteger.TEN.pow(18).multiply(java.math.BigInteger.valueOf(ether)).toString(16));
    }

    public void fundPoq(String to, long tokens) {
        network.session(LocalAccounts.account(0)).transferPoq(to, TokenAmount.ofTokens(tokens));
    }

    public void automine(boolean on) {
        client.rpc("evm_setAutomine", on);
    }

    public void mine() {
        client.rpc("evm_mine");
    }

    public static TransferService transfers(WalletChain chain, WalletVault vault, Database db, TestClock clock) {
        return new TransferService(chain, vault, new PendingTxStore(db, clock));
    }

    @Override
    public void close() {
        network.close();
        client.close();
        anvil.close();
    }
}
