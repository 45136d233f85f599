package org.poq.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root `poq` command; each subcommand is its own class. */
@Command(name = "poq", mixinStandardHelpOptions = true, version = "poq 0.1.0",
        description = "PoQ Desktop: wallet, requester, miner and validator of a Proof of Quality LLM network.",
        subcommands = {CommandLine.HelpCommand.class})
public final class PoqCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Subcommands are added here, one line each, so that modules' commands stay independent. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new PoqCommand());
        for (Object sub : Subcommands.all()) {
            cl.addSubcommand(sub);
        }
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler(new CliErrorHandler());
        cl.setParameterExceptionHandler(new CliParameterErrors());
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
