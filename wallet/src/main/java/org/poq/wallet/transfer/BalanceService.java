package org.poq.wallet.transfer;

import org.poq.core.TokenAmount;
import org.poq.network.chain.NodeUnreachableException;
import org.poq.network.chain.PoqNetworkException;
import org.poq.network.chain.ChainPort;
import org.poq.network.chain.ChainPort.At;
import org.poq.wallet.WalletChain;

/** Reads balances; blocking RPC calls, so from a background executor. */
public final class BalanceService {
    private final WalletChain chain;
    private final ChainPort port;

    public BalanceService(WalletChain chain) {
        this.chain = chain;
        this.port = chain.port();
    }

    public Balances balances(String address) {
        return balances(address, At.latest());
    }

    /** The newest block the answering node has: what a read at "latest" would see. */
    public long head() {
        return port.head();
    }

    /**
     * Balances as of one block: every read pinned to it, so an answer cannot mix blocks, and a node
     * that does not have that block yet (one lagging behind a load balancer) fails instead of
     * answering from an older one.
     */
    public Balances balancesAt(String address, long block) {
        return balances(address, At.block(block));
    }

    private Balances balances(String address, At at) {
        TokenAmount staked = TokenAmount.ZERO;
        TokenAmount unbonding = TokenAmount.ZERO;
        if (chain.registry() != null) {
            var v = port.registryRecord(chain.registry(), address, at);
            staked = TokenAmount.ofWei(v.stake);
            unbonding = TokenAmount.ofWei(v.unbonding);
        }
        return new Balances(address, nativeCoin(address, at), poq(address, at), staked, unbonding);
    }

    public TokenAmount nativeCoin(String address) {
        return nativeCoin(address, At.latest());
    }

    private TokenAmount nativeCoin(String address, At at) {
        return TokenAmount.ofWei(port.balance(address, at));
    }

    public TokenAmount poq(String address) {
        return poq(address, At.latest());
    }

    private TokenAmount poq(String address, At at) {
        try {
            return TokenAmount.ofWei(port.tokenBalance(chain.token(), address, at));
        } catch (NodeUnreachableException e) {
            throw e;
        } catch (PoqNetworkException e) {
            chain.requireToken(); // says which file and which contract when the token's address holds no code
            throw e;
        }
    }
}
