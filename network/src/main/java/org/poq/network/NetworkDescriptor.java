package org.poq.network;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Everything a client needs to join a PoQ network on any EVM chain: chain id, RPC URLs, contract
 * addresses, the block the contracts were deployed in (where log scans start) and the parameters.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NetworkDescriptor(
        String name,
        long chainId,
        List<String> rpcUrls,
        Contracts contracts,
        long deployBlock,
        List<String> evaluators,
        ProtocolParams params) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Contracts(String token, String registry, String market, String timelock) {
        /** A network governed by the deployer's key (the local devnet, tests): no timelock. */
        public Contracts(String token, String registry, String market) {
            this(token, registry, market, null);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public NetworkDescriptor {
        if (rpcUrls == null || rpcUrls.isEmpty()) {
            throw new IllegalArgumentException("a network descriptor needs at least one RPC URL");
        }
        if (contracts == null || contracts.token() == null || contracts.registry() == null || contracts.market() == null) {
            throw new IllegalArgumentException("a network descriptor needs the token, registry and market addresses");
        }
        rpcUrls = List.copyOf(rpcUrls);
        evaluators = evaluators == null ? List.of() : List.copyOf(evaluators);
    }

    public String rpcUrl() {
        return rpcUrls.get(0);
    }

    public NetworkDescriptor withRpcUrl(String url) {
        return new NetworkDescriptor(name, chainId, List.of(url), contracts, deployBlock, evaluators, params);
    }

    public static NetworkDescriptor read(Path file) {
        try {
            return JSON.readValue(file.toFile(), NetworkDescriptor.class);
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
