package org.poq.app.gui.wallet;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javafx.beans.property.ReadOnlyListWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import org.poq.app.gui.fields.Fields;
import org.poq.app.gui.fields.Fields.Field;
import org.poq.app.gui.shell.Errors;
import org.poq.app.gui.wallet.WalletViewModel.Place;
import org.poq.wallet.keys.KdfParams;
import org.poq.wallet.keys.WalletVault;

/**
 * The Backup card: the recovery phrase and a keystore export, each behind the wallet password asked
 * again; a keystore file's key imported into the unlocked wallet. Its messages go to the card's own line.
 */
final class BackupActions {
    final Field password = new Field(new SimpleStringProperty(""));
    final Field exportPassword = new Field(new SimpleStringProperty(""));
    final Field exportRepeat = new Field(new SimpleStringProperty(""));
    final StringProperty importName = new SimpleStringProperty("");
    final Field exportFolder = new Field(new SimpleStringProperty(""));
    final Field importFile = new Field(new SimpleStringProperty(""));
    final Field importPassword = new Field(new SimpleStringProperty(""));
    final ReadOnlyListWrapper<String> revealedWords = new ReadOnlyListWrapper<>(FXCollections.observableArrayList());
    private final WalletScreen screen;
    private final WalletMessages msg;

    BackupActions(WalletScreen screen) {
        this.screen = screen;
        this.msg = screen.messages();
    }

    private record Revealed(List<String> words, boolean withPassphrase) {
    }

    /** Shows the recovery phrase after the password is checked again. */
    CompletableFuture<Void> revealPhrase() {
        msg.clear(Place.ACCOUNTS);
        if (!password.apply(Fields.required(password.text().get(), "the wallet password"))) {
            return CompletableFuture.completedFuture(null);
        }
        char[] pw = password.text().get().toCharArray();
        password.text().set("");
        return screen.ctx().background().run("reveal phrase", () -> {
            WalletVault.RevealedPhrase r = screen.ctx().wallet().require().revealPhrase(pw);
            try (var phrase = r.phrase()) {
                return new Revealed(phrase.words(), r.withPassphrase());
            }
        }, r -> {
            revealedWords.setAll(r.words());
            msg.backupStatus.set(r.withPassphrase() ? "This wallet also uses a passphrase (not shown): restoring needs both." : "");
        }, password::fail).<Void>thenApply(v -> null).exceptionally(e -> null);
    }

    void hidePhrase() {
        revealedWords.clear();
        msg.backupStatus.set("");
    }

    /** Writes the selected account's key as a V3 keystore file into the chosen folder. */
    CompletableFuture<Void> exportKeystore() {
        msg.clear(Place.ACCOUNTS);
        // issue 27: export needed the wallet password of the row above without saying so
        boolean ok = password.apply(Fields.required(password.text().get(), "the wallet password here: exporting a key needs it as well"));
        ok &= exportPassword.apply(exportPassword.text().get().length() >= 8 ? Optional.empty()
                : Optional.of("At least 8 characters: the keystore file's own password."));
        // typed twice, as poq wallet export asks it: a typo would lock the file for good
        ok &= exportRepeat.apply(exportRepeat.text().get().equals(exportPassword.text().get()) ? Optional.empty()
                : Optional.of("The two passwords differ: type the file's password twice."));
        ok &= exportFolder.apply(Fields.required(exportFolder.text().get(), "the folder to write the file into"));
        if (!ok) {
            return CompletableFuture.completedFuture(null);
        }
        char[] pw = password.text().get().toCharArray();
        char[] epw = exportPassword.text().get().toCharArray();
        password.text().set("");
        exportPassword.text().set("");
        exportRepeat.text().set("");
        String who = screen.account().get();
        Path dir = Path.of(exportFolder.text().get().strip());
        KdfParams kdf = screen.ctx().wallet().kdf();
        return screen.ctx().background().run("export keystore", () -> screen.ctx().wallet().require().exportKeystore(who, pw, epw, dir, kdf),
                file -> msg.backupStatus.set("Wrote " + file + ": the key of " + screen.accountLabel().get() + ", as sensitive as the key itself."),
                m -> {
                    if (!ActivityActions.wrongPassword(password, m)) {
                        exportFolder.fail(m);
                    }
                }).<Void>thenApply(v -> null).exceptionally(e -> null);
    }

    /** Adds a V3 keystore file's key (the wallet must be unlocked) and switches to it. */
    CompletableFuture<Void> importKeystore() {
        msg.clear(Place.ACCOUNTS);
        boolean ok = importFile.apply(Fields.required(importFile.text().get(), "the keystore file"));
        ok &= importPassword.apply(Fields.required(importPassword.text().get(), "the keystore file's password"));
        if (!ok) {
            return CompletableFuture.completedFuture(null);
        }
        Path file = Path.of(importFile.text().get().strip());
        char[] kpw = importPassword.text().get().toCharArray();
        importPassword.text().set("");
        String name = importName.get().strip();
        return screen.ctx().background().run("import keystore", () -> {
            WalletVault v = screen.ctx().wallet().require();
            return v.importKeystore(file, kpw, name.isEmpty() ? "Imported " + (v.accounts().size() + 1) : name);
        }, a -> {
            importFile.text().set("");
            importName.set("");
            screen.select().accept(a.address());
            // not "Imported Imported 3 (…)": the account's name, quoted, then where it came from
            msg.backupStatus.set("Added \"" + a.label() + "\" (" + a.address() + ") from the keystore file.");
        }, m -> {
            if (m.equals(Errors.WRONG_PASSWORD)) {
                importPassword.fail("Wrong password for this keystore file.");
            } else {
                importFile.fail(m);
            }
        }).thenCompose(v -> screen.refresh().get()).exceptionally(e -> null);
    }

    /** The wallet locked: every password typed on the card goes, and the phrase shown. */
    void forget() {
        password.text().set("");
        exportPassword.text().set("");
        exportRepeat.text().set("");
        importPassword.text().set("");
        revealedWords.clear();
    }
}
