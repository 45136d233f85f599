package org.poq.app.gui.firstrun;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyListProperty;
import javafx.beans.property.ReadOnlyListWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import org.poq.app.gui.shell.AppContext;
import org.poq.app.service.WalletSession;
import org.poq.app.service.NetworkChoice;
import org.poq.app.gui.shell.Settings;
import org.poq.core.Sha256;
import org.poq.network.PoqNetwork;
import org.poq.network.devnet.DevnetFaucet;
import org.poq.evaluator.DefaultEvaluator;
import org.poq.wallet.InvalidInputException;
import org.poq.wallet.keys.Mnemonics;
import org.poq.wallet.keys.SeedConfirmation;
import org.poq.wallet.keys.SeedPhrase;
import org.poq.wallet.keys.WalletVault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.concurrent.atomic.AtomicReference;

/**
 * First start: a new wallet (phrase shown once, then three of its words asked back) or a restored
 * one, the network, and the model family and evaluator to use. The network is reached before the
 * wallet is written, so an unreachable node costs nothing and every field keeps its value.
 */
public final class FirstRunViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(FirstRunViewModel.class);
    public enum Mode { CREATE, RESTORE }

    /**
     * The card an error is about, where it is shown under the fields as well as beside the button (issue
     * 27: errors showed only at the bottom of the long form, out of view while typing a password above).
     */
    public enum Section { WALLET, NETWORK }

    /** An evaluator the user can pick; the bundled one works offline. */
    public record EvaluatorOption(Sha256 id, String label) {
        @Override
        public String toString() {
            return label;
        }
    }

    private final AppContext ctx;
    private final ObjectProperty<Mode> mode = new SimpleObjectProperty<>(Mode.CREATE);
    private final ReadOnlyListWrapper<String> words = new ReadOnlyListWrapper<>(FXCollections.observableArrayList());
    private final ReadOnlyListWrapper<Integer> confirmPositions = new ReadOnlyListWrapper<>(FXCollections.observableArrayList());
    private final Map<Integer, StringProperty> confirmAnswers = new HashMap<>();
    private final StringProperty restorePhrase = new SimpleStringProperty("");
    private final StringProperty passphrase = new SimpleStringProperty("");
    private final ReadOnlyBooleanWrapper checking = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper phraseNotice = new ReadOnlyStringWrapper("");
    private final BooleanProperty discoverAccounts = new SimpleBooleanProperty(true);
    private boolean replaceArmed;
    private final StringProperty password = new SimpleStringProperty("");
    private final StringProperty repeat = new SimpleStringProperty("");
    private final ObjectProperty<NetworkChoice.Kind> networkKind = new SimpleObjectProperty<>(NetworkChoice.Kind.LOCAL_DEVNET);
    private final StringProperty networkValue = new SimpleStringProperty("");
    private final StringProperty modelFamily = new SimpleStringProperty(Settings.DEFAULT_FAMILY);
    private final ReadOnlyListWrapper<EvaluatorOption> evaluators = new ReadOnlyListWrapper<>(FXCollections.observableArrayList(
            new EvaluatorOption(DefaultEvaluator.id(), "all-MiniLM-L6-v2 (bundled, offline)")));
    private final ObjectProperty<EvaluatorOption> evaluator = new SimpleObjectProperty<>(evaluators.get(0));
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Section> errorSection = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper done = new ReadOnlyBooleanWrapper(false);
    private SeedPhrase phrase;
    private SeedConfirmation confirmation;

    public FirstRunViewModel(AppContext ctx) {
        this.ctx = ctx;
        // an error about the other mode ("Create a recovery phrase first." in Restore) no longer applies
        mode.addListener((o, a, b) -> fail(null, ""));
    }

    private void fail(Section where, String message) {
        errorSection.set(message.isEmpty() ? null : where);
        error.set(message);
    }

    /**
     * Makes a fresh 12-word phrase to show; asks for three of its words before the wallet is made.
     * Replacing a phrase already shown takes a second click: the user may have written it down.
     */
    public void generatePhrase() {
        if (phrase != null && !replaceArmed) {
            replaceArmed = true;
            phraseNotice.set("This replaces the phrase shown before: a copy you wrote of it becomes useless. "
                    + "Click again to show a new phrase.");
            return;
        }
        replaceArmed = false;
        phraseNotice.set("");
        checking.set(false);
        discardPhrase();
        phrase = Mnemonics.generate(12, new SecureRandom());
        confirmation = SeedConfirmation.of(phrase);
        words.setAll(phrase.words());
        confirmAnswers.clear();
        // answers first: the view binds to them as soon as the positions change
        confirmation.positions().forEach(p -> confirmAnswers.put(p, new SimpleStringProperty("")));
        confirmPositions.setAll(confirmation.positions());
        fail(null, "");
    }

    /** "I wrote them down": hides the words, so the check that follows proves the paper copy, not the screen. */
    public void wroteThemDown() {
        if (phrase != null) {
            words.clear();
            checking.set(true);
            replaceArmed = false;
            phraseNotice.set("");
        }
    }

    /** Back to the words (the answers typed so far are cleared). */
    public void showWordsAgain() {
        if (phrase != null) {
            words.setAll(phrase.words());
        }
        checking.set(false);
        confirmAnswers.values().forEach(p -> p.set(""));
    }

    public StringProperty confirmAnswer(int position) {
        StringProperty p = confirmAnswers.get(position);
        if (p == null) {
            throw new IllegalArgumentException("word " + position + " is not asked");
        }
        return p;
    }

    /** Checks the input, connects, then writes the wallet and the settings. */
    public CompletableFuture<Void> finish() {
        fail(null, "");
        String problem = checkPassword();
        if (problem == null) {
            problem = mode.get() == Mode.CREATE ? checkConfirmation() : null;
        }
        if (problem != null) {
            fail(Section.WALLET, problem);
            return CompletableFuture.completedFuture(null);
        }
        SeedPhrase chosen;
        try {
            chosen = mode.get() == Mode.CREATE ? phrase : Mnemonics.parse(restorePhrase.get().toCharArray());
        } catch (InvalidInputException | IllegalArgumentException e) {
            fail(Section.WALLET, "The recovery phrase is not valid: " + e.getMessage());
            return CompletableFuture.completedFuture(null);
        }
        NetworkChoice choice = new NetworkChoice(networkKind.get(), networkValue.get());
        char[] pw = password.get().toCharArray();
        char[] extra = passphrase.get().toCharArray();
        boolean restoring = mode.get() == Mode.RESTORE && discoverAccounts.get();
        String family = modelFamily.get().isBlank() ? Settings.DEFAULT_FAMILY : modelFamily.get().trim();
        Sha256 evaluatorId = evaluator.get().id();
        busy.set(true);
        // each step said as it starts: the whole takes about 25 s on a new local devnet (issue 27)
        String connecting = choice.kind() == NetworkChoice.Kind.LOCAL_DEVNET
                ? "Starting the local devnet and deploying its contracts (step 1 of 3)..." : "Connecting to the network (step 1 of 3)...";
        status.set(connecting);
        AtomicReference<Section> step = new AtomicReference<>(Section.NETWORK);
        return ctx.background().run("first run", () -> {
            PoqNetwork net = ctx.connection().connect(choice);
            Settings s = ctx.settings();
            step.set(Section.WALLET);
            say("Writing the wallet, sealed with the password (step 2 of 3)...");
            WalletVault vault = ctx.wallet().create(chosen, extra, pw, Duration.ofMinutes(s.autoLockMinutes()));
            step.set(null);
            if (restoring) {
                say("Finding the accounts this phrase already used (step 3 of 3)...");
                discover(net, vault);
            }
            s.network(choice);
            s.modelFamily(family);
            s.evaluatorId(evaluatorId);
            s.setupDone(true);
            if (choice.kind() == NetworkChoice.Kind.LOCAL_DEVNET) {
                // a new wallet on the devnet would start with nothing to ask with or stake
                say("Giving the first account test POQ and coins for fees (step 3 of 3)...");
                try {
                    DevnetFaucet.fund(net, vault.accounts().get(0).address());
                } catch (RuntimeException e) {
                    LOG.warn("the devnet faucet failed ({}); the Wallet screen offers it again", e.getMessage());
                }
            }
            return null;
        }, ok -> {
            busy.set(false);
            status.set("Wallet created.");
            password.set("");
            repeat.set("");
            restorePhrase.set("");
            passphrase.set("");
            discardPhrase();
            done.set(true);
        }, message -> {
            busy.set(false);
            status.set("");
            fail(step.get(), message);
        }).<Void>thenApply(v -> null).exceptionally(e -> null);
    }

    /** A progress line from the background step, shown on the UI thread. */
    private void say(String line) {
        ctx.background().ui().execute(() -> {
            if (busy.get()) {
                status.set(line);
            }
        });
    }

    /** A restored phrase may have used several accounts (a validator on account 2): find them, as MetaMask does. */
    private static void discover(PoqNetwork net, WalletVault vault) {
        try {
            WalletSession.discoverAccounts(net, vault);
        } catch (RuntimeException e) {
            LOG.warn("account discovery failed ({}); accounts can be added on the Wallet screen", e.getMessage());
        }
    }

    private String checkPassword() {
        if (password.get().length() < 8) {
            return "The password needs at least 8 characters.";
        }
        if (!password.get().equals(repeat.get())) {
            return "The two passwords differ.";
        }
        return null;
    }

    private String checkConfirmation() {
        if (phrase == null) {
            return "Create a recovery phrase first.";
        }
        if (!checking.get()) {
            return "Write the words down, then click \"I wrote them down\" and type the words asked for.";
        }
        Map<Integer, char[]> answers = new HashMap<>();
        confirmAnswers.forEach((p, v) -> answers.put(p, v.get().trim().toCharArray()));
        List<Integer> wrong = new ArrayList<>(confirmation.check(answers));
        if (!wrong.isEmpty()) {
            return SeedConfirmation.mismatch(wrong) + ": check those words of the recovery phrase against what you wrote down.";
        }
        return null;
    }

    private void discardPhrase() {
        if (phrase != null) {
            phrase.destroy();
            phrase = null;
        }
        words.clear();
    }

    public ObjectProperty<Mode> modeProperty() { return mode; }
    public ReadOnlyListProperty<String> words() { return words.getReadOnlyProperty(); }
    public ReadOnlyListProperty<Integer> confirmPositions() { return confirmPositions.getReadOnlyProperty(); }
    public StringProperty restorePhraseProperty() { return restorePhrase; }
    public StringProperty passphraseProperty() { return passphrase; }
    public BooleanProperty discoverAccountsProperty() { return discoverAccounts; }
    public ReadOnlyBooleanProperty checkingProperty() { return checking.getReadOnlyProperty(); }
    public ReadOnlyStringProperty phraseNoticeProperty() { return phraseNotice.getReadOnlyProperty(); }
    public StringProperty passwordProperty() { return password; }
    public StringProperty repeatProperty() { return repeat; }
    public ObjectProperty<NetworkChoice.Kind> networkKindProperty() { return networkKind; }
    public StringProperty networkValueProperty() { return networkValue; }
    public StringProperty modelFamilyProperty() { return modelFamily; }
    public ReadOnlyListProperty<EvaluatorOption> evaluators() { return evaluators.getReadOnlyProperty(); }
    public ObjectProperty<EvaluatorOption> evaluatorProperty() { return evaluator; }
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }
    /** The card the error is about (null when there is none, or it is about no card). */
    public ReadOnlyObjectProperty<Section> errorSectionProperty() { return errorSection.getReadOnlyProperty(); }
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty busyProperty() { return busy.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty doneProperty() { return done.getReadOnlyProperty(); }
}
