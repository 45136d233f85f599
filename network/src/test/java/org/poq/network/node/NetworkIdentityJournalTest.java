package org.poq.network.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.core.db.Database;
import org.poq.core.testing.Await;
import org.poq.network.NetworkDescriptor;
import org.poq.network.chain.NetworkIdentity;
import org.poq.network.NodeRole;
import org.poq.network.PoqNetwork;
import org.poq.network.ProtocolParams;
import org.poq.network.devnet.LocalAccounts;
import org.poq.network.testing.Opened;
import org.poq.network.testing.ProtocolFixture;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameter;

/**
 * A node's records belong to one network (issue 28): a data folder that outlives its chain must never
 * make the node act on the old chain's records. Both attacks on the node's own money happened on a
 * real machine: after a reset and a redeploy to the same addresses, restarted miners skipped the new
 * task #1 and were slashed; a miner moved to another chain id re-sent the old chain's commit.
 */
class NetworkIdentityJournalTest {
    @TempDir
    Path dir;
    private final Opened open = new Opened();

    @AfterEach
    void closeAll() throws Exception {
        open.close();
    }

    /** A miner on {@code network} whose answer says which life of the node gave it. */
    private ParticipantService miner(PoqNetwork network, Credentials c, ParticipationJournal journal, String life) {
        return open.keep(ParticipantService.miner(network, c, journal, ctx -> "answered in the " + life,
                ParticipantService.Options.defaults())).start();
    }

    /** The first chain's deploy block time, in seconds: a later chain is started after it (see {@link #aLaterSecond}). */
    private long firstDeployBlockTime;

    /**
     * Waits until the clock has passed the first chain's deploy block. A chain started within the same
     * second, by the same deployer with the same transactions, is block for block the same chain up to its
     * deploy block (same timestamps, same hashes), which no identity can tell apart; a real reset comes
     * later, and on a fast machine the whole first life can fit in one second.
     */
    private void aLaterSecond() {
        Await.until("the clock passes the first chain's deploy block time", Duration.ofSeconds(30),
                () -> Instant.now().getEpochSecond() > firstDeployBlockTime);
    }

    /** Runs the first life on a fresh chain until the miner's commit for task #1 is on chain and in the journal. */
    private NetworkIdentity firstLife(ParticipationJournal journal, Credentials c) {
        ProtocolFixture a = ProtocolFixture.start(3, 3);
        try {
            ParticipantService m = miner(a.network(), c, journal, "first life");
            TaskId id = a.requester().submitTask(a.request(3, 3, TokenAmount.ofTokens(100)));
            assertThat(id.value().intValue()).isEqualTo(1);
            Await.until("the first life commits", Duration.ofSeconds(60), () -> journal.get(c.getAddress(), id)
                    .map(p -> p.state() == ParticipationState.COMMITTED).orElse(false));
            m.close();
            NetworkIdentity identity = a.network().identity();
            firstDeployBlockTime = a.chain().web3j().ethGetBlockByNumber(
                    DefaultBlockParameter.valueOf(BigInteger.valueOf(identity.anchorBlock())), false).send().getBlock().getTimestamp().longValueExact();
            return identity;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            a.close();
        }
    }

