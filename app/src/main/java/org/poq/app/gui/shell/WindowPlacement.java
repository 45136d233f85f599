package org.poq.app.gui.shell;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import javafx.geometry.Rectangle2D;

/**
 * Where the window opens: where it was last closed, if that is still on a screen, else 1180x800 (or
 * the screen's size, when smaller) centred on the primary screen. A saved place that now hangs off
 * every screen (a monitor unplugged, a resolution lowered) is pulled back so the whole title bar
 * can be grabbed. Kept in a small file beside the database (not in it: the database is never read
 * on the FX thread, and the window is placed there).
 */
public record WindowPlacement(double x, double y, double width, double height) {
    public static final double DEFAULT_WIDTH = 1180;
    public static final double DEFAULT_HEIGHT = 800;
    public static final String FILE = "window.properties";

    /** The place for the window on {@code screens} (visual bounds; the first is the primary), never smaller than the minimum. */
    public static WindowPlacement choose(Optional<WindowPlacement> saved, List<Rectangle2D> screens, double minWidth, double minHeight) {
        Rectangle2D primary = screens.get(0);
        if (saved.isPresent()) {
            WindowPlacement s = saved.get();
            Rectangle2D on = screens.stream().filter(r -> r.intersects(s.x(), s.y(), s.width(), Math.min(s.height(), 40)))
                    .findFirst().orElse(null);
            if (on != null) {
                return fitInto(s, on, minWidth, minHeight);
            }
        }
        double w = Math.max(minWidth, Math.min(DEFAULT_WIDTH, primary.getWidth()));
        double h = Math.max(minHeight, Math.min(DEFAULT_HEIGHT, primary.getHeight()));
        return new WindowPlacement(primary.getMinX() + Math.max(0, (primary.getWidth() - w) / 2),
                primary.getMinY() + Math.max(0, (primary.getHeight() - h) / 2), w, h);
    }

    /** The saved size (at most the screen's) moved so it lies wholly on {@code screen}, its top edge included. */
    private static WindowPlacement fitInto(WindowPlacement s, Rectangle2D screen, double minWidth, double minHeight) {
        double w = Math.max(minWidth, Math.min(s.width(), screen.getWidth()));
        double h = Math.max(minHeight, Math.min(s.height(), screen.getHeight()));
        double x = Math.max(screen.getMinX(), Math.min(s.x(), screen.getMaxX() - w));
        double y = Math.max(screen.getMinY(), Math.min(s.y(), screen.getMaxY() - h));
        return new WindowPlacement(x, y, w, h);
    }

    /** The place saved in {@code home}, if any and readable; a damaged file is as no file. */
    public static Optional<WindowPlacement> load(Path home) {
        Path file = home.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
            WindowPlacement w = new WindowPlacement(Double.parseDouble(p.getProperty("x")), Double.parseDouble(p.getProperty("y")),
                    Double.parseDouble(p.getProperty("width")), Double.parseDouble(p.getProperty("height")));
            return w.width() > 0 && w.height() > 0 && Double.isFinite(w.x()) && Double.isFinite(w.y()) ? Optional.of(w) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Writes this place into {@code home}; a failure only loses the place, so it is not an error. */
    public void save(Path home) {
        Properties p = new Properties();
        p.setProperty("x", Double.toString(x));
        p.setProperty("y", Double.toString(y));
        p.setProperty("width", Double.toString(width));
        p.setProperty("height", Double.toString(height));
        try {
            Files.createDirectories(home);
            try (Writer w = Files.newBufferedWriter(home.resolve(FILE))) {
                p.store(w, "PoQ Desktop window");
            }
        } catch (IOException e) {
            // the next start opens at the default place
        }
    }
}
