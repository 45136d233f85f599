package org.poq.network.beacon;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.network.PoqSession;
import org.poq.network.ProtocolParams;
import org.poq.network.TaskState;
import org.poq.network.events.TaskEvent;
import org.poq.network.testing.ProtocolFixture;
import org.web3j.abi.DefaultFunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * A market that draws from drand's evmnet beacon (decision 0045), on anvil whose clock is set to the time of
 * recorded rounds: the requester's session fetches its task's round from drand's HTTP API (here a server on
 * 127.0.0.1 serving recorded beacons), posts it and draws; a relay that serves a wrong signature is passed
 * over; a task whose round nobody posts expires when its draw window closes, its fee burned as for any
 * undrawn task.
 */
class BeaconDrawTest {
    private static final TokenAmount FEE = TokenAmount.ofTokens(10);
    static final long ROUND = 10_000_002;
    private static final Duration LEAD = DrandChain.DEFAULT_LEAD;

    @Test
    void theRequestersSessionFetchesItsRoundFromARelayPostsItAndDraws() throws Exception {
        try (ProtocolFixture f = beaconFixture(); Relay wrong = new Relay(true); Relay right = new Relay(false)) {
            PoqSession requester = f.requester().useBeaconRelays(List.of(wrong.url(), right.url()));
            f.chain().rpc("evm_setNextBlockTimestamp", BigInteger.valueOf(submitTime()));
            TaskId id = requester.submitTask(f.request(3, 3, FEE));
            TaskState t = f.network().task(id);
            assertThat(t.isDrawn()).isTrue();
            assertThat(wrong.asked).as("the first relay was asked, and its wrong answer passed over").contains(ROUND);
            assertThat(right.asked).containsExactly(ROUND);
            byte[] randomness = Hash.sha256(Numeric.hexStringToByteArray(RecordedBeacons.evmnet(ROUND).signature()));
            String encoded = new DefaultFunctionEncoder().encodeParameters(List.of(new Uint256(id.value()), new Bytes32(randomness),
                    new Address(f.network().descriptor().contracts().market()), new Uint256(BigInteger.valueOf(f.chain().chainId()))));
            assertThat(t.seed()).as("the seed comes from drand's round, not from a block")
                    .isEqualTo(Hash.sha3(Numeric.hexStringToByteArray(encoded)));
            assertThat(f.network().randomnessKind()).contains("drand evmnet beacon");
        }
    }

