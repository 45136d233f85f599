package org.poq.app.cli;

import org.poq.app.service.Networks;
import org.poq.core.AmountFormat;
import org.poq.core.AppPaths;
import org.poq.network.NetworkDescriptor;
import org.poq.network.devnet.DevnetStatus;
import org.poq.network.devnet.LocalDevnet;
import org.poq.network.PoqNetwork;
import org.poq.network.devnet.DevnetFaucet;
import org.poq.wallet.Addresses;
import org.poq.wallet.InvalidInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `poq devnet start|stop|status`: the local anvil network the application uses by default. */
@Command(name = "devnet", mixinStandardHelpOptions = true,
        description = "Start, stop or inspect the local devnet (an anvil node in the data folder).",
        subcommands = {DevnetCommand.Start.class, DevnetCommand.Stop.class, DevnetCommand.Status.class, DevnetCommand.Fund.class})
public final class DevnetCommand extends CommandGroup {
    static LocalDevnet devnet() {
        return Networks.localDevnet(AppPaths.fromEnvironment());
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Start the devnet (deploying the contracts on first start) and print where it listens.")
    static final class Start extends CliCommand {
        @Override
        public Integer call() {
            LocalDevnet devnet = devnet();
            LocalDevnet.Started started = devnet.startOrFind();
            NetworkDescriptor d = started.descriptor();
            if (started.alreadyRunning()) {
                out().println("devnet already running (pid " + started.pid() + "); nothing started");
            }
            out().print(devnet.status().describe());
            out().println("descriptor: " + devnet.descriptorFile());
            return d == null ? 1 : 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the devnet; its chain is kept for the next start.")
    static final class Stop extends CliCommand {
        @Override
        public Integer call() {
            boolean stopped = devnet().stop();
            out().println(stopped ? "devnet stopped" : "devnet was not running");
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show whether the devnet runs, its RPC URL, block height and contracts. Exit code 3 when stopped.")
    static final class Status extends CliCommand {
        @Override
        public Integer call() {
            DevnetStatus status = devnet().status();
            out().print(status.describe());
            return status.running() ? 0 : 3;
        }
    }

    @Command(name = "fund", mixinStandardHelpOptions = true,
            description = "Give an address test POQ and ETH for fees on the running local devnet (a new wallet starts empty).")
    static final class Fund extends CliCommand {
        @Parameters(paramLabel = "ADDRESS", description = "the 0x address to fund")
        String address;

        @Override
        public Integer call() {
            String to;
            try {
                to = Addresses.parse(address);
            } catch (InvalidInputException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            LocalDevnet devnet = devnet();
            if (!devnet.status().running()) {
                err().println("the devnet is not running: ./poq devnet start");
                return 3;
            }
            try (PoqNetwork net = Networks.open(devnet.start())) {
                DevnetFaucet.Grant g = DevnetFaucet.fund(net, to);
                out().printf("gave %s %s and %s; it now holds %s and %s%n", to,
                        AmountFormat.of(g.poq(), AmountFormat.POQ), AmountFormat.of(g.eth(), "ETH"),
                        AmountFormat.of(net.poqBalance(to), AmountFormat.POQ), AmountFormat.of(net.nativeBalance(to), "ETH"));
            }
            return 0;
        }
    }
}
