package org.poq.network.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.poq.core.Sha256;
import org.poq.core.TokenAmount;
import org.poq.network.testing.ProtocolFixture;
import org.poq.network.NetworkDescriptor;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;

/**
 * Registers thousands of miners fast for the selection benchmark: an anvil started with
 * --auto-impersonate accepts unsigned eth_sendTransaction from any address, sent in JSON-RPC batches.
 */
final class BulkRegistrar {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 250;

    private final HttpClient http = HttpClient.newHttpClient();
    private final String rpcUrl;
    private final NetworkDescriptor d;
    private final String funder;
    private int id;

    BulkRegistrar(String rpcUrl, NetworkDescriptor d, String funder) {
        this.rpcUrl = rpcUrl;
        this.d = d;
        this.funder = funder;
    }

    static String address(int i) {
        return String.format("0x%040x", 0x5000_0000L + i);
    }

    /** Registers miners number [from, to) of the family, each with the given stake. */
    void registerMiners(int from, int to, String family, Sha256 model, TokenAmount stake) throws Exception {
        // anvil may serve a batch's calls concurrently: automine off, explicit nonces keep each sender's
        // order, and each phase is mined to the last transaction before the next one starts
        run(List.of(call("evm_setAutomine", JSON.createArrayNode().add(false))));
        long nonce = Long.decode(run(List.of(call("eth_getTransactionCount",
                JSON.createArrayNode().add(funder).add("pending")))).get(0).get("result").asText());
        List<ObjectNode> calls = new ArrayList<>();
        for (int i = from; i < to; i++) {
            calls.add(call("anvil_setBalance", JSON.createArrayNode().add(address(i)).add("0xDE0B6B3A7640000")));
            calls.add(send(funder, nonce++, d.contracts().token(), new Function("transfer",
                    List.of(new Address(address(i)), new Uint256(stake.wei())), List.of()), 80_000));
        }
        runAndMine(calls);
        calls.clear();
        for (int i = from; i < to; i++) {
            calls.add(send(address(i), 0, d.contracts().token(), new Function("approve",
                    List.of(new Address(d.contracts().registry()), new Uint256(stake.wei())), List.of()), 80_000));
        }
        runAndMine(calls);
        calls.clear();
        for (int i = from; i < to; i++) {
            calls.add(send(address(i), 1, d.contracts().registry(), new Function("registerMiner",
                    List.of(new Utf8String(family), new Bytes32(model.bytes()),
                            new org.web3j.abi.datatypes.generated.Uint32(ProtocolFixture.CONTEXT_TOKENS), new Uint256(stake.wei())),
                    List.of()), 600_000));
        }
        runAndMine(calls);
        run(List.of(call("evm_setAutomine", JSON.createArrayNode().add(true))));
        // protocol v3: the new weights count from the next epoch
        run(List.of(call("anvil_mine", JSON.createArrayNode().add("0x" + Long.toHexString(2 * org.poq.network.Deployer.DEVNET_EPOCH_BLOCKS)))));
    }

    private void runAndMine(List<ObjectNode> calls) throws Exception {
        run(calls);
        for (int guard = 0; guard < 1_000; guard++) {
            JsonNode status = run(List.of(call("txpool_status", JSON.createArrayNode()))).get(0).get("result");
            if (Long.decode(status.get("pending").asText()) == 0 && Long.decode(status.get("queued").asText()) == 0) {
                return;
            }
            run(List.of(call("evm_mine", JSON.createArrayNode())));
        }
        throw new IllegalStateException("the transaction pool did not drain");
    }

    private ObjectNode send(String from, long nonce, String to, Function f, long gas) {
        ObjectNode tx = JSON.createObjectNode();
        tx.put("from", from);
        tx.put("nonce", "0x" + Long.toHexString(nonce));
        tx.put("to", to);
        tx.put("gas", "0x" + Long.toHexString(gas));
        tx.put("data", FunctionEncoder.encode(f));
        return call("eth_sendTransaction", JSON.createArrayNode().add(tx));
    }

    private ObjectNode call(String method, ArrayNode params) {
        ObjectNode c = JSON.createObjectNode();
        c.put("jsonrpc", "2.0");
        c.put("id", ++id);
        c.put("method", method);
        c.set("params", params);
        return c;
    }

    private List<JsonNode> run(List<ObjectNode> calls) throws Exception {
        List<JsonNode> results = new ArrayList<>();
        for (int i = 0; i < calls.size(); i += BATCH) {
            ArrayNode batch = JSON.createArrayNode();
            calls.subList(i, Math.min(calls.size(), i + BATCH)).forEach(batch::add);
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(rpcUrl))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(batch))).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (JsonNode r : JSON.readTree(res.body())) {
                if (r.has("error")) {
                    throw new IllegalStateException("bulk registration failed: " + r.get("error"));
                }
                results.add(r);
            }
        }
        return results;
    }

}
