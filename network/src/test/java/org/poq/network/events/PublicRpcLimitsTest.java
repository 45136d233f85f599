package org.poq.network.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.poq.core.TokenAmount;
import org.poq.core.testing.Await;
import org.poq.network.NetworkDescriptor;
import org.poq.network.PoqNetwork;
import org.poq.network.devnet.LocalAccounts;
import org.poq.network.testing.ProtocolFixture;
import org.poq.network.testing.RpcFaultProxy;

/**
 * The event stream and the client against a public endpoint's limits, reproduced by a proxy of our own
 * in front of anvil. Each test names the fault; the truth is the same range read straight from anvil.
 */
class PublicRpcLimitsTest {
    static ProtocolFixture f;
    final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void chain() {
        f = ProtocolFixture.start(3, 5);
        // a history spread over many blocks: a task, hundreds of empty blocks, a task, ...
        for (int i = 0; i < 4; i++) {
            f.requester().submitTask(f.request(3, 5, TokenAmount.ofTokens(10)));
            f.chain().rpc("anvil_mine", BigInteger.valueOf(300));
        }
    }

    @AfterAll
    static void stopChain() {
        f.close();
    }

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(open);
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private RpcFaultProxy proxy() {
        RpcFaultProxy p = RpcFaultProxy.inFrontOf(f.anvil().rpcUrl());
        open.add(p);
        return p;
    }

    private PoqNetwork through(String... urls) {
        NetworkDescriptor d = f.network().descriptor().withRpcUrls(List.of(urls));
        PoqNetwork n = PoqNetwork.connect(d);
        open.add(n);
        return n;
    }

    private static List<TaskEvent> truth() {
        return f.network().events(f.network().descriptor().deployBlock(), f.network().blockNumber());
    }

    private static long deployBlock() {
        return f.network().descriptor().deployBlock();
    }

    /** Follows from the deploy block through {@code net} until it has read the head as anvil has it now. */
    private List<TaskEvent> follow(PoqNetwork net) {
        long head = f.network().blockNumber();
        List<TaskEvent> seen = new CopyOnWriteArrayList<>();
        TaskEventStream s = net.follow(deployBlock(), seen::add, e -> { });
        open.add(s);
        Await.until("the stream reads to block " + head, Duration.ofSeconds(60), () -> s.nextBlock() > head);
        return seen;
    }

    @Test
    void aBlockRangeCapIsPagedUnderAndNoBlockIsSkipped() {
        RpcFaultProxy proxy = proxy().capLogRange(100);
        PoqNetwork net = through(proxy.url());
        List<TaskEvent> expected = truth();
        assertThat(expected).hasSizeGreaterThanOrEqualTo(4);
        assertThat(keys(net.events(deployBlock(), f.network().blockNumber()))).isEqualTo(keys(expected));
        assertThat(keys(follow(net))).isEqualTo(keys(expected));
        assertThat(proxy.faultsServed("range-cap")).as("the cap was met and adapted to").isPositive();
    }

    @Test
    void theRegistrysLogsArePagedUnderTheCapToo() {
        // the registry's NodeRegistered logs were read in one query from the deploy block: refused behind a cap
        RpcFaultProxy proxy = proxy().capLogRange(100);
        PoqNetwork net = through(proxy.url());
        long head = f.network().blockNumber();
        Set<String> expected = f.network().registeredNodes(deployBlock(), head);
        assertThat(expected).hasSize(8);
        assertThat(net.registeredNodes(deployBlock(), head)).isEqualTo(expected);
        assertThat(proxy.faultsServed("range-cap")).as("the cap was met and paged under").isPositive();
    }

    @Test
    void aResultCountCapShrinksThePageUntilTheLogsFit() {
        RpcFaultProxy proxy = proxy().capLogResults(2);
        PoqNetwork net = through(proxy.url());
        assertThat(keys(net.events(deployBlock(), f.network().blockNumber()))).isEqualTo(keys(truth()));
        assertThat(proxy.faultsServed("result-cap")).isPositive();
    }

    @Test
    void burstsOf429AndLimitExceededAreWaitedOutWithBackoff() {
        RpcFaultProxy proxy = proxy();
        PoqNetwork net = through(proxy.url());
        proxy.throttleNext(3);
        assertThat(keys(net.events(deployBlock(), f.network().blockNumber()))).isEqualTo(keys(truth()));
        proxy.limitExceededNext(3);
        assertThat(net.poqBalance(f.requester().address())).isEqualTo(f.network().poqBalance(f.requester().address()));
        assertThat(proxy.faultsServed("429")).isEqualTo(3);
        assertThat(proxy.faultsServed("limit-exceeded")).isEqualTo(3);
    }

    @Test
    void droppedConnectionsAreRetriedAndALostAnswerToASendIsNotASecondSend() {
        RpcFaultProxy proxy = proxy();
        PoqNetwork net = through(proxy.url());
        var sender = net.session(LocalAccounts.account(1));
        String to = LocalAccounts.account(40).getAddress();
        TokenAmount before = f.network().poqBalance(to);
        BigInteger nonceBefore = nonce(sender.address());
        proxy.resetNext(2);
        assertThat(net.blockNumber()).isEqualTo(f.network().blockNumber());
        // the node takes the transaction, then the connection drops before its hash comes back
        int rawSends = proxy.calls("eth_sendRawTransaction");
        proxy.dropAnswerOfNext("eth_sendRawTransaction", 1);
        sender.transferPoq(to, TokenAmount.ofTokens(7));
        assertThat(proxy.faultsServed("reset")).isEqualTo(2);
        assertThat(proxy.faultsServed("answer-dropped")).isEqualTo(1);
        assertThat(proxy.calls("eth_sendRawTransaction") - rawSends).as("the send was tried again").isEqualTo(2);
        assertThat(f.network().poqBalance(to)).isEqualTo(before.plus(TokenAmount.ofTokens(7)));
        assertThat(nonce(sender.address())).as("one transaction, not two").isEqualTo(nonceBefore.add(BigInteger.ONE));
    }

