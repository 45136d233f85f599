package org.poq.app.gui.shell;

import javafx.scene.Node;
import org.kordamp.ikonli.feather.Feather;

/** One entry of the navigation: its view, and what to do each time it is shown (usually a refresh). */
public record Screen(String id, String title, Feather icon, Node view, Runnable onShow) {
}
