package org.poq.app.cli;

import java.time.Duration;
import org.poq.app.service.Networks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.poq.core.FilePermissions;
import org.poq.core.Sha256;
import org.poq.network.Deployer;
import org.poq.network.NetworkDescriptor;
import org.poq.network.PoqNetwork;
import org.poq.network.ProtocolParams;
import org.poq.network.beacon.DrandChain;
import org.poq.network.beacon.RandomnessChoice;
import org.poq.network.chain.ChainClient;
import org.poq.network.devnet.DevNodes;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `poq deploy`: deploys the PoQ contracts to any EVM JSON-RPC node and writes the network descriptor. */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = "Deploy the PoQ contracts with a funded key and write the network descriptor.")
public final class DeployCommand extends CliCommand {
    @Option(names = "--rpc", required = true, description = "JSON-RPC URL of the node.")
    String rpc;

    @Option(names = "--key-file", required = true,
            description = "File holding the deployer's private key as hex (it becomes the governor and holds the supply).")
    Path keyFile;

    @Option(names = "--out", required = true, description = "Where to write the network descriptor (JSON).")
    Path out;

    @Option(names = "--name", defaultValue = "poq network", description = "Name of the network (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--chain-id", defaultValue = "0", description = "Expected chain id; 0 takes the node's.")
    long chainId;

    @Option(names = "--evaluator", description = "Evaluator id (64 hex digits) to make known; repeatable.")
    List<String> evaluators = new ArrayList<>();

    @Option(names = "--with-bundled-evaluators", defaultValue = "true", negatable = true,
            description = "Also make the evaluators that ship with the app known (default: ${DEFAULT-VALUE}).")
    boolean bundled;

    @Option(names = "--timelock-delay", description = "Delay of the timelock that becomes the network's admin, as an "
            + "ISO-8601 duration, at least PT60S (default: the unbonding delay plus a day, so that a node can leave before "
            + "a change runs; PT60S on an anvil node on this computer with chain id 31337).")
    Duration timelockDelay;

    @Option(names = "--randomness",
            description = "Where draws take their randomness from: drand-evmnet (drand's beacon, checked on chain; nobody "
                    + "can choose it) or block-hash (the target block's hash, which its producer can choose: for a test "
                    + "chain only). Default: block-hash on an anvil node on this computer, drand-evmnet elsewhere.")
    String randomness;

    @Override
    public Integer call() {
        RandomnessChoice chosen = randomness == null ? null : RandomnessChoice.parse(randomness);
        Credentials deployer = readKey(keyFile);
        List<Deployer.EvaluatorEntry> entries = new ArrayList<>(bundled ? Networks.bundledEvaluators() : List.of());
        for (String e : evaluators) {
            Sha256 id = Sha256.parse(e);
            entries.add(new Deployer.EvaluatorEntry(id, Deployer.shortName(id)));
        }
        try (ChainClient chain = ChainClient.connect(rpc, 0)) {
            if (chainId != 0 && chain.chainId() != chainId) {
                throw new IllegalArgumentException("the node at " + rpc + " serves chain " + chain.chainId() + ", not chain "
                        + chainId + " as --chain-id says; nothing was deployed");
            }
            Duration delay = timelockDelay != null ? timelockDelay
                    : DevNodes.isAnvil(chain) ? Duration.ofSeconds(60)
                    : Duration.ofSeconds(ProtocolParams.defaults().unbondingDelaySeconds()).plusDays(1);
            RandomnessChoice source = chosen != null ? chosen
                    : DevNodes.isAnvil(chain) ? RandomnessChoice.BLOCK_HASH : RandomnessChoice.DRAND_EVMNET;
            Deployer d0 = new Deployer(chain, deployer);
            if (source == RandomnessChoice.DRAND_EVMNET) {
                d0.withDrandBeacon(DrandChain.EVMNET, DrandChain.DEFAULT_LEAD);
            }
            NetworkDescriptor d = d0.deploy(name, ProtocolParams.defaults(), entries, Deployer.DEFAULT_SUPPLY, delay);
            d.write(out);
            out().println("deployed to chain " + d.chainId() + " at " + rpc);
            out().println("token:    " + d.contracts().token());
            out().println("registry: " + d.contracts().registry());
            out().println("market:   " + d.contracts().market());
            out().println("admin:    timelock " + d.contracts().timelock() + " (delay " + delay.toSeconds() + " s)");
            try (PoqNetwork network = Networks.open(d)) {
                out().println("draws:    " + network.randomnessKind()
                        + (d.contracts().beacon() == null ? "" : ", beacon " + d.contracts().beacon()));
            }
            out().println("descriptor written to " + out.toAbsolutePath());
        }
        return 0;
    }

    /** Reads a hex private key; the message never repeats the file's content. */
    static Credentials readKey(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the key file " + file + ": " + FilePermissions.describe(e));
        }
        if (!WalletUtils.isValidPrivateKey(text)) {
            throw new IllegalArgumentException("the key file " + file + " does not hold a hex private key (64 hex digits)");
        }
        return Credentials.create(text);
    }
}
