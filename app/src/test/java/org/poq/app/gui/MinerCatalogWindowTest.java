package org.poq.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Labeled;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.poq.app.gui.miner.MinerView;
import org.poq.app.gui.miner.MinerViewModel;
import org.poq.app.gui.miner.ModelCatalogViewModel;
import org.poq.app.gui.shell.AppContext;
import org.poq.app.service.ModelCatalogService;
import org.poq.app.service.TestCatalogs;
import org.poq.miner.catalog.CatalogPulls;
import org.poq.miner.catalog.ModelCatalog;
import org.poq.miner.hardware.HardwareInfo;
import org.poq.miner.library.FakeModelHost;
import org.poq.miner.library.HostHashes;
import org.poq.miner.library.ModelDownloader;
import org.poq.miner.library.ModelLibrary;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Miner screen's model catalog in a real JavaFX window (Monocle, headless) over a local host
 * imitating Hugging Face and a real SQLite library: a click on a row's Download pulls the model
 * (hash read from the host, every byte verified) into the library and the row says so; a model too
 * big for this machine says "does not fit" and cannot be downloaded; the filter hides it.
 */
@ExtendWith(ApplicationExtension.class)
class MinerCatalogWindowTest {
    /** 2 TB of weights at about 8.5 bits: no laptop holds it, so its row must refuse the download. */
    private static final String GIANT = """
            {"name": "giant", "displayName": "Giant Model", "family": "giant-family", "licence": "giant-licence", "gating": "not gated",
             "architecture": "llama", "parametersBillions": 2000,
             "shape": {"layers": 2, "kvHeads": 2, "keyLength": 16, "valueLength": 16, "vocabulary": 400},
             "contextLength": 512, "recommendedContext": 256, "minEngine": "3.0.0", "demoRank": 9,
             "quants": [{"quant": "Q8_0", "repo": "test/giant-GGUF", "revision": "main", "unpinned": true, "hashSource": null,
                         "files": [{"name": "giant-q8_0.gguf", "size": null, "sha256": null}]}]},
            """;
    private final HardwareInfo laptop = new HardwareInfo("test CPU", 4, 16L << 30, 8L << 30, List.of());

    @TempDir
    Path dir;
    FakeModelHost host;
    AppContext ctx;
    MinerViewModel vm;

    @Start
    void start(Stage stage) throws Exception {
        host = new FakeModelHost();
        ctx = TestContexts.create(dir.resolve("home"), Platform::runLater);
        ctx.wallet().create(org.poq.wallet.keys.Mnemonics.parse(TestContexts.PHRASE.toCharArray()), TestContexts.PASSWORD.toCharArray(),
                Duration.ofHours(1));
        String json = TestCatalogs.serveAndDescribe(host, java.nio.file.Files.createDirectories(dir.resolve("files")), 1, "3.0.0").replace("\"models\": [", "\"models\": [" + GIANT);
        ModelCatalog catalog = ModelCatalog.parse(json, ModelCatalog.HUGGING_FACE);
        vm = new MinerViewModel(ctx, () -> new ModelCatalogService(catalog,
                new ModelLibrary(ctx.db(), ctx.paths().models(),
                        new ModelDownloader(HttpClient.newHttpClient(), 2, Duration.ofMillis(10), Duration.ofSeconds(5))),
                new CatalogPulls(ctx.db()), new HostHashes(HttpClient.newHttpClient(), Duration.ofSeconds(5)), () -> laptop));
        javafx.application.Application.setUserAgentStylesheet(org.poq.app.gui.shell.Theme.LIGHT.userAgentStylesheet());
        Scene scene = new Scene(new MinerView(vm), 1180, 1390);
        scene.getStylesheets().add(PoqApp.class.getResource("poq.css").toExternalForm());
        stage.setScene(scene);
        stage.setX(0); // unplaced, Monocle leaves the window at x = NaN and a click lands nowhere
        stage.setY(0);
        stage.show();
    }

    @AfterEach
    void close() {
        ctx.close();
        host.close();
    }

    private static String text(FxRobot robot, String id) {
        AtomicReference<String> out = new AtomicReference<>();
        robot.interact(() -> out.set(robot.lookup(id).queryAs(Labeled.class).getText()));
        return out.get();
    }

    private static boolean disabled(FxRobot robot, String id) {
        AtomicReference<Boolean> out = new AtomicReference<>();
        robot.interact(() -> out.set(robot.lookup(id).queryAs(Button.class).isDisabled()));
        return out.get();
    }

