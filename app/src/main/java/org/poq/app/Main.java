package org.poq.app;

import org.poq.app.cli.PoqCommand;
import picocli.CommandLine;

/**
 * The jar's entry point. It does not extend javafx.application.Application (a jar whose main class
 * does cannot start: "JavaFX runtime components are missing"); with no arguments it opens the GUI.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int code = run(args);
        // the llama.cpp binding and web3j leave non-daemon threads behind: exit explicitly
        System.exit(code);
    }

    public static int run(String... args) {
        if (args.length == 0) {
            javafx.application.Application.launch(org.poq.app.gui.PoqApp.class);
            return 0;
        }
        return PoqCommand.commandLine().execute(args);
    }
}
