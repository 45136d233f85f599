package org.poq.app.gui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.testfx.util.WaitForAsyncUtils;

/** Writes a scene as PNG into -Dpoq.screenshots.dir (target/screenshots by default; docs/screenshots to refresh the docs). */
final class Screenshots {
    private Screenshots() {
    }

    static void write(Scene scene, String name) throws IOException {
        WaitForAsyncUtils.waitForFxEvents();
        String target = System.getProperty("poq.screenshots.dir");
        if (target == null) {
            return;
        }
        AtomicReference<WritableImage> image = new AtomicReference<>();
        WaitForAsyncUtils.asyncFx(() -> image.set(scene.snapshot(null)));
        WaitForAsyncUtils.waitForFxEvents();
        Path out = Path.of(target);
        Files.createDirectories(out);
        ImageIO.write(SwingFXUtils.fromFXImage(image.get(), null), "png", out.resolve(name + ".png").toFile());
    }
}
