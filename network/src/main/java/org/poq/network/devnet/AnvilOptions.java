package org.poq.network.devnet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to start an anvil node. Port 0 picks a free port. With a state file the chain survives a
 * restart (anvil loads it at start, dumps it every second and on a clean stop).
 */
public record AnvilOptions(int port, long chainId, Path stateFile, Integer blockTimeSeconds, int accounts,
                           Path logFile, List<String> extraArgs) {
    /** anvil's default test mnemonic; its accounts are public knowledge and must never hold real value. */
    public static final String TEST_MNEMONIC = "test test test test test test test test test test test junk";

    public AnvilOptions(int port, long chainId, Path stateFile, Integer blockTimeSeconds, int accounts, Path logFile) {
        this(port, chainId, stateFile, blockTimeSeconds, accounts, logFile, List.of());
    }

    public AnvilOptions {
        extraArgs = extraArgs == null ? List.of() : List.copyOf(extraArgs);
    }

    public static AnvilOptions ephemeral() {
        return new AnvilOptions(0, 31337, null, null, 20, null, List.of());
    }

    public AnvilOptions withState(Path file) {
        return new AnvilOptions(port, chainId, file, blockTimeSeconds, accounts, logFile, extraArgs);
    }

    public AnvilOptions withPort(int p) {
        return new AnvilOptions(p, chainId, stateFile, blockTimeSeconds, accounts, logFile, extraArgs);
    }

    public AnvilOptions withLog(Path file) {
        return new AnvilOptions(port, chainId, stateFile, blockTimeSeconds, accounts, file, extraArgs);
    }

    /** A later hardfork than the default shanghai, e.g. "prague" for EIP-7702 delegated accounts. */
    public AnvilOptions withHardfork(String hardfork) {
        List<String> args = new ArrayList<>(extraArgs);
        args.addAll(List.of("--hardfork", hardfork));
        return new AnvilOptions(port, chainId, stateFile, blockTimeSeconds, accounts, logFile, args);
    }

    public AnvilOptions withBlockTime(Integer seconds) {
        return new AnvilOptions(port, chainId, stateFile, seconds, accounts, logFile, extraArgs);
    }

    List<String> arguments(Path binary, int resolvedPort) {
        List<String> args = new ArrayList<>(List.of(binary.toString(),
                "--host", "127.0.0.1",
                "--port", Integer.toString(resolvedPort),
                "--chain-id", Long.toString(chainId),
                "--accounts", Integer.toString(accounts),
                "--mnemonic", TEST_MNEMONIC));
        if (!extraArgs.contains("--hardfork")) {
            args.addAll(List.of("--hardfork", "shanghai")); // the contracts' EVM version
        }
        if (stateFile != null) {
            args.addAll(List.of("--state", stateFile.toString(), "--state-interval", "1"));
        }
        args.addAll(extraArgs);
        if (blockTimeSeconds != null) {
            args.addAll(List.of("--block-time", blockTimeSeconds.toString()));
        }
        return args;
    }
}
