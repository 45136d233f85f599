package org.poq.app.gui.wallet;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.poq.app.gui.shell.AppContext;
import org.poq.app.service.WalletSession;

/**
 * What the parts of the wallet screen ({@link SendFlow}, {@link ActivityActions}, {@link BackupActions},
 * {@link AddressBookModel}) share with the {@link WalletViewModel} that holds them: the app, the messages,
 * the application layer's session (made once per network and wallet), the selected account (its address,
 * its name for a message, and switching to another) and a reload of the whole screen.
 */
record WalletScreen(AppContext ctx, WalletMessages messages, Supplier<WalletSession> session, Supplier<String> account,
                    Supplier<String> accountLabel, Consumer<String> select, Supplier<CompletableFuture<Void>> refresh) {
}
