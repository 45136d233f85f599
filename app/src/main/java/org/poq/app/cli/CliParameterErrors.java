package org.poq.app.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Input picocli refuses before a command runs (a word where a number goes, an unknown option): one
 * "error:" line in plain words, with what the option takes (its description states the valid range),
 * exit code 2. picocli's own text says "'x' is not an int" and then prints the whole usage.
 */
final class CliParameterErrors implements CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("error: " + message(ex));
        err.println("Run `" + cmd.getCommandSpec().qualifiedName() + " --help` for every option.");
        err.flush();
        return 2;
    }

    static String message(CommandLine.ParameterException ex) {
        String m = ex.getMessage() == null ? "invalid input" : ex.getMessage();
        m = m.replace("is not an int", "is not a whole number").replace("is not a long", "is not a whole number")
                .replace("is not a double", "is not a number");
        ArgSpec arg = ex.getArgSpec();
        if (arg instanceof OptionSpec option && option.description().length > 0) {
            String takes = String.join(" ", option.description()).strip()
                    .replace("${DEFAULT-VALUE}", String.valueOf(option.defaultValue()));
            m += " (" + option.longestName() + ": " + takes + ")";
        }
        return m;
    }
}
