package org.poq.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppPathsTest {
    private final Path home = Path.of("/home/ada");

    @Test
    void linuxUsesXdgDataHome() {
        assertThat(AppPaths.resolveHome(Map.of(), null, "Linux", home)).isEqualTo(Path.of("/home/ada/.local/share/poq"));
        assertThat(AppPaths.resolveHome(Map.of("XDG_DATA_HOME", "/data"), null, "Linux", home)).isEqualTo(Path.of("/data/poq"));
    }

    @Test
    void overridesWin() {
        assertThat(AppPaths.resolveHome(Map.of("POQ_HOME", "/x"), null, "Linux", home)).isEqualTo(Path.of("/x"));
        assertThat(AppPaths.resolveHome(Map.of("POQ_HOME", "/x"), "/y", "Linux", home)).isEqualTo(Path.of("/y"));
    }

    @Test
    void macAndWindowsFolders() {
        assertThat(AppPaths.resolveHome(Map.of(), null, "Mac OS X", home))
                .isEqualTo(Path.of("/home/ada/Library/Application Support/PoQ"));
        assertThat(AppPaths.resolveHome(Map.of("APPDATA", "C:/Users/ada/AppData/Roaming"), null, "Windows 11", home))
                .isEqualTo(Path.of("C:/Users/ada/AppData/Roaming/PoQ"));
    }
}
