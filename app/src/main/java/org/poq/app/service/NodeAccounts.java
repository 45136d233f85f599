package org.poq.app.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.poq.core.AmountFormat;
import org.poq.core.TokenAmount;
import org.poq.core.db.Database;
import org.poq.network.PoqNetwork;
import org.poq.wallet.Account;
import org.poq.wallet.keys.WalletVault;
import org.poq.wallet.transfer.Asset;
import org.poq.wallet.transfer.PendingTransaction;

/**
 * The accounts a node can run as, by name and POQ balance (the pickers showed bare addresses and
 * preselected one holding 0 POQ, so Start failed with a revert), and funding one on the spot from
 * another account of the wallet: the stake in POQ, and coins for its gas when it has almost none.
 */
public final class NodeAccounts {
    /** Coins for a node's gas sent along with its stake when it has less than {@link #LOW_GAS}. */
    static final TokenAmount GAS_GIFT = TokenAmount.parse("0.05");
    static final TokenAmount LOW_GAS = TokenAmount.parse("0.01");

    private NodeAccounts() {
    }

    /** An account with what it holds; {@code poq} is null when the network could not be read. */
    public record Choice(String address, String name, TokenAmount poq) {
        /** "Savings  0x5aAe…eAed  1,000 POQ". */
        public String display() {
            return name + "  " + shortAddress(address) + "  " + (poq == null ? "balance unknown" : AmountFormat.of(poq, AmountFormat.POQ));
        }
    }

    public static List<Choice> read(WalletVault vault, Optional<PoqNetwork> network) {
        List<Choice> out = new ArrayList<>();
        for (Account a : vault.accounts()) {
            TokenAmount poq = null;
            if (network.isPresent()) {
                try {
                    poq = network.get().poqBalance(a.address());
                } catch (RuntimeException e) {
                    poq = null; // shown as "balance unknown"; the picker still works
                }
            }
            out.add(new Choice(a.address(), a.label(), poq));
        }
        return out;
    }

    /**
     * The account a node starts with: one that can pay {@code stake}, preferring any but the first
     * (the first is the one that asks), never an empty one while another holds POQ.
     */
    public static Optional<String> preferred(List<Choice> choices, TokenAmount stake) {
        if (choices.isEmpty()) {
            return Optional.empty();
        }
        List<Choice> others = choices.subList(1, choices.size());
        Optional<Choice> pays = others.stream().filter(c -> c.poq() != null && c.poq().compareTo(stake) >= 0).findFirst();
        if (pays.isEmpty() && choices.get(0).poq() != null && choices.get(0).poq().compareTo(stake) >= 0) {
            pays = Optional.of(choices.get(0));
        }
        if (pays.isEmpty()) {
            pays = choices.stream().filter(c -> c.poq() != null && !c.poq().isZero()).max(Comparator.comparing(Choice::poq));
        }
        return Optional.of(pays.orElse(choices.get(choices.size() - 1)).address());
    }

    /** The richest other account that can pay {@code stake}, to fund {@code to} from. */
    public static Optional<Choice> funder(List<Choice> choices, String to, TokenAmount stake) {
        return choices.stream().filter(c -> !c.address().equalsIgnoreCase(to) && c.poq() != null && c.poq().compareTo(stake) >= 0)
                .max(Comparator.comparing(Choice::poq));
    }

    /** Sends {@code stake} POQ (and coins for gas when {@code to} has almost none) from {@code from}; what was sent, in words. */
    public static String fund(PoqNetwork network, WalletVault vault, Database db, String from, String to, TokenAmount stake,
                              char[] password) {
        WalletSession wallet = new WalletSession(network, db, vault);
        boolean gas = network.nativeBalance(to).compareTo(LOW_GAS) < 0;
        PendingTransaction poq = wallet.awaitSettled(
                wallet.send(wallet.quote(from, to, Asset.POQ, AmountFormat.exact(stake)), password.clone()), Duration.ofSeconds(30));
        String said = "Sent " + AmountFormat.of(stake, AmountFormat.POQ) + " (" + poq.status().name().toLowerCase() + ")";
        if (gas) {
            PendingTransaction coins = wallet.awaitSettled(
                    wallet.send(wallet.quote(from, to, Asset.NATIVE, AmountFormat.exact(GAS_GIFT)), password.clone()),
                    Duration.ofSeconds(30));
            said += " and " + AmountFormat.of(GAS_GIFT, wallet.nativeSymbol()) + " for gas (" + coins.status().name().toLowerCase() + ")";
        }
        return said;
    }

    private static String shortAddress(String a) {
        return a.length() < 12 ? a : a.substring(0, 6) + "…" + a.substring(a.length() - 4);
    }
}