    @Test
    void aMinerRestartedAfterAResetAndARedeployToTheSameAddressesWorksTheNewTaskOne() {
        Database db = open.keep(Database.open(dir.resolve("node.db")));
        ParticipationJournal journal = new ParticipationJournal(db);
        Credentials c = ProtocolFixture.credentialsOf(firstMinerAddress());
        NetworkIdentity old = firstLife(journal, c);
        aLaterSecond();

        // the reset: a new chain with the same id, the same deployer and so the same contract addresses
        ProtocolFixture b = open.keep(ProtocolFixture.start(3, 3));
        assertThat(b.network().descriptor().contracts().market()).isEqualToIgnoringCase(old.market());
        TaskId id = b.requester().submitTask(b.request(3, 3, TokenAmount.ofTokens(100)));
        assertThat(id.value().intValue()).as("the new chain's task #1").isEqualTo(1);
        ParticipantService m = miner(b.network(), c, journal, "second life");

        Await.until("the restarted miner commits its own answer to the new task #1", Duration.ofSeconds(60),
                () -> journal.get(c.getAddress(), id).map(p -> p.state() != ParticipationState.PREPARED
                        && p.payload().equals(new Payload.Answer("answered in the second life"))).orElse(false));
        Await.until("the commit is on the new chain", Duration.ofSeconds(60), () -> b.network().slot(id, c.getAddress()).committed());
        assertThat(m.resends()).as("nothing of the old chain was sent").isZero();
        assertThat(m.networkChange()).hasValueSatisfying(words -> assertThat(words)
                .contains("the chain was reset or the contracts redeployed").contains("kept apart").doesNotContain("null"));
        assertThat(journal.listOn(c.getAddress(), old)).singleElement().satisfies(p -> {
            assertThat(p.payload()).isEqualTo(new Payload.Answer("answered in the first life"));
            assertThat(p.state()).isEqualTo(ParticipationState.COMMITTED);
        });
    }

    @Test
    void aDataFolderTakenToAnotherChainIdSendsNothingOfTheOldChain() throws Exception {
        Database db = open.keep(Database.open(dir.resolve("node.db")));
        ParticipationJournal journal = new ParticipationJournal(db);
        Credentials c = ProtocolFixture.credentialsOf(firstMinerAddress());
        NetworkIdentity old = firstLife(journal, c);

        ProtocolFixture b = open.keep(ProtocolFixture.start(3, 3));
        TaskId id = b.requester().submitTask(b.request(3, 3, TokenAmount.ofTokens(100)));
        b.chain().rpc("anvil_setChainId", 31338L);
        PoqNetwork other = open.keep(PoqNetwork.connect(withChainId(b.network().descriptor(), 31338)));
        ParticipantService m = miner(other, c, journal, "second life");

        Await.until("the miner works the other chain's task afresh", Duration.ofSeconds(60),
                () -> journal.get(c.getAddress(), id).map(p -> p.state() != ParticipationState.PREPARED
                        && p.payload().equals(new Payload.Answer("answered in the second life"))).orElse(false));
        assertThat(m.resends()).as("the old chain's commit is never re-sent").isZero();
        assertThat(m.networkChange()).hasValueSatisfying(words -> assertThat(words)
                .contains("another chain (chain id 31338, the records were made on chain 31337)"));
        assertThat(journal.listOn(c.getAddress(), old)).singleElement()
                .satisfies(p -> assertThat(p.payload()).isEqualTo(new Payload.Answer("answered in the first life")));
        assertThat(journal.list(c.getAddress())).singleElement()
                .satisfies(p -> assertThat(p.payload()).isEqualTo(new Payload.Answer("answered in the second life")));
    }

