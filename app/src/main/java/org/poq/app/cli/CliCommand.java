package org.poq.app.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every `poq` command that does something has: its picocli spec (picocli fills it, in a subclass
 * too) and the streams it writes to, which are the command line's own, so tests capture them.
 */
abstract class CliCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