    @Test
    void aLaggingNodeBehindALoadBalancerDoesNotMakeTheStreamSkipBlocks() {
        RpcFaultProxy proxy = proxy().lagging(3, 2);
        PoqNetwork net = through(proxy.url());
        List<TaskEvent> seen = new CopyOnWriteArrayList<>();
        TaskEventStream s = net.follow(deployBlock(), seen::add, e -> { });
        open.add(s);
        for (int i = 0; i < 3; i++) {
            f.requester().submitTask(f.request(3, 5, TokenAmount.ofTokens(10)));
        }
        long head = f.network().blockNumber();
        Await.until("the stream reads to block " + head, Duration.ofSeconds(60), () -> s.nextBlock() > head);
        assertThat(keys(seen)).isEqualTo(keys(truth()));
        assertThat(proxy.faultsServed("lagging-logs") + proxy.faultsServed("lagging-block")).isPositive();
    }

    @Test
    void anOutageLongerThanTheCapAndARestartResumeFromTheLastFullyReadBlock() {
        RpcFaultProxy proxy = proxy().capLogRange(50);
        PoqNetwork net = through(proxy.url());
        List<TaskEvent> seen = new CopyOnWriteArrayList<>();
        List<Exception> errors = new CopyOnWriteArrayList<>();
        TaskEventStream first = net.follow(deployBlock(), seen::add, errors::add);
        long head = f.network().blockNumber();
        Await.until("the stream catches up", Duration.ofSeconds(60), () -> first.nextBlock() > head);

        proxy.stop();
        for (int i = 0; i < 2; i++) {
            f.requester().submitTask(f.request(3, 5, TokenAmount.ofTokens(10)));
            f.chain().rpc("anvil_mine", BigInteger.valueOf(120)); // more than two pages of the cap while away
        }
        Await.until("the outage is noticed", Duration.ofSeconds(30), () -> !errors.isEmpty());
        proxy.restart();
        long head2 = f.network().blockNumber();
        Await.until("the stream catches up after the outage", Duration.ofSeconds(60), () -> first.nextBlock() > head2);
        first.close();
        long saved = first.nextBlock();

        // a restart: a new stream from the saved block, with more history written while it was closed
        f.requester().submitTask(f.request(3, 5, TokenAmount.ofTokens(10)));
        f.chain().rpc("anvil_mine", BigInteger.valueOf(130));
        TaskEventStream second = net.follow(saved, seen::add, e -> { });
        open.add(second);
        long head3 = f.network().blockNumber();
        Await.until("the restarted stream catches up", Duration.ofSeconds(60), () -> second.nextBlock() > head3);
        assertThat(keys(seen)).as("every event once, in order").isEqualTo(keys(truth()));
    }

    @Test
    void theClientFailsOverToTheNextUrlAndSaysWhichOneItUses() {
        RpcFaultProxy primary = proxy();
        RpcFaultProxy backup = proxy();
        PoqNetwork net = through(primary.url(), backup.url());
        List<String> switches = new CopyOnWriteArrayList<>();
        net.onFailover((from, to) -> switches.add(from + " -> " + to));
        assertThat(net.rpcUrlInUse()).isEqualTo(primary.url());
        primary.stop();
        assertThat(net.blockNumber()).isEqualTo(f.network().blockNumber());
        assertThat(net.rpcUrlInUse()).isEqualTo(backup.url());
        assertThat(switches).containsExactly(primary.url() + " -> " + backup.url());
        primary.restart();
        backup.throttleNext(50);
        assertThat(net.poqBalance(f.requester().address())).isEqualTo(f.network().poqBalance(f.requester().address()));
        assertThat(net.rpcUrlInUse()).as("a throttling endpoint is left for the next one").isEqualTo(primary.url());
    }

    /** What identifies an event: its kind, task and place on chain (records with byte arrays do not compare by value). */
    static List<String> keys(List<TaskEvent> events) {
        return events.stream().map(e -> e.getClass().getSimpleName() + " " + e.taskId() + " @" + e.position().block()
                + "/" + e.position().logIndex() + " " + e.position().txHash()).toList();
    }

    @Test
    void anRpcUrlServingAnotherChainIsSkipped() {
        try (var other = org.poq.network.devnet.AnvilProcess.start(new org.poq.network.devnet.AnvilOptions(0, 999, null, null,
                2, null, List.of()))) {
            RpcFaultProxy proxy = proxy();
            PoqNetwork net = through(other.rpcUrl(), proxy.url());
            assertThat(net.rpcUrlInUse()).isEqualTo(proxy.url());
            assertThat(net.blockNumber()).isEqualTo(f.network().blockNumber());
        }
    }

    private static BigInteger nonce(String address) {
        return org.poq.network.chain.Calls.run("read the nonce", () -> f.chain().web3j()
                .ethGetTransactionCount(address, org.web3j.protocol.core.DefaultBlockParameterName.LATEST).send()
                .getTransactionCount());
    }
}
