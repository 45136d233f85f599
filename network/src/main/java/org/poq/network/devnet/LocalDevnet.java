package org.poq.network.devnet;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.poq.core.AppPaths;
import org.poq.core.FileTrees;
import org.poq.core.Sha256;
import org.poq.core.TokenAmount;
import org.poq.network.ChainKind;
import org.poq.network.Deployer;
import org.poq.network.NetworkDescriptor;
import org.poq.network.PoqNetwork;
import org.poq.network.PoqSession;
import org.poq.network.ProtocolParams;
import org.poq.network.chain.ChainClient;
import org.poq.network.contracts.TaskMarket;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.tx.ReadonlyTransactionManager;

/**
 * The application's default network: an anvil node the app starts itself on 127.0.0.1, its chain
 * kept in the data folder (devnet/state.json) so balances survive a restart, the contracts deployed
 * on first start and the local accounts funded with POQ. The node outlives the command that started
 * it; devnet.json records its pid and port for status and stop.
 */
public final class LocalDevnet {
    public static final long CHAIN_ID = ChainKind.ANVIL_CHAIN_ID;
    public static final int FUNDED_ACCOUNTS = 20;
    public static final TokenAmount FUNDING = TokenAmount.ofTokens(1_000_000);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ConcurrentMap<Path, Object> MONITORS = new ConcurrentHashMap<>();

    private final Path dir;
    private final List<Deployer.EvaluatorEntry> evaluators;
    private final ProtocolParams params;

    /** The name this class gives the descriptor it writes. */
    public static final String NAME = "local devnet";

    /**
     * Whether a network is this computer's local devnet (`poq devnet`, the window's): where test tokens
     * and demo nodes make sense. The chain id alone does not say it: Hardhat's node uses 31337 too, and
     * there the faucet's key holds nothing. So it is the descriptor this class wrote: the devnet's name
     * and chain id, reached on this computer only.
     */
    public static boolean isLocal(NetworkDescriptor d) {
        return d.chainId() == CHAIN_ID && NAME.equals(d.name()) && d.rpcUrls().stream().allMatch(LocalDevnet::loopback);
    }

