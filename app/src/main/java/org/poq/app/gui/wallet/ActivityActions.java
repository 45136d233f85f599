package org.poq.app.gui.wallet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import javafx.beans.property.SimpleStringProperty;
import org.poq.app.gui.fields.Fields.Field;
import org.poq.app.gui.shell.Errors;
import org.poq.app.gui.wallet.WalletViewModel.Place;
import org.poq.app.service.WalletSession;
import org.poq.wallet.history.Activity;
import org.poq.wallet.history.CsvExport;
import org.poq.wallet.history.HistoryEntry;
import org.poq.wallet.transfer.PendingTransaction;

/**
 * What the Activity card does to its rows: speed up or cancel a pending one, send a dropped one again
 * (each signed with the card's password, then a refresh), and export the selected account's history as
 * CSV, as `poq wallet history --csv` writes it.
 */
final class ActivityActions {
    final Field password = new Field(new SimpleStringProperty(""));
    private final WalletScreen screen;
    private final WalletMessages msg;

    ActivityActions(WalletScreen screen) {
        this.screen = screen;
        this.msg = screen.messages();
    }

    /** A dropped row sent again at today's fee; nothing else sends it. */
    CompletableFuture<Void> sendAgain(Activity.Item item) {
        return signRow(item != null && item.canSendAgain(), "Select a dropped transfer first.", "send again",
                (s, pw) -> s.sendAgain(item.txId(), pw), "Sent again");
    }

    /** Speed up (true) or cancel (false) a pending row. */
    CompletableFuture<Void> replace(Activity.Item item, boolean speedUp) {
        return signRow(item != null && item.canReplace(), "Select a pending transaction first.", speedUp ? "speed up" : "cancel",
                (s, pw) -> speedUp ? s.speedUp(item.txId(), pw) : s.cancel(item.txId(), pw), speedUp ? "Sped up" : "Cancel sent");
    }

    /** One signed action on a row, with the card's password, then a refresh. */
    private CompletableFuture<Void> signRow(boolean selected, String selectFirst, String name,
                                            BiFunction<WalletSession, char[], PendingTransaction> action, String done) {
        msg.clear(Place.ACTIVITY);
        if (!selected) {
            msg.error.set(selectFirst);
            return CompletableFuture.completedFuture(null);
        }
        char[] pw = takePassword(password);
        if (pw == null) {
            return CompletableFuture.completedFuture(null);
        }
        msg.busy.set(true);
        return screen.ctx().background().run(name, () -> {
            WalletSession s = screen.session().get();
            return s.awaitSettled(action.apply(s, pw), SendFlow.SETTLE_WAIT);
        }, tx -> {
            msg.busy.set(false);
            msg.status.set(done + " (" + tx.hash() + "): " + SendFlow.outcome(tx));
        }, m -> {
            wrongPassword(password, m);
            msg.failed(m);
        }).thenCompose(v -> screen.refresh().get()).exceptionally(e -> null);
    }

    /** The selected account's chain history as CSV, names beside addresses. */
    CompletableFuture<Void> exportCsv(Path file) {
        msg.clear(Place.ACTIVITY);
        String me = screen.account().get();
        return screen.ctx().background().run("export csv", () -> {
            WalletSession s = screen.session().get();
            List<HistoryEntry> entries = s.history(me);
            try (var w = Files.newBufferedWriter(file)) {
                CsvExport.write(entries, s.names(), w);
            }
            return entries.size();
        }, n -> msg.status.set("Wrote " + n + " entries to " + file), msg.error::set).<Void>thenApply(v -> null).exceptionally(e -> null);
    }

    /**
     * The password typed to sign, taken out of its field (which is emptied); null, with the field asking
     * for it, when none was typed.
     */
    static char[] takePassword(Field field) {
        if (field.text().get().isEmpty()) {
            field.fail("Enter the wallet password to sign.");
            return null;
        }
        char[] pw = field.text().get().toCharArray();
        field.text().set("");
        return pw;
    }

    /** A wrong password is shown beside the field it was typed in, as well as in the card's message; true if it was one. */
    static boolean wrongPassword(Field field, String message) {
        if (!message.equals(Errors.WRONG_PASSWORD)) {
            return false;
        }
        field.fail(message);
        return true;
    }
}
