package org.poq.app.gui.settings;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.poq.app.gui.shell.AppContext;
import org.poq.app.service.NetworkChoice;
import org.poq.app.gui.shell.Settings;
import org.poq.app.gui.shell.Theme;

/**
 * Settings kept in SQLite: theme, auto-lock, network, model family. {@link #appliedThemeProperty()}
 * changes only once a theme is saved, and the window follows it.
 */
public final class SettingsViewModel {
    private final AppContext ctx;
    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(Theme.LIGHT);
    private final ReadOnlyObjectWrapper<Theme> appliedTheme = new ReadOnlyObjectWrapper<>(Theme.LIGHT);
    private final StringProperty autoLock = new SimpleStringProperty("15");
    private final ObjectProperty<NetworkChoice.Kind> networkKind = new SimpleObjectProperty<>(NetworkChoice.Kind.LOCAL_DEVNET);
    private final StringProperty networkValue = new SimpleStringProperty("");
    private final StringProperty modelFamily = new SimpleStringProperty(Settings.DEFAULT_FAMILY);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private NetworkChoice loadedNetwork;

    public SettingsViewModel(AppContext ctx) {
        this.ctx = ctx;
        // "Saved." is about the values as saved: an edit makes it stale, so it goes (issue 27: it stayed)
        InvalidationListener stale = o -> status.set("");
        for (Observable p : List.of(theme, autoLock, networkKind, networkValue, modelFamily)) {
            p.addListener(stale);
        }
    }

    private record Loaded(Theme theme, int autoLock, NetworkChoice network, String family) {
    }

    public CompletableFuture<Void> load() {
        return ctx.background().run("load settings", () -> {
            Settings s = ctx.settings();
            return new Loaded(s.theme(), s.autoLockMinutes(), s.network(), s.modelFamily());
        }, l -> {
            theme.set(l.theme());
            appliedTheme.set(l.theme());
            autoLock.set(Integer.toString(l.autoLock()));
            networkKind.set(l.network().kind());
            networkValue.set(l.network().value());
            modelFamily.set(l.family());
            loadedNetwork = l.network();
        }, error::set).<Void>thenApply(v -> null).exceptionally(e -> null);
    }

    /** Validates and stores; a changed network is connected first and kept only if it answers. */
    public CompletableFuture<Void> save() {
        error.set("");
        status.set("");
        int minutes;
        try {
            minutes = Integer.parseInt(autoLock.get().trim());
        } catch (NumberFormatException e) {
            error.set("Auto-lock must be a whole number of minutes.");
            return CompletableFuture.completedFuture(null);
        }
        if (minutes < 1 || minutes > 1440) {
            error.set("Auto-lock must be between 1 and 1440 minutes.");
            return CompletableFuture.completedFuture(null);
        }
        if (modelFamily.get().isBlank()) {
            error.set("The model family cannot be empty.");
            return CompletableFuture.completedFuture(null);
        }
        Theme t = theme.get();
        NetworkChoice n = new NetworkChoice(networkKind.get(), networkValue.get());
        boolean reconnect = !n.equals(loadedNetwork);
        String family = modelFamily.get().trim();
        return ctx.background().run("save settings", () -> {
            if (reconnect) {
                ctx.connection().connect(n);
            }
            Settings s = ctx.settings();
            s.network(n);
            s.theme(t);
            s.autoLockMinutes(minutes);
            s.modelFamily(family);
            ctx.wallet().vault().ifPresent(v -> v.setIdleTimeout(Duration.ofMinutes(minutes)));
            return null;
        }, v -> {
            appliedTheme.set(t);
            loadedNetwork = n;
            status.set("Saved.");
        }, error::set).<Void>thenApply(v -> null).exceptionally(e -> null);
    }

    public ObjectProperty<Theme> themeProperty() { return theme; }
    public ReadOnlyObjectProperty<Theme> appliedThemeProperty() { return appliedTheme.getReadOnlyProperty(); }
    public StringProperty autoLockProperty() { return autoLock; }
    public ObjectProperty<NetworkChoice.Kind> networkKindProperty() { return networkKind; }
    public StringProperty networkValueProperty() { return networkValue; }
    public StringProperty modelFamilyProperty() { return modelFamily; }
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
}
