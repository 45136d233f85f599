package org.poq.wallet.transfer;

import java.math.BigInteger;
import org.poq.core.TokenAmount;
import org.poq.network.contracts.NodeRegistry;
import org.poq.network.contracts.PoqToken;
import org.poq.wallet.WalletChain;
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
        TokenAmount staked = TokenAmount.ZERO;
        TokenAmount unbonding = TokenAmount.ZERO;
        if (chain.registry() != null) {
            NodeRegistry registry = NodeRegistry.load(chain.registry(), chain.web3j(),
                    new ReadonlyTransactionManager(chain.web3j(), address), new DefaultGasProvider());
            NodeRegistry.NodeView v = Rpc.call("read the stake", () -> registry.nodeInfo(address).send());
            staked = TokenAmount.ofWei(v.stake);
            unbonding = TokenAmount.ofWei(v.unbonding);
        }
        return new Balances(address, nativeCoin(address), poq(address), staked, unbonding);
    }

    public TokenAmount nativeCoin(String address) {
        return TokenAmount.ofWei(Rpc.call("read the balance",
                () -> chain.web3j().ethGetBalance(address, DefaultBlockParameterName.LATEST).send()).getBalance());
    }

    public TokenAmount poq(String address) {
        PoqToken token = PoqToken.load(chain.token(), chain.web3j(),
                new ReadonlyTransactionManager(chain.web3j(), address), new DefaultGasProvider());
        BigInteger wei = Rpc.call("read the POQ balance", () -> token.balanceOf(address).send());
        return TokenAmount.ofWei(wei);
    }

}
