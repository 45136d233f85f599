package org.poq.network.beacon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.poq.network.chain.PoqNetworkException;
import org.poq.network.chain.TransactionRevertedException;
import org.poq.network.chain.Calls;
import org.poq.network.chain.ChainClient;
import org.poq.network.contracts.DrandBeacon;
import org.poq.network.contracts.TaskMarket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.tx.TransactionManager;
import org.web3j.utils.Numeric;

/**
 * Brings drand's signature of the round a task waits for to the market's DrandBeacon (docs/decisions/0045):
 * it reads the round the beacon fixed at submit, and once drand should have published it, fetches it from
 * drand's HTTP API ({@code GET <relay>/<chain hash>/public/<round>}, relays tried in order) and posts it.
 * The contract checks the signature, so a relay that answers wrongly can delay a draw but never steer it:
 * the next relay is tried.
 */
public final class BeaconRelay {
    private static final Logger LOG = LoggerFactory.getLogger(BeaconRelay.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SIGNATURE = Pattern.compile("[0-9a-fA-F]{128}");
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);
    private static final String ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

    private final DrandBeacon beacon;
    private final DrandChain drand;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();

    private BeaconRelay(DrandBeacon beacon, DrandChain drand) {
        this.beacon = beacon;
        this.drand = drand;
    }

    /**
     * The relay for the market's randomness source when that is a drand beacon whose key is evmnet's;
     * empty for the block hash (the devnet). {@code relays}: drand HTTP endpoints, null for evmnet's public ones.
     */
    public static Optional<BeaconRelay> forMarket(ChainClient chain, String market, TransactionManager poster, List<String> relays) {
        String source = Calls.run("read the randomness source", () ->
                TaskMarket.load(market, chain.web3j(), poster, ChainClient.GAS).randomnessSource().send());
        if (source == null || source.equalsIgnoreCase(ZERO_ADDRESS)) return Optional.empty();
        DrandBeacon beacon = DrandBeacon.load(source, chain.web3j(), poster, ChainClient.GAS);
        List<BigInteger> key = Calls.run("read the beacon's key", () -> List.of(beacon.keyXi().send(), beacon.keyXr().send(),
                beacon.keyYi().send(), beacon.keyYr().send()));
        if (!key.equals(DrandChain.EVMNET.keyWords())) {
            throw new PoqNetworkException("the market's randomness source " + source + " is not a beacon of drand evmnet: "
                    + "this app knows no relay for it");
        }
        return Optional.of(new BeaconRelay(beacon, relays == null ? DrandChain.EVMNET : DrandChain.EVMNET.withRelays(relays)));
    }

    /** The round that tasks with this target block draw from (0: none fixed). */
    public long roundFor(long targetBlock) {
        return Calls.run("read the beacon round of block " + targetBlock,
                () -> beacon.roundOf(BigInteger.valueOf(targetBlock)).send()).longValueExact();
    }

    /**
     * True once the randomness of the task with this target block is on chain; otherwise posts it when drand
     * has published it (fetched from the first relay that gives a signature the contract accepts) and says
     * whether that worked. Never waits: a round not published yet, or relays that fail, give false.
     */
    public boolean ensure(long targetBlock) {
        long round = roundFor(targetBlock);
        if (round == 0) return false;
        if (posted(round)) return true;
        if (System.currentTimeMillis() / 1000 < drand.roundTime(round)) return false;
        for (String relay : drand.relays()) {
            Optional<byte[]> signature = fetch(relay, round);
            if (signature.isEmpty()) continue;
            try {
                Calls.run("post drand round " + round, () -> beacon.post(BigInteger.valueOf(round), signature.get()).send());
                return true;
            } catch (TransactionRevertedException e) {
                if (posted(round)) return true; // someone else posted it first
                LOG.warn("{} served round {} with a signature the beacon refused ({}); trying the next relay", relay, round, e.reason());
            }
        }
        return false;
    }

    private boolean posted(long round) {
        byte[] value = Calls.run("read the randomness of round " + round, () -> beacon.roundRandomness(BigInteger.valueOf(round)).send());
        return !Arrays.equals(value, new byte[32]);
    }

    /** drand's signature of {@code round} as one relay serves it; empty (and logged) when it cannot. */
    Optional<byte[]> fetch(String relay, long round) {
        URI uri = URI.create(relay.replaceAll("/+$", "") + "/" + drand.chainHash() + "/public/" + round);
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(HTTP_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                LOG.info("{} answered {} for drand round {}", relay, r.statusCode(), round);
                return Optional.empty();
            }
            JsonNode body = JSON.readTree(r.body());
            String sig = body.path("signature").asText("");
            if (body.path("round").asLong(-1) != round || !SIGNATURE.matcher(sig).matches()) {
                LOG.warn("{} answered drand round {} with something that is not that round's beacon", relay, round);
                return Optional.empty();
            }
            return Optional.of(Numeric.hexStringToByteArray(sig));
        } catch (IOException e) {
            LOG.info("{} could not be reached for drand round {}: {}", relay, round, e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
