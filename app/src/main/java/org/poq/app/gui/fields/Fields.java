package org.poq.app.gui.fields;

import java.util.function.Function;
import java.util.Optional;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.StringProperty;
import org.poq.wallet.Addresses;
import org.poq.wallet.Amounts;
import org.poq.wallet.WalletException;

/**
 * One validator per field kind, shared by the view models: each calls the domain's own parser, so a
 * field says exactly what the wallet would refuse, next to the field, before anything is sent.
 * A {@link Field} clears its error as soon as its text changes: a stale message never stays.
 */
public final class Fields {
    private Fields() {
    }

    /** A recipient: an address (EIP-55 checked) or a name from the address book. */
    public static Optional<String> recipient(String text, Function<String, Optional<String>> addressBook) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            return Optional.of("Enter an address (0x…) or a contact's name.");
        }
        if (!t.startsWith("0x") && !t.startsWith("0X") && addressBook.apply(t).isPresent()) {
            return Optional.empty();
        }
        if (!t.startsWith("0x") && !t.startsWith("0X")) {
            return Optional.of("No contact named '" + t + "'; an address starts with 0x.");
        }
        return check(() -> Addresses.parse(t));
    }

    public static Optional<String> address(String text) {
        return check(() -> Addresses.parse(text));
    }

    public static Optional<String> amount(String text) {
        return check(() -> Amounts.parse(text));
    }

    /** A new password: at least 8 characters, typed the same twice. */
    public static Optional<String> newPassword(String password, String repeat) {
        if (password == null || password.length() < 8) {
            return Optional.of("At least 8 characters.");
        }
        if (!password.equals(repeat)) {
            return Optional.of("The two passwords differ.");
        }
        return Optional.empty();
    }

    public static Optional<String> required(String text, String what) {
        return text == null || text.isBlank() ? Optional.of("Enter " + what + ".") : Optional.empty();
    }

    private static Optional<String> check(Runnable parse) {
        try {
            parse.run();
            return Optional.empty();
        } catch (WalletException | IllegalArgumentException e) {
            String m = e.getMessage();
            return Optional.of(Character.toUpperCase(m.charAt(0)) + m.substring(1) + (m.endsWith(".") ? "" : "."));
        }
    }

    /** An input's text and the message shown under it; the message clears when the text changes. */
    public static final class Field {
        private final StringProperty text;
        private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");

        public Field(StringProperty text) {
            this.text = text;
            text.addListener((o, a, b) -> error.set(""));
        }

        /** Sets the error from a check; true when the field is valid. */
        public boolean apply(Optional<String> problem) {
            error.set(problem.orElse(""));
            return problem.isEmpty();
        }

        public void fail(String message) {
            error.set(message);
        }

        public void clear() {
            error.set("");
        }

        public StringProperty text() {
            return text;
        }

        public ReadOnlyStringProperty error() {
            return error.getReadOnlyProperty();
        }
    }
}
