package org.poq.app.gui.wallet;

import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.poq.app.gui.wallet.WalletViewModel.Place;

/**
 * What the wallet screen says after an action, and where: beside the action that produced it, so its
 * result is in view (issue 27). Every part of the screen writes here; only the FX thread touches it.
 */
final class WalletMessages {
    final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    final ReadOnlyStringWrapper backupStatus = new ReadOnlyStringWrapper("");
    final ReadOnlyObjectWrapper<Place> place = new ReadOnlyObjectWrapper<>(Place.ACCOUNTS);
    final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);

    /** Clears the messages; the next ones show in {@code where}, the card of the action that runs now. */
    void clear(Place where) {
        place.set(where);
        error.set("");
        status.set("");
        backupStatus.set("");
    }

    /** A background action that kept the screen busy ended with this failure. */
    void failed(String message) {
        busy.set(false);
        error.set(message);
    }
}
