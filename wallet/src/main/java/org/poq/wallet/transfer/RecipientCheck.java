package org.poq.wallet.transfer;

import java.util.ArrayList;
import java.util.List;
import org.poq.network.chain.Calls;
import org.poq.wallet.Addresses;
import org.poq.wallet.WalletChain;

/**
 * Warnings about a recipient that a user must confirm explicitly before a send: coins sent to the
 * zero address, to the network's own contracts or to most other contracts cannot be got back. A
 * plain POQ transfer to the registry is not a stake (it once was shown as one while the stake stayed 0).
 */
public final class RecipientCheck {
    private final WalletChain chain;

    public RecipientCheck(WalletChain chain) {
        this.chain = chain;
    }

    /** Plain-language warnings, empty when the recipient looks like an ordinary account. */
    public List<String> warnings(String recipient, String sender) {
        String to = Addresses.parse(recipient);
        List<String> out = new ArrayList<>();
        if (to.equals("0x0000000000000000000000000000000000000000")) {
            out.add("This is the zero address: coins sent to it can never be spent again.");
            return out;
        }
        if (Addresses.same(to, chain.token())) {
            out.add("This is the POQ token contract itself: coins sent to it are lost.");
        } else if (Addresses.same(to, chain.registry())) {
            out.add("This is the network's node registry: a transfer to it is NOT a stake (stake from the Miner or "
                    + "Validator screen, or `poq node`) and the coins are lost.");
        } else if (Addresses.same(to, chain.market())) {
            out.add("This is the network's task market: a transfer to it pays for no task and the coins are lost.");
        } else if (isContract(to)) {
            out.add("This address is a contract, not a person's account: unless it is built to receive these coins, "
                    + "they are lost.");
        }
        if (sender != null && Addresses.same(to, sender)) {
            out.add("This is the sending account itself: the transfer only costs the fee.");
        }
        return out;
    }

    private boolean isContract(String address) {
        return chain.port().isContract(address);
    }
}
