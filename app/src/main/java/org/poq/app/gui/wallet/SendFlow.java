package org.poq.app.gui.wallet;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javafx.beans.InvalidationListener;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import org.poq.app.gui.fields.Fields;
import org.poq.app.gui.fields.Fields.Field;
import org.poq.app.gui.wallet.WalletViewModel.Place;
import org.poq.app.service.WalletSession;
import org.poq.core.AmountFormat;
import org.poq.wallet.transfer.Asset;
import org.poq.wallet.transfer.PendingTransaction;
import org.poq.wallet.transfer.TransferQuote;

/**
 * The Send card's two steps: Review prices the transfer from the selected account and warns about the
 * recipient (nothing is signed); Confirm signs that quote with the password and broadcasts it. A quote
 * is for what the fields said when Review was pressed: an edit closes it.
 */
final class SendFlow {
    // a few seconds cover the devnet and fast chains; a slower one shows the transfer pending in the activity
    static final Duration SETTLE_WAIT = Duration.ofSeconds(10);

    final Field recipient = new Field(new SimpleStringProperty(""));
    final Field amount = new Field(new SimpleStringProperty(""));
    final ObjectProperty<Asset> asset = new SimpleObjectProperty<>(Asset.POQ);
    final Field password = new Field(new SimpleStringProperty(""));
    final ReadOnlyObjectWrapper<TransferQuote> quote = new ReadOnlyObjectWrapper<>();
    final ReadOnlyStringWrapper quoteText = new ReadOnlyStringWrapper("");
    final ReadOnlyStringWrapper warning = new ReadOnlyStringWrapper("");
    final BooleanProperty acceptWarning = new SimpleBooleanProperty(false);
    private final WalletScreen screen;
    private final WalletMessages msg;

    SendFlow(WalletScreen screen) {
        this.screen = screen;
        this.msg = screen.messages();
        // Confirm could otherwise send the old amount beside the new one
        InvalidationListener stale = o -> {
            if (quote.get() != null) {
                cancel();
            }
        };
        recipient.text().addListener(stale);
        amount.text().addListener(stale);
        asset.addListener(stale);
    }

    private record Prepared(TransferQuote quote, String summary, List<String> warnings, String toError, String amountError) {
    }

    /** Step one: checks each field, prices the transfer and warns about the recipient; nothing is signed. */
    CompletableFuture<Void> prepare() {
        msg.clear(Place.SEND);
        cancel();
        String to = recipient.text().get();
        String value = amount.text().get();
        Asset what = asset.get();
        String me = screen.account().get();
        msg.busy.set(true);
        return screen.ctx().background().run("quote transfer", () -> {
            WalletSession s = screen.session().get();
            var problemTo = Fields.recipient(to, s.book()::addressOf);
            var problemAmount = Fields.amount(value);
            if (problemTo.isPresent() || problemAmount.isPresent()) {
                return new Prepared(null, null, List.of(), problemTo.orElse(""), problemAmount.orElse(""));
            }
            TransferQuote q = s.quote(me, s.recipient(to), what, value);
            return new Prepared(q, s.summary(q), s.warnings(q), "", "");
        }, p -> {
            msg.busy.set(false);
            if (!to.equals(recipient.text().get()) || !value.equals(amount.text().get()) || what != asset.get()) {
                return; // the fields changed while the transfer was priced: this quote is for other values
            }
            recipient.fail(p.toError());
            amount.fail(p.amountError());
            quote.set(p.quote());
            quoteText.set(p.summary() == null ? "" : p.summary());
            warning.set(String.join("\n", p.warnings()));
        }, m -> {
            msg.busy.set(false);
            // the domain's refusal of an amount (funds, decimals) belongs next to the amount
            if (m.startsWith("insufficient funds") || m.startsWith("invalid amount") || m.contains("more than zero")) {
                amount.fail(m);
            } else {
                msg.error.set(m);
            }
        }).<Void>thenApply(v -> null).exceptionally(e -> null);
    }

    /** Step two: signs the quoted transfer with the password and broadcasts it. */
    CompletableFuture<Void> confirm() {
        TransferQuote q = quote.get();
        msg.clear(Place.SEND);
        if (q == null) {
            msg.error.set("Check the transfer first (Review).");
            return CompletableFuture.completedFuture(null);
        }
        if (!warning.get().isEmpty() && !acceptWarning.get()) {
            msg.error.set("Read the warning about the recipient and tick \"Send anyway\", or cancel.");
            return CompletableFuture.completedFuture(null);
        }
        char[] pw = ActivityActions.takePassword(password);
        if (pw == null) {
            return CompletableFuture.completedFuture(null);
        }
        msg.busy.set(true);
        return screen.ctx().background().run("send transfer", () -> {
            WalletSession s = screen.session().get();
            return s.awaitSettled(s.send(q, pw), SETTLE_WAIT);
        }, tx -> {
            msg.busy.set(false);
            cancel();
            recipient.text().set("");
            amount.text().set("");
            msg.status.set("Sent " + AmountFormat.of(q.amount(), q.asset().symbol(tx.chainId()))
                    + " (" + tx.hash() + "): " + outcome(tx));
        }, m -> {
            ActivityActions.wrongPassword(password, m);
            msg.failed(m);
        }).thenCompose(v -> screen.refresh().get()).exceptionally(e -> null);
    }

    /** Closes the quote: Confirm needs a new Review. */
    void cancel() {
        quote.set(null);
        quoteText.set("");
        warning.set("");
        acceptWarning.set(false);
    }

    /** The wallet locked: the typed password goes, and the quote with it. */
    void forget() {
        password.text().set("");
        cancel();
    }

    /** How a signed transaction stands after the wait, in the words of the status line. */
    static String outcome(PendingTransaction tx) {
        return switch (tx.status()) {
            case CONFIRMED -> "confirmed";
            case FAILED -> "failed on chain" + (tx.error() != null ? ": " + tx.error() : "");
            case REPLACED -> "replaced by another transaction";
            default -> "pending";
        };
    }
}
