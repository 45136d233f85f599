package org.poq.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Points `poq` (the poq.home property) at a fresh temporary data folder for a test class, and restores
 * the previous value afterwards: commands run in-process must never touch the user's data folder.
 */
final class TempPoqHome implements BeforeAllCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(TempPoqHome.class);
    private static Path current;

    static Path path() {
        return current;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        context.getStore(NS).put("previous", String.valueOf(System.getProperty("poq.home")));
        current = Files.createTempDirectory("poq-home");
        System.setProperty("poq.home", current.toString());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        String previous = context.getStore(NS).get("previous", String.class);
        if (previous == null || previous.equals("null")) {
            System.clearProperty("poq.home");
        } else {
            System.setProperty("poq.home", previous);
        }
    }
}