    /** Whether an RPC URL reaches this computer only (127.0.0.0/8, ::1, localhost). */
    static boolean loopback(String url) {
        try {
            String host = URI.create(url.strip()).getHost();
            return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public LocalDevnet(AppPaths paths, List<Deployer.EvaluatorEntry> evaluators) {
        this(paths.devnet(), evaluators, ProtocolParams.devnet());
    }

    public LocalDevnet(Path dir, List<Deployer.EvaluatorEntry> evaluators, ProtocolParams params) {
        this.dir = dir;
        this.evaluators = List.copyOf(evaluators);
        this.params = params;
    }

    public Path stateFile() {
        return dir.resolve("state.json");
    }

    public Path descriptorFile() {
        return dir.resolve("network.json");
    }

    private Path runFile() {
        return dir.resolve("devnet.json");
    }

    /** Starts the node (or finds it running), deploys on first start, and returns the network descriptor. */
    public NetworkDescriptor start() {
        return startOrFind().descriptor();
    }

    /** What {@link #startOrFind} did: started the node, or found it running. */
    public record Started(NetworkDescriptor descriptor, boolean alreadyRunning, long pid) {
    }

    /**
     * Starts the node unless one runs for this data folder, under the devnet lock: two starts at once
     * (two terminals, the window and a command) start one anvil; the second finds it. Two anvils on
     * one state file would each write it on exit, and the later one's chain replaces the other's.
     */
    public Started startOrFind() {
        return locked(() -> {
            Optional<Running> running = running();
            if (running.isPresent()) {
                return new Started(ensureDeployed(running.get().rpcUrl()), true, running.get().pid());
            }
            AnvilProcess anvil = AnvilProcess.start(AnvilOptions.ephemeral()
                    .withState(stateFile()).withLog(dir.resolve("anvil.log")));
            writeRunFile(new Running(anvil.pid(), anvil.port(), anvil.rpcUrl()));
            return new Started(ensureDeployed(anvil.rpcUrl()), false, anvil.pid());
        });
    }

    /** One devnet operation at a time per data folder: a file lock across processes, a monitor within one. */
    private <T> T locked(Supplier<T> work) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new DevnetException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        Object monitor = MONITORS.computeIfAbsent(dir.toAbsolutePath().normalize(), k -> new Object());
        synchronized (monitor) {
            try (FileChannel ch = FileChannel.open(dir.resolve("devnet.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = ch.lock()) {
                return work.get();
            } catch (IOException e) {
                throw new DevnetException("cannot lock the devnet folder " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    private NetworkDescriptor ensureDeployed(String rpcUrl) {
        Optional<NetworkDescriptor> saved = descriptor().map(d -> d.withRpcUrl(rpcUrl));
        try (ChainClient chain = ChainClient.connect(rpcUrl, CHAIN_ID)) {
            if (saved.isPresent() && hasCode(chain, saved.get().contracts().market())
                    && runsCurrentProtocol(chain, saved.get().contracts().market())) {
                NetworkDescriptor d = addMissingEvaluators(saved.get());
                d.write(descriptorFile());
                return d;
            }
            NetworkDescriptor fresh = new Deployer(chain, LocalAccounts.account(0)).deploy(NAME, params, evaluators);
            fund(fresh);
            fresh.write(descriptorFile());
            return fresh;
        }
    }

    private NetworkDescriptor addMissingEvaluators(NetworkDescriptor d) {
        List<String> known = new ArrayList<>(d.evaluators());
        List<Deployer.EvaluatorEntry> missing = evaluators.stream().filter(e -> !known.contains(e.id().hex())).toList();
        if (missing.isEmpty()) {
            return d;
        }
        try (PoqNetwork net = PoqNetwork.connect(d)) {
            PoqSession governor = net.session(LocalAccounts.account(0));
            for (Deployer.EvaluatorEntry e : missing) {
                governor.addEvaluator(e.id(), e.name());
                known.add(e.id().hex());
            }
        }
        return new NetworkDescriptor(d.name(), d.chainId(), d.rpcUrls(), d.contracts(), d.deployBlock(), known, d.params());
    }

    private static boolean hasCode(ChainClient chain, String address) {
        try {
            String code = chain.web3j().ethGetCode(address, DefaultBlockParameterName.LATEST).send().getCode();
            return code != null && code.length() > 2;
        } catch (IOException e) {
            throw new DevnetException("the devnet node does not answer: " + e.getMessage(), e);
        }
    }

    /**
     * A devnet saved by an older app holds older contracts (protocol v2 has no {@code randomnessKind}):
     * its ABI no longer matches the client's, so it is deployed afresh.
     */
    private static boolean runsCurrentProtocol(ChainClient chain, String market) {
        TaskMarket m = TaskMarket.load(market, chain.web3j(),
                new ReadonlyTransactionManager(chain.web3j(), LocalAccounts.account(0).getAddress()), ChainClient.GAS);
        try {
            m.randomnessKind().send();
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static void fund(NetworkDescriptor d) {
        try (PoqNetwork net = PoqNetwork.connect(d)) {
            PoqSession bank = net.session(LocalAccounts.account(0));
            for (Credentials c : LocalAccounts.accounts(1, FUNDED_ACCOUNTS - 1)) {
                bank.transferPoq(c.getAddress(), FUNDING);
            }
        }
    }

    /** Stops the node gracefully; anvil writes its state on the way out. */
    public boolean stop() {
        return locked(() -> {
            Optional<Running> running = running();
            if (running.isEmpty()) {
                deleteRunFile();
                return false;
            }
            ProcessHandle.of(running.get().pid()).ifPresent(AnvilProcess::stop);
            FileTrees.deleteQuietly(AnvilProcess.statesCacheBeside(stateFile()));
            deleteRunFile();
            return true;
        });
    }

    public DevnetStatus status() {
        Optional<Running> running = running();
        if (running.isEmpty()) {
            return new DevnetStatus(false, 0, null, -1, descriptor());
        }
        Running r = running.get();
        long block;
        try (ChainClient chain = ChainClient.connect(r.rpcUrl(), CHAIN_ID)) {
            block = chain.web3j().ethBlockNumber().send().getBlockNumber().longValue();
        } catch (IOException e) {
            block = -1;
        }
        return new DevnetStatus(true, r.pid(), r.rpcUrl(), block, descriptor().map(d -> d.withRpcUrl(r.rpcUrl())));
    }

    public Optional<NetworkDescriptor> descriptor() {
        return Files.exists(descriptorFile()) ? Optional.of(NetworkDescriptor.read(descriptorFile())) : Optional.empty();
    }

    record Running(long pid, int port, String rpcUrl) {
    }

    /** The recorded node, if its process is alive and answers; a stale record is ignored. */
    private Optional<Running> running() {
        if (!Files.exists(runFile())) {
            return Optional.empty();
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = JSON.readValue(runFile().toFile(), Map.class);
            Running r = new Running(((Number) m.get("pid")).longValue(), ((Number) m.get("port")).intValue(), (String) m.get("rpcUrl"));
            boolean alive = ProcessHandle.of(r.pid()).map(ProcessHandle::isAlive).orElse(false);
            return alive && AnvilProcess.answers(r.rpcUrl()) ? Optional.of(r) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private void writeRunFile(Running r) {
        try {
            Files.createDirectories(dir);
            JSON.writeValue(runFile().toFile(), Map.of("pid", r.pid(), "port", r.port(), "rpcUrl", r.rpcUrl()));
        } catch (IOException e) {
            throw new DevnetException("cannot write " + runFile() + ": " + e.getMessage(), e);
        }
    }

    private void deleteRunFile() {
        try {
            Files.deleteIfExists(runFile());
        } catch (IOException e) {
            throw new DevnetException("cannot delete " + runFile() + ": " + e.getMessage(), e);
        }
    }

    /** A readable entry for an evaluator id. */
    public static Deployer.EvaluatorEntry evaluator(Sha256 id, String name) {
        return new Deployer.EvaluatorEntry(id, name);
    }
}
