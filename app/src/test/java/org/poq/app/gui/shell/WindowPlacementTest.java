package org.poq.app.gui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 27, item 8: the window opened at its minimum size on a 1280x900 screen, forgot its place, and came back half off-screen. */
class WindowPlacementTest {
    static final Rectangle2D SCREEN = new Rectangle2D(0, 0, 1280, 900);
    @TempDir
    Path home;

    @Test
    void theFirstLaunchOpensAt1180x800CentredWhereTheScreenAllows() {
        WindowPlacement p = WindowPlacement.choose(Optional.empty(), List.of(SCREEN), 900, 650);
        assertThat(p).isEqualTo(new WindowPlacement(50, 50, 1180, 800));
        WindowPlacement small = WindowPlacement.choose(Optional.empty(), List.of(new Rectangle2D(0, 0, 1024, 700)), 900, 650);
        assertThat(small).isEqualTo(new WindowPlacement(0, 0, 1024, 700));
    }

    @Test
    void theSizeAndPlaceAreRememberedAcrossLaunches() {
        new WindowPlacement(100, 60, 1000, 700).save(home);
        Optional<WindowPlacement> saved = WindowPlacement.load(home);
        assertThat(saved).contains(new WindowPlacement(100, 60, 1000, 700));
        assertThat(WindowPlacement.choose(saved, List.of(SCREEN), 900, 650)).isEqualTo(new WindowPlacement(100, 60, 1000, 700));
    }

    @Test
    void aPlaceOffTheScreenIsPulledBackSoTheTitleBarCanBeGrabbed() {
        // the title bar above the top edge, and the right half past the right edge
        WindowPlacement p = WindowPlacement.choose(Optional.of(new WindowPlacement(800, -30, 1180, 800)), List.of(SCREEN), 900, 650);
        assertThat(p).isEqualTo(new WindowPlacement(100, 0, 1180, 800));
        // a second monitor, since unplugged: back on the primary at the default place
        WindowPlacement gone = WindowPlacement.choose(Optional.of(new WindowPlacement(3000, 100, 1180, 800)), List.of(SCREEN), 900, 650);
        assertThat(gone).isEqualTo(new WindowPlacement(50, 50, 1180, 800));
        // a place on the second monitor while it is there stays there
        Rectangle2D right = new Rectangle2D(1280, 0, 1920, 1080);
        assertThat(WindowPlacement.choose(Optional.of(new WindowPlacement(1500, 100, 1180, 800)), List.of(SCREEN, right), 900, 650))
                .isEqualTo(new WindowPlacement(1500, 100, 1180, 800));
    }

    @Test
    void aDamagedFileIsAsNoFile() throws Exception {
        Files.writeString(home.resolve(WindowPlacement.FILE), "x=left\n");
        assertThat(WindowPlacement.load(home)).isEmpty();
    }
}
