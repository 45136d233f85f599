package org.poq.app.cli;

import org.poq.app.service.Problems;
import org.poq.wallet.InvalidInputException;
import org.poq.wallet.InvalidKeystoreException;
import org.poq.wallet.WrongPasswordException;
import picocli.CommandLine;

/**
 * Turns an exception into one clear line on stderr and exit code 1 (the stack trace only with
 * POQ_DEBUG=1): a user should read what went wrong, not a Java trace.
 */
final class CliErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        String message = Problems.describe(ex);
        if (message.equals(Problems.UNKNOWN)) {
            message += "; run again with POQ_DEBUG=1 to see where";
        }
        cmd.getErr().println("error: " + message);
        if ("1".equals(System.getenv("POQ_DEBUG"))) {
            ex.printStackTrace(cmd.getErr());
        }
        return badInput(ex) ? 2 : 1;
    }

    /** Input the user can correct (an argument, an address, an amount, a password, a file) exits 2, as the README says. */
    static boolean badInput(Exception ex) {
        return ex instanceof IllegalArgumentException || ex instanceof InvalidInputException
                || ex instanceof InvalidKeystoreException || ex instanceof WrongPasswordException;
    }
}
