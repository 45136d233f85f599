package org.poq.network;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

/**
 * Everything a client needs to join a PoQ network on any EVM chain: chain id, RPC URLs (the first is
 * used, the others take over when it fails), contract addresses, the block the contracts were deployed
 * in (where log scans start), the parameters, and optionally how many confirmations an event needs and
 * how many blocks a log query starts with (unset: the defaults of the {@link ChainKind}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NetworkDescriptor(
        String name,
        long chainId,
        List<String> rpcUrls,
        Contracts contracts,
        long deployBlock,
        List<String> evaluators,
        ProtocolParams params,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer confirmations,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer logPageBlocks) {

    /**
     * The contracts; {@code beacon}: the DrandBeacon the market draws from (decision 0045), absent where the
     * market draws from block hashes (the local devnet).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Contracts(String token, String registry, String market, String timelock,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String beacon) {
        /** A network governed by the deployer's key (the local devnet, tests): no timelock. */
        public Contracts(String token, String registry, String market) {
            this(token, registry, market, null, null);
        }

        public Contracts(String token, String registry, String market, String timelock) {
            this(token, registry, market, timelock, null);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** The file each descriptor was read from, so that an error can name it (a record cannot carry it unseen by JSON). */
    private static final Map<NetworkDescriptor, Path> SOURCES = Collections.synchronizedMap(new WeakHashMap<>());

    public static final int MAX_CONFIRMATIONS = 1_000;
    public static final int MAX_LOG_PAGE_BLOCKS = 1_000_000;

    public NetworkDescriptor {
        if (rpcUrls == null || rpcUrls.isEmpty() || rpcUrls.stream().anyMatch(u -> u == null || u.isBlank())) {
            throw new IllegalArgumentException("a network descriptor needs at least one RPC URL, and no empty one");
        }
        if (confirmations != null && (confirmations < 0 || confirmations > MAX_CONFIRMATIONS)) {
            throw new IllegalArgumentException("confirmations must be between 0 and " + MAX_CONFIRMATIONS
                    + " blocks, not " + confirmations);
        }
        if (logPageBlocks != null && (logPageBlocks < 1 || logPageBlocks > MAX_LOG_PAGE_BLOCKS)) {
            throw new IllegalArgumentException("logPageBlocks must be between 1 and " + MAX_LOG_PAGE_BLOCKS
                    + ", not " + logPageBlocks);
        }
        if (contracts == null || contracts.token() == null || contracts.registry() == null || contracts.market() == null) {
            throw new IllegalArgumentException("a network descriptor needs the token, registry and market addresses");
        }
        rpcUrls = List.copyOf(rpcUrls);
        evaluators = evaluators == null ? List.of() : List.copyOf(evaluators);
    }

    /** A descriptor without the optional settings: confirmations and page size follow the chain kind. */
    public NetworkDescriptor(String name, long chainId, List<String> rpcUrls, Contracts contracts, long deployBlock,
                             List<String> evaluators, ProtocolParams params) {
        this(name, chainId, rpcUrls, contracts, deployBlock, evaluators, params, null, null);
    }

    /** The first RPC URL (the one tried first; {@code PoqNetwork.rpcUrlInUse()} says which one is used now). */
    public String rpcUrl() {
        return rpcUrls.get(0);
    }

    @JsonIgnore
    public ChainKind chainKind() {
        return ChainKind.of(chainId);
    }

    /** Blocks on top of an event before nodes act on it and the window shows it as final. */
    @JsonIgnore
    public int effectiveConfirmations() {
        return confirmations != null ? confirmations : chainKind().confirmations();
    }

    /** Blocks the first log query of a scan asks for; the pager adapts from there. */
    @JsonIgnore
    public int effectiveLogPageBlocks() {
        return logPageBlocks != null ? logPageBlocks : chainKind().logPageBlocks();
    }

    public NetworkDescriptor withRpcUrl(String url) {
        return withRpcUrls(List.of(url));
    }

    public NetworkDescriptor withRpcUrls(List<String> urls) {
        return sameSource(new NetworkDescriptor(name, chainId, urls, contracts, deployBlock, evaluators, params, confirmations,
                logPageBlocks));
    }

    public NetworkDescriptor withConfirmations(Integer blocks) {
        return sameSource(new NetworkDescriptor(name, chainId, rpcUrls, contracts, deployBlock, evaluators, params, blocks,
                logPageBlocks));
    }

    /** The file this descriptor was read from, if it was read from one: errors about its contents name it. */
    @JsonIgnore
    public Optional<Path> source() {
        return Optional.ofNullable(SOURCES.get(this));
    }

    /** How an error names where this descriptor came from: "the network file PATH", else the descriptor by name. */
    @JsonIgnore
    public String sourceWords() {
        return source().map(p -> "the network file " + p).orElse("the network descriptor \"" + name + "\"");
    }

    private NetworkDescriptor sameSource(NetworkDescriptor copy) {
        source().ifPresent(p -> SOURCES.put(copy, p));
        return copy;
    }

    public static NetworkDescriptor read(Path file) {
        try {
            NetworkDescriptor d = JSON.readValue(file.toFile(), NetworkDescriptor.class);
            SOURCES.put(d, file.toAbsolutePath());
            return d;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the network descriptor " + file + ": " + e.getMessage(), e);
        }
    }

    public static NetworkDescriptor parse(String json) {
        try {
            return JSON.readValue(json, NetworkDescriptor.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed network descriptor: " + e.getMessage(), e);
        }
    }

    /** Writes atomically: a crash leaves the old file or the new one, never half of one. */
    public void write(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            JSON.writeValue(tmp.toFile(), this);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the network descriptor " + file + ": " + e.getMessage(), e);
        }
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
