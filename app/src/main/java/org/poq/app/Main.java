package org.poq.app;

import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;
import javafx.application.Application;
import org.poq.app.cli.PoqCommand;
import picocli.CommandLine;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.poq.app.gui.PoqApp;
import org.poq.app.service.Problems;

/**
 * The jar's entry point. It does not extend javafx.application.Application (a jar whose main class
 * does cannot start: "JavaFX runtime components are missing"); with no arguments it opens the GUI.
 */
public final class Main {
    private static final Logger JAVAFX_STARTUP_LOG =
            Logger.getLogger("javafx");

    private Main() {
    }

    public static void main(String[] args) {
        int code = run(args);
        // the llama.cpp binding and web3j leave non-daemon threads behind: exit explicitly
        System.exit(code);
    }

    public static int run(String... args) {
        if (args.length == 0) {
            return openWindow(System.getenv(), System.getProperty("os.name"), System.err);
        }
        CommandLine cl = PoqCommand.commandLine();
        try {
            return cl.execute(args);
        } finally {
            // main exits at once: what a command printed without a newline must not stay in a buffer
            cl.getOut().flush();
            cl.getErr().flush();
        }
    }

    static int openWindow(Map<String, String> env, String osName, PrintStream err) {
        Optional<String> missing = missingDisplay(env, osName);
        if (missing.isPresent()) {
            err.println("poq: " + missing.get() + ". Start it from a desktop session, or use the command line: "
                    + "./poq --help (for example ./poq devnet start, ./poq demo).");
            return 2;
        }
        // JavaFX warns at every start that it was loaded from the class path, which is how this app
        // ships; the warning only alarms users. Held in a field: JUL keeps loggers weakly.
        JAVAFX_STARTUP_LOG.setLevel(Level.SEVERE);
        try {
            Application.launch(PoqApp.class);
            return 0;
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            // JavaFX fails deep in its toolkit (no GTK 3, a display that refuses us): say it in one line
            err.println("poq: the window cannot open: " + Problems.describe(e)
                    + (osName.startsWith("Linux") ? " (JavaFX needs GTK 3: apt-get install libgtk-3-0)" : "")
                    + ". The command line still works: ./poq --help");
            return 2;
        }
    }

    /** On Linux and the BSDs a window needs an X or Wayland display; other systems always have one. */
    static Optional<String> missingDisplay(Map<String, String> env, String osName) {
        boolean unixDesktop = !osName.startsWith("Windows") && !osName.startsWith("Mac");
        boolean hasDisplay = !env.getOrDefault("DISPLAY", "").isBlank() || !env.getOrDefault("WAYLAND_DISPLAY", "").isBlank();
        return unixDesktop && !hasDisplay
                ? Optional.of("no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set)")
                : Optional.empty();
    }
}
