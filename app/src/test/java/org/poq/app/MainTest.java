package org.poq.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void withoutADisplay_theWindowIsNotTriedAndTheMessageSaysWhatToDo() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = Main.openWindow(Map.of("HOME", "/home/u"), "Linux", new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String message = bytes.toString(StandardCharsets.UTF_8);
        assertThat(code).isEqualTo(2);
        assertThat(message).contains("no display").contains("DISPLAY").contains("./poq --help").doesNotContain("Exception");
    }

    @Test
    void aDisplayIsNeededOnlyWhereWindowsGoThroughXOrWayland() {
        assertThat(Main.missingDisplay(Map.of(), "Linux")).isPresent();
        assertThat(Main.missingDisplay(Map.of("DISPLAY", " "), "FreeBSD")).isPresent();
        assertThat(Main.missingDisplay(Map.of("DISPLAY", ":0"), "Linux")).isEmpty();
        assertThat(Main.missingDisplay(Map.of("WAYLAND_DISPLAY", "wayland-0"), "Linux")).isEmpty();
        assertThat(Main.missingDisplay(Map.of(), "Windows 11")).isEmpty();
        assertThat(Main.missingDisplay(Map.of(), "Mac OS X")).isEmpty();
    }
}
