package org.poq.wallet.history;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.poq.core.db.Database;
import org.poq.wallet.Addresses;
import org.poq.wallet.InvalidInputException;
import org.web3j.crypto.Keys;

/** Names for addresses; the history, the send summary and the CSV show a name wherever one is known. */
public final class AddressBook {
    private final Database db;

    public AddressBook(Database db) {
        this.db = db;
    }

    /** Adds or renames a contact; names are unique (ignoring case) so a name always means one address. */
    public void put(String addressText, String name) {
        String address = Addresses.parse(addressText);
        if (name == null || name.isBlank() || name.strip().length() > 64) {
            throw new InvalidInputException("a contact name has 1 to 64 characters");
        }
        String clean = name.strip();
        Optional<String> owner = addressOf(clean);
        if (owner.isPresent() && !Addresses.same(owner.get(), address)) {
            throw new InvalidInputException("the name '" + clean + "' is already used for " + owner.get());
        }
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO wallet_contacts(address, name) VALUES (?, ?) ON CONFLICT(address) DO UPDATE SET name = excluded.name")) {
                ps.setString(1, Addresses.key(address));
                ps.setString(2, clean);
                return ps.executeUpdate();
            }
        });
    }

    public void remove(String address) {
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM wallet_contacts WHERE address = ?")) {
                ps.setString(1, Addresses.key(address));
                return ps.executeUpdate();
            }
        });
    }

    public Optional<String> nameOf(String address) {
        if (address == null) {
            return Optional.empty();
        }
        return one("SELECT name FROM wallet_contacts WHERE address = ?", Addresses.key(address));
    }

    public Optional<String> addressOf(String name) {
        return one("SELECT address FROM wallet_contacts WHERE name = ?", name.strip()).map(Keys::toChecksumAddress);
    }

    /** The name if known, else the checksummed address. */
    public String display(String address) {
        return nameOf(address).orElse(address == null ? "" : Keys.toChecksumAddress(address));
    }

    /** Contacts by name: checksummed address to name. */
    public Map<String, String> all() {
        return db.query(c -> {
            Map<String, String> out = new LinkedHashMap<>();
            try (var rs = c.createStatement().executeQuery("SELECT address, name FROM wallet_contacts ORDER BY name")) {
                while (rs.next()) {
                    out.put(Keys.toChecksumAddress(rs.getString(1)), rs.getString(2));
                }
            }
            return out;
        });
    }

    private Optional<String> one(String sql, String arg) {
        return db.query(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, arg);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

}