    @Test
    void aTaskWhoseRoundIsNeverPostedExpiresWithItsFeeBurned() {
        try (ProtocolFixture f = beaconFixture()) {
            f.chain().rpc("evm_setNextBlockTimestamp", BigInteger.valueOf(submitTime()));
            TokenAmount before = f.network().poqBalance(f.requester().address());
            TokenAmount burnedBefore = f.burned();
            long from = f.network().blockNumber() + 1;
            TaskId id = f.requester().submitTaskUndrawn(f.request(3, 3, FEE));
            f.mine(2);
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> f.validators().get(0).draw(id)))
                    .hasMessageContaining("no value for this task yet");
            f.mine(300);
            f.validators().get(0).advance(id);
            assertThat(f.network().task(id).isFinalized()).isTrue();
            assertThat(f.network().task(id).miners()).isEmpty();
            assertThat(f.network().poqBalance(f.requester().address())).isEqualTo(before.minus(FEE));
            assertThat(f.burned()).isEqualTo(burnedBefore.plus(FEE));
            assertThat(f.network().events(from, f.network().blockNumber()))
                    .anyMatch(e -> e instanceof TaskEvent.Expired x && x.taskId().equals(id));
        }
    }

    /** Gas of posting a round and of a draw from the beacon, beside a draw from the block hash in the same run. */
    @Test
    @Tag("benchmark")
    void gasOfABeaconDraw() throws Exception {
        long hashDraw;
        long hashSubmit;
        try (ProtocolFixture f = ProtocolFixture.start(3, 5)) {
            TaskId id = f.requester().submitTaskUndrawn(f.request(3, 5, FEE));
            hashSubmit = lastTransactionGas(f);
            f.mine(1);
            hashDraw = f.requester().draw(id).getGasUsed().longValueExact();
        }
        try (ProtocolFixture f = beaconFixture()) {
            f.chain().rpc("evm_setNextBlockTimestamp", BigInteger.valueOf(submitTime()));
            TaskId id = f.requester().submitTaskUndrawn(f.request(3, 5, FEE));
            long submit = lastTransactionGas(f);
            f.mine(1);
            var beacon = org.poq.network.contracts.DrandBeacon.load(beaconAddress(f), f.chain().web3j(),
                    f.chain().transactionManager(ProtocolFixture.credentialsOf(f.bystander())), org.poq.network.chain.ChainClient.GAS);
            long post = beacon.post(BigInteger.valueOf(ROUND), Numeric.hexStringToByteArray(RecordedBeacons.evmnet(ROUND).signature()))
                    .send().getGasUsed().longValueExact();
            long beaconDraw = f.requester().draw(id).getGasUsed().longValueExact();
            System.out.printf("k=3 m=5: post round %d (verify + store) %,d gas; draw from the beacon %,d gas; "
                    + "draw from the block hash %,d gas (x%.2f); submit %,d gas against %,d (x%.2f)%n", ROUND, post, beaconDraw,
                    hashDraw, (double) beaconDraw / hashDraw, submit, hashSubmit, (double) submit / hashSubmit);
        }
    }

    private static long lastTransactionGas(ProtocolFixture f) throws IOException {
        var block = f.chain().web3j().ethGetBlockByNumber(org.web3j.protocol.core.DefaultBlockParameterName.LATEST, false).send().getBlock();
        String hash = (String) block.getTransactions().get(0).get();
        return f.chain().web3j().ethGetTransactionReceipt(hash).send().getTransactionReceipt().orElseThrow().getGasUsed().longValueExact();
    }

    static ProtocolFixture beaconFixture() {
        return ProtocolFixture.startWithBeacon(3, 5, ProtocolParams.defaults().withWindows(60, 60),
                List.of("--timestamp", Long.toString(submitTime() - 3_600)), DrandChain.EVMNET, LEAD);
    }

    /** A submit time whose round (the first after it plus the lead) is ROUND. */
    static long submitTime() {
        return DrandChain.EVMNET.roundTime(ROUND) - LEAD.toSeconds() - 1;
    }

    private static String beaconAddress(ProtocolFixture f) throws Exception {
        var web3j = f.chain().web3j();
        return org.poq.network.contracts.TaskMarket.load(f.network().descriptor().contracts().market(), web3j,
                new org.web3j.tx.ReadonlyTransactionManager(web3j, f.bystander()), org.poq.network.chain.ChainClient.GAS)
                .randomnessSource().send();
    }

    /** drand's HTTP API on 127.0.0.1, serving the recorded evmnet beacons (or, when {@code wrong}, each round with another round's signature). */
    static final class Relay implements AutoCloseable {
        final List<Long> asked = new CopyOnWriteArrayList<>();
        private final HttpServer server;

        Relay(boolean wrong) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/" + DrandChain.EVMNET.chainHash() + "/public/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                long round = Long.parseLong(path.substring(path.lastIndexOf('/') + 1));
                asked.add(round);
                var known = RecordedBeacons.EVMNET.stream().filter(b -> b.round() == round).findFirst();
                byte[] body;
                int status;
                if (known.isPresent()) {
                    String sig = wrong ? RecordedBeacons.evmnet(10_000_000).signature() : known.get().signature();
                    body = ("{\"round\":" + round + ",\"signature\":\"" + sig + "\"}").getBytes(StandardCharsets.UTF_8);
                    status = 200;
                } else {
                    body = "round not found".getBytes(StandardCharsets.UTF_8);
                    status = 404;
                }
                exchange.sendResponseHeaders(status, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
