package org.poq.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.app.gui.settings.SettingsViewModel;
import org.poq.app.gui.shell.AppContext;
import org.poq.app.service.NetworkChoice;
import org.poq.app.gui.shell.Theme;
import org.poq.core.concurrent.UiExecutor;
import org.poq.network.testing.ProtocolFixture;

class SettingsViewModelTest {
    static ProtocolFixture f;
    @TempDir
    Path dir;

    @BeforeAll
    static void chain() {
        f = ProtocolFixture.start(0, 0);
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void themeAndAutoLockAreKeptInSqliteAcrossRestarts() throws Exception {
        Path descriptor = dir.resolve("net.json");
        f.network().descriptor().write(descriptor);
        try (AppContext ctx = TestContexts.create(dir.resolve("home"), UiExecutor.direct())) {
            ctx.settings().network(new NetworkChoice(NetworkChoice.Kind.DESCRIPTOR_FILE, descriptor.toString()));
            SettingsViewModel vm = new SettingsViewModel(ctx);
            vm.load().join();
            assertThat(vm.themeProperty().get()).isEqualTo(Theme.LIGHT);
            vm.themeProperty().set(Theme.DARK);
            vm.autoLockProperty().set("5");
            vm.save().join();
            assertThat(vm.errorProperty().get()).isEmpty();
            assertThat(vm.appliedThemeProperty().get()).isEqualTo(Theme.DARK);
        }
        try (AppContext again = TestContexts.create(dir.resolve("home"), UiExecutor.direct())) {
            SettingsViewModel vm = new SettingsViewModel(again);
            vm.load().join();
            assertThat(vm.themeProperty().get()).isEqualTo(Theme.DARK);
            assertThat(vm.autoLockProperty().get()).isEqualTo("5");
        }
    }

    @Test
    void badValuesAndAnUnreachableNetworkChangeNothing() throws Exception {
        Path descriptor = dir.resolve("net.json");
        f.network().descriptor().write(descriptor);
        Path dead = dir.resolve("dead.json");
        f.network().descriptor().withRpcUrl("http://127.0.0.1:1").write(dead);
        try (AppContext ctx = TestContexts.create(dir.resolve("home"), UiExecutor.direct())) {
            ctx.settings().network(new NetworkChoice(NetworkChoice.Kind.DESCRIPTOR_FILE, descriptor.toString()));
            SettingsViewModel vm = new SettingsViewModel(ctx);
            vm.load().join();
            vm.autoLockProperty().set("soon");
            vm.save().join();
            assertThat(vm.errorProperty().get()).contains("whole number");
            vm.autoLockProperty().set("0");
            vm.save().join();
            assertThat(vm.errorProperty().get()).contains("between 1 and 1440");

            vm.autoLockProperty().set("20");
            vm.networkValueProperty().set(dead.toString());
            vm.themeProperty().set(Theme.DARK);
            vm.save().join();
            assertThat(vm.errorProperty().get()).isNotEmpty();
            assertThat(ctx.settings().network().value()).isEqualTo(descriptor.toString());
            assertThat(ctx.settings().theme()).isEqualTo(Theme.LIGHT);
            assertThat(vm.appliedThemeProperty().get()).isEqualTo(Theme.LIGHT);
            assertThat(vm.networkValueProperty().get()).as("the input stays for correction").isEqualTo(dead.toString());

            vm.networkValueProperty().set(descriptor.toString());
            vm.save().join();
            assertThat(vm.errorProperty().get()).isEmpty();
            assertThat(ctx.settings().autoLockMinutes()).isEqualTo(20);
        }
    }
}
