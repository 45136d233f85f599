package org.poq.wallet.transfer;

import java.math.BigInteger;
import org.poq.network.chain.Calls;
import org.poq.core.TokenAmount;
import org.poq.network.contracts.NodeRegistry;
import org.poq.network.contracts.PoqToken;
import org.poq.wallet.WalletChain;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/** Reads balances; blocking RPC calls, so from a background executor. */
public final class BalanceService {
    private final WalletChain chain;

    public BalanceService(WalletChain chain) {
        this.chain = chain;
    }

    public Balances balances(String address) {
        return balances(address, DefaultBlockParameterName.LATEST);
    }

    /** The newest block the answering node has: what a read at "latest" would see. */
    public long head() {
        return Calls.rpc("read the block number", () -> chain.web3j().ethBlockNumber().send()).getBlockNumber().longValueExact();
    }

    /**
     * Balances as of one block: every read pinned to it, so an answer cannot mix blocks, and a node
     * that does not have that block yet (one lagging behind a load balancer) fails instead of
     * answering from an older one.
     */
    public Balances balancesAt(String address, long block) {
        return balances(address, DefaultBlockParameter.valueOf(BigInteger.valueOf(block)));
    }

    private Balances balances(String address, DefaultBlockParameter at) {
        TokenAmount staked = TokenAmount.ZERO;
        TokenAmount unbonding = TokenAmount.ZERO;
        if (chain.registry() != null) {
            NodeRegistry registry = NodeRegistry.load(chain.registry(), chain.web3j(),
                    new ReadonlyTransactionManager(chain.web3j(), address), new DefaultGasProvider());
            registry.setDefaultBlockParameter(at);
            NodeRegistry.NodeView v = read("read the stake", at, () -> registry.nodeInfo(address).send());
            staked = TokenAmount.ofWei(v.stake);
            unbonding = TokenAmount.ofWei(v.unbonding);
        }
        return new Balances(address, nativeCoin(address, at), poq(address, at), staked, unbonding);
    }

    public TokenAmount nativeCoin(String address) {
        return nativeCoin(address, DefaultBlockParameterName.LATEST);
    }

    private TokenAmount nativeCoin(String address, DefaultBlockParameter at) {
        return TokenAmount.ofWei(read("read the balance", at, () -> chain.web3j().ethGetBalance(address, at).send()).getBalance());
    }

    public TokenAmount poq(String address) {
        return poq(address, DefaultBlockParameterName.LATEST);
    }

    private TokenAmount poq(String address, DefaultBlockParameter at) {
        PoqToken token = PoqToken.load(chain.token(), chain.web3j(),
                new ReadonlyTransactionManager(chain.web3j(), address), new DefaultGasProvider());
        token.setDefaultBlockParameter(at);
        BigInteger wei = read("read the POQ balance", at, () -> token.balanceOf(address).send());
        return TokenAmount.ofWei(wei);
    }

    /** Tries a read pinned to a block this many times: behind a load balancer the next try may reach a node that has it. */
    private static final int PINNED_TRIES = 3;

    private static <T> T read(String what, DefaultBlockParameter at, java.util.concurrent.Callable<T> call) {
        int tries = at instanceof DefaultBlockParameterName ? 1 : PINNED_TRIES;
        for (int i = 1; ; i++) {
            try {
                return Calls.rpc(what, call);
            } catch (RuntimeException e) {
                if (i >= tries) {
                    throw e;
                }
            }
        }
    }
}
