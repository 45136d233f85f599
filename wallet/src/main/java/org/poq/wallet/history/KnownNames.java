package org.poq.wallet.history;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.poq.network.NetworkDescriptor;
import org.poq.wallet.Account;
import org.poq.wallet.Addresses;
import org.web3j.crypto.Keys;

/**
 * The name a person knows an address by, the same in the send review, Activity and Ask, in the
 * window and the CLI: the user's own accounts first ("Savings"), then the network's contracts
 * ("POQ registry"), then the address book. An address with no name is written checksummed, in full.
 */
public final class KnownNames implements Function<String, String> {
    private final Map<String, String> names;

    private KnownNames(Map<String, String> names) {
        this.names = names;
    }

    /** {@code contracts} may be null (no network yet); {@code book} may be null (no database). */
    public static KnownNames of(List<Account> accounts, NetworkDescriptor.Contracts contracts, AddressBook book) {
        Map<String, String> m = new HashMap<>();
        if (book != null) {
            book.all().forEach((address, name) -> m.put(Addresses.key(address), name));
        }
        if (contracts != null) {
            put(m, contracts.token(), "POQ token contract");
            put(m, contracts.registry(), "POQ registry contract");
            put(m, contracts.market(), "POQ task market contract");
            put(m, contracts.timelock(), "POQ timelock contract");
        }
        for (Account a : accounts) {
            put(m, a.address(), a.label());
        }
        return new KnownNames(m);
    }

    private static void put(Map<String, String> m, String address, String name) {
        if (address != null && !address.isBlank()) {
            m.put(Addresses.key(address), name);
        }
    }

    /** The name, or the checksummed address when it has none. */
    @Override
    public String apply(String address) {
        if (address == null || address.isEmpty()) {
            return "";
        }
        String n = names.get(Addresses.key(address));
        return n != null ? n : Keys.toChecksumAddress(address);
    }

    /** "Savings  0x5aAe…(all 42 characters)": what a review shows, so a name never hides where the coins go. */
    public String withAddress(String address) {
        String checksummed = Keys.toChecksumAddress(address);
        String n = names.get(Addresses.key(address));
        return n == null ? checksummed : n + "  " + checksummed;
    }
}
