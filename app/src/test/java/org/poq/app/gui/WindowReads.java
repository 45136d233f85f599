package org.poq.app.gui;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import org.testfx.api.FxRobot;

/** What a window shows, read on the JavaFX thread: a label's text and a list's items, by node id. */
public final class WindowReads {
    private WindowReads() {
    }

    public static String text(FxRobot robot, String id) {
        AtomicReference<String> out = new AtomicReference<>();
        robot.interact(() -> out.set(robot.lookup(id).queryAs(Labeled.class).getText()));
        return out.get();
    }

    @SuppressWarnings("unchecked")
    public static List<String> items(FxRobot robot, String id) {
        AtomicReference<List<String>> out = new AtomicReference<>();
        robot.interact(() -> out.set(List.copyOf(robot.lookup(id).queryAs(ListView.class).getItems())));
        return out.get();
    }
}
