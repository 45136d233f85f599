package org.poq.app.gui.shell;

import java.util.function.Supplier;
import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.util.Duration;
import org.kordamp.ikonli.feather.Feather;
import org.poq.core.AmountFormat;
import org.poq.core.TokenAmount;

/**
 * Copy to the clipboard the way every screen does it: a button that says "Copied" for a moment
 * (so the user sees it worked), and a shown amount whose tooltip and copy hold the exact value,
 * every digit, while the label shows the rounded one ({@link AmountFormat}).
 */
public final class Copying {
    static final Duration FEEDBACK = Duration.seconds(1.5);

    private Copying() {
    }

    public static void put(String text) {
        ClipboardContent c = new ClipboardContent();
        c.putString(text);
        Clipboard.getSystemClipboard().setContent(c);
    }

    /** A button that copies {@code text} and reads "Copied" for a moment. */
    public static Button button(String label, Supplier<String> text) {
        Button b = new Button(label, Ui.icon(Feather.COPY));
        PauseTransition back = new PauseTransition(FEEDBACK);
        back.setOnFinished(e -> b.setText(label));
        b.setOnAction(e -> {
            String t = text.get();
            if (t == null || t.isEmpty()) {
                return;
            }
            put(t);
            b.setText("Copied");
            back.playFromStart();
        });
        return b;
    }

    /** A label showing {@code amount} rounded, with the exact value as tooltip and on "Copy exact amount". */
    public static Label amount(ObservableValue<TokenAmount> amount, ObservableValue<String> symbol) {
        Label l = new Label();
        l.textProperty().bind(Bindings.createStringBinding(
                () -> amount.getValue() == null ? "-" : AmountFormat.of(amount.getValue(), symbol.getValue()), amount, symbol));
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(Bindings.createStringBinding(
                () -> amount.getValue() == null ? "" : AmountFormat.exact(amount.getValue(), symbol.getValue()), amount, symbol));
        l.setTooltip(tip);
        MenuItem copy = new MenuItem("Copy exact amount");
        copy.setOnAction(e -> {
            if (amount.getValue() != null) {
                put(AmountFormat.exact(amount.getValue()));
            }
        });
        l.setContextMenu(new ContextMenu(copy));
        return l;
    }
}
