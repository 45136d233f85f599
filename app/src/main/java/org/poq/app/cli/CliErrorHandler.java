package org.poq.app.cli;

import picocli.CommandLine;

/**
 * Turns an exception into one clear line on stderr and exit code 1 (the stack trace only with
 * POQ_DEBUG=1): a user should read what went wrong, not a Java trace.
 */
final class CliErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        String message = ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName();
        cmd.getErr().println("error: " + message);
        if ("1".equals(System.getenv("POQ_DEBUG"))) {
            ex.printStackTrace(cmd.getErr());
        }
        return ex instanceof IllegalArgumentException ? 2 : 1;
    }
}