    /**
     * Decision 0036 noticed a reset only when the node started. Here anvil is reset and the contracts are
     * redeployed to the same addresses while the miner runs: it must say so, keep the old task #1 apart,
     * and work the new task #1 afresh rather than skip it (the slash of issue 28) or send the old commit.
     */
    @Test
    void aResetAndRedeployUnderARunningMinerIsNoticedAndTheNewTaskOneIsWorkedAfresh() {
        Database db = open.keep(Database.open(dir.resolve("node.db")));
        ParticipationJournal journal = new ParticipationJournal(db);
        Credentials c = ProtocolFixture.credentialsOf(firstMinerAddress());
        ProtocolFixture a = open.keep(ProtocolFixture.start(3, 3));
        AtomicReference<String> life = new AtomicReference<>("answered before the reset");
        ParticipantService m = open.keep(ParticipantService.miner(a.network(), c, journal, ctx -> life.get(),
                ParticipantService.Options.defaults())).start();
        TaskId first = a.requester().submitTask(a.request(3, 3, TokenAmount.ofTokens(100)));
        Await.until("the miner commits to the first chain's task #1", Duration.ofSeconds(60), () -> journal.get(c.getAddress(), first)
                .map(p -> p.state() == ParticipationState.COMMITTED).orElse(false));
        NetworkIdentity old = a.network().identity();
        try {
            firstDeployBlockTime = a.chain().web3j().ethGetBlockByNumber(DefaultBlockParameter.valueOf(
                    BigInteger.valueOf(old.anchorBlock())), false).send().getBlock().getTimestamp().longValueExact();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        aLaterSecond();

        // the reset under the running node, then the same deployer redeploys: the same addresses, a new chain
        a.chain().rpc("anvil_reset");
        life.set("answered after the reset");
        ProtocolFixture b = open.keep(ProtocolFixture.on(() -> { }, a.anvil().rpcUrl(), 31337, 3, 3,
                ProtocolParams.defaults().withWindows(60, 60)));
        assertThat(b.network().descriptor().contracts().market()).isEqualToIgnoringCase(old.market());
        Await.until("the running miner notices the reset", Duration.ofSeconds(60), () -> m.networkChange().isPresent());
        assertThat(m.networkChange().orElseThrow()).contains("the chain was reset").contains("kept apart")
                .doesNotContain("null");

        TaskId id = b.requester().submitTask(b.request(3, 3, TokenAmount.ofTokens(100)));
        assertThat(id).as("the new chain's task #1").isEqualTo(first);
        Await.until("the running miner commits its own answer to the new task #1", Duration.ofSeconds(90),
                () -> b.network().slot(id, c.getAddress()).committed());
        assertThat(journal.get(c.getAddress(), id)).hasValueSatisfying(p ->
                assertThat(p.payload()).isEqualTo(new Payload.Answer("answered after the reset")));
        assertThat(m.resends()).as("nothing of the old chain was sent").isZero();
        assertThat(journal.listOn(c.getAddress(), old)).singleElement().satisfies(p -> {
            assertThat(p.payload()).isEqualTo(new Payload.Answer("answered before the reset"));
            assertThat(p.state()).as("the old record is kept, never acted on").isEqualTo(ParticipationState.COMMITTED);
        });
    }

    @Test
    void theSameNetworkAgainIsNotAChangeAndRecordsFromBeforeIdentitiesAreAdopted() {
        try (ProtocolFixture f = ProtocolFixture.start(1, 0); Database db = Database.open(dir.resolve("node.db"))) {
            ParticipationJournal journal = new ParticipationJournal(db);
            String me = f.miners().get(0).address();
            TaskId id = new TaskId(BigInteger.ONE);
            journal.prepare(me, id, NodeRole.MINER, new Payload.Answer("before identities"), new byte[32]);
            NetworkIdentity here = f.network().identity();
            assertThat(journal.enter(me, here)).isEmpty();
            assertThat(journal.enter(me, here)).isEmpty();
            assertThat(journal.get(me, id)).map(Participation::payload).contains(new Payload.Answer("before identities"));
            assertThat(journal.listOn(me, here)).hasSize(1);
        }
    }

    private static String firstMinerAddress() {
        // the fixture registers its miners from account 2 on, the same on every fresh chain
        return LocalAccounts.account(2).getAddress();
    }

    private NetworkDescriptor withChainId(NetworkDescriptor d, long chainId) throws Exception {
        Path file = dir.resolve("other-chain.json");
        d.write(file);
        String json = Files.readString(file).replaceFirst("\"chainId\"\\s*:\\s*\\d+", "\"chainId\" : " + chainId);
        // anvil mines only on a transaction: the devnet's 0 confirmations, or the draw is never confirmed
        return NetworkDescriptor.parse(json).withConfirmations(0);
    }
}