    private void loaded(FxRobot robot) {
        vm.load().join();
        WaitForAsyncUtils.waitForFxEvents();
        Await.until("the catalog rows", () -> robot.lookup("#miner-catalog-pull-tiny-Q4_K_M").tryQuery().isPresent());
    }

    @Test
    void aClickOnDownloadPullsTheRowIntoTheLibraryAndTheRowSaysSo(FxRobot robot) {
        loaded(robot);
        assertThat(text(robot, "#miner-catalog-row-tiny-Q8_0"))
                .isEqualTo("Tiny Llama 3 · Q8_0 · size unknown · licence test · CPU only");
        assertThat(text(robot, "#miner-catalog-state-tiny-Q8_0")).isEmpty();
        assertThat(vm.models()).isEmpty();

        robot.clickOn("#miner-catalog-pull-tiny-Q8_0");
        Await.until("the pulled model in the library", () -> vm.models().size() == 1
                && robot.lookup("#miner-catalog-state-tiny-Q8_0").tryQuery().map(n -> "downloaded".equals(((Labeled) n).getText())).orElse(false));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.libraryStatusProperty().get()).startsWith("Downloaded and verified");
        assertThat(vm.modelProperty().get()).as("the pulled model is chosen for mining").isEqualTo(vm.models().get(0));
        assertThat(vm.node().errorProperty().get()).isEmpty();
        assertThat(text(robot, "#miner-catalog-status")).as("the host's hash, said in words")
                .startsWith("tiny-q8_0.gguf: SHA-256 ");
        assertThat(disabled(robot, "#miner-catalog-pull-tiny-Q8_0")).as("nothing left to download").isTrue();
        assertThat(text(robot, "#miner-catalog-row-tiny-Q8_0")).as("the size now known from the file").doesNotContain("size unknown");
        assertThat(disabled(robot, "#miner-catalog-pull-tiny-Q4_K_M")).isFalse();

        // the file deleted behind the app's back: the row says so and offers the download again
        robot.interact(() -> {
            try {
                java.nio.file.Files.delete(vm.models().get(0).path());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        vm.catalog().load().join();
        WaitForAsyncUtils.waitForFxEvents();
        Await.until("files missing", () -> "downloaded, files missing".equals(text(robot, "#miner-catalog-state-tiny-Q8_0")));
        assertThat(disabled(robot, "#miner-catalog-pull-tiny-Q8_0")).isFalse();
    }

    @Test
    void aModelTooBigForThisMachineSaysDoesNotFitAndCannotBeDownloaded(FxRobot robot) {
        loaded(robot);
        assertThat(text(robot, "#miner-catalog-row-giant-Q8_0"))
                .isEqualTo("Giant Model · Q8_0 · size unknown · licence giant-licence · does not fit");
        assertThat(disabled(robot, "#miner-catalog-pull-giant-Q8_0")).isTrue();
        // the view model refuses it too, in words, and nothing is asked of the host
        ModelCatalogViewModel.CatalogRow giant = vm.catalog().rows().stream()
                .filter(r -> r.row().label().equals("giant:Q8_0")).findFirst().orElseThrow();
        robot.interact(() -> vm.catalog().pull(giant));
        assertThat(vm.catalog().statusProperty().get()).startsWith("Giant Model does not fit this machine: about 1979.1 GiB of weights");
        assertThat(vm.downloadingProperty().get()).isFalse();

        robot.interact(() -> vm.catalog().filterProperty().set(ModelCatalogViewModel.Filter.FITS));
        Await.until("the filtered list", () -> vm.catalog().rows().size() == 3);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#miner-catalog-row-giant-Q8_0").tryQuery()).isEmpty();
        assertThat(robot.lookup("#miner-catalog-row-tiny-Q4_K_M").tryQuery()).isPresent();
    }

    @Test
    void aHostThatIsGoneIsAFailureInWordsUnderTheListAndLeavesTheLibraryEmpty(FxRobot robot) {
        loaded(robot);
        host.close();
        robot.clickOn("#miner-catalog-pull-tiny-Q4_K_M");
        Await.until("the failure", () -> text(robot, "#miner-catalog-status").startsWith("Download failed: "));
        assertThat(text(robot, "#miner-catalog-status")).doesNotContain("Exception").doesNotContain("null");
        assertThat(vm.models()).isEmpty();
        assertThat(vm.downloadingProperty().get()).isFalse();
        assertThat(disabled(robot, "#miner-catalog-pull-tiny-Q4_K_M")).as("a second try is possible").isFalse();
    }
}
