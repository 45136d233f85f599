package org.poq.wallet.transfer;

import java.math.BigInteger;
import java.util.List;
import org.poq.network.chain.Calls;
import org.poq.network.chain.ChainPort.At;
import org.poq.wallet.Account;
import org.poq.wallet.WalletChain;
import org.poq.wallet.keys.WalletVault;

/**
 * Finds the accounts a restored phrase already used, as MetaMask and Sparrow do: derive
 * m/44'/60'/0'/0/i in order and keep every one up to the last used, stopping after {@code gap}
 * unused ones in a row. "Used" means any trace on the chain: a sent transaction, or a balance of
 * the native coin, POQ, stake or unbonding stake (a validator's account 2 holds only stake).
 */
public final class AccountDiscovery {
    public static final int DEFAULT_GAP = 5;
    private static final int MAX_ACCOUNTS = 200;

    private final WalletChain chain;
    private final BalanceService balances;

    public AccountDiscovery(WalletChain chain) {
        this.chain = chain;
        this.balances = new BalanceService(chain);
    }

    /** Adds the used accounts to the unlocked vault; returns how many HD accounts it then has. */
    public int discover(WalletVault vault, int gap) {
        int lastUsed = -1;
        int index = 0;
        while (index - lastUsed <= gap && index < MAX_ACCOUNTS) {
            List<String> batch = vault.hdAddresses(index, gap);
            for (String address : batch) {
                if (used(address)) {
                    lastUsed = index;
                }
                index++;
            }
            if (batch.isEmpty()) {
                break;
            }
        }
        if (lastUsed >= 0) {
            vault.addAccountsThrough(lastUsed);
        }
        return (int) vault.accounts().stream().filter(a -> a.kind() == Account.Kind.HD).count();
    }

    boolean used(String address) {
        if (chain.port().transactionCount(address, At.latest()) > 0) {
            return true;
        }
        Balances b = balances.balances(address);
        return !b.nativeCoin().isZero() || !b.poq().isZero() || !b.staked().isZero() || !b.unbonding().isZero();
    }
}
