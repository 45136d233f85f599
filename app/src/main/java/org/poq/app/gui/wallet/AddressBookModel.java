package org.poq.app.gui.wallet;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javafx.beans.property.ReadOnlyListWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.FXCollections;
import org.poq.app.gui.fields.Fields;
import org.poq.app.gui.fields.Fields.Field;
import org.poq.app.gui.wallet.WalletViewModel.Contact;
import org.poq.app.gui.wallet.WalletViewModel.Place;
import org.poq.wallet.Addresses;

/** The address book card: the names the wallet knows for addresses, added and removed through the wallet session. */
final class AddressBookModel {
    final ReadOnlyListWrapper<Contact> contacts = new ReadOnlyListWrapper<>(FXCollections.observableArrayList());
    final Field name = new Field(new SimpleStringProperty(""));
    final Field address = new Field(new SimpleStringProperty(""));
    private final WalletScreen screen;

    AddressBookModel(WalletScreen screen) {
        this.screen = screen;
    }

    /** The book as the last refresh read it (address to name). */
    void show(Map<String, String> book) {
        contacts.setAll(book.entrySet().stream().map(e -> new Contact(e.getValue(), e.getKey())).toList());
    }

    CompletableFuture<Void> add() {
        screen.messages().clear(Place.ACCOUNTS);
        String n = name.text().get();
        String addr = address.text().get();
        boolean ok = name.apply(Fields.required(n, "a name"));
        ok &= address.apply(Fields.address(addr));
        if (!ok) {
            return CompletableFuture.completedFuture(null);
        }
        return screen.ctx().background().run("address book", () -> {
            screen.session().get().book().put(Addresses.parse(addr), n.strip());
            return null;
        }, v -> {
            name.text().set("");
            address.text().set("");
        }, name::fail).thenCompose(v -> screen.refresh().get()).exceptionally(e -> null);
    }

    CompletableFuture<Void> remove(Contact c) {
        return screen.ctx().background().run("address book", () -> {
            screen.session().get().book().remove(c.address());
            return null;
        }, v -> { }, screen.messages().error::set).thenCompose(v -> screen.refresh().get()).exceptionally(e -> null);
    }
}
