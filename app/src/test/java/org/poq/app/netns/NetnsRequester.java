package org.poq.app.netns;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.poq.app.service.FollowedTask;
import org.poq.app.service.RequesterSession;
import org.poq.app.service.TaskListener;
import org.poq.app.service.TaskProgress;
import org.poq.app.demo.DemoNodes;
import org.poq.core.AppPaths;
import org.poq.core.TokenAmount;
import org.poq.core.db.Database;
import org.poq.evaluator.DefaultEvaluator;
import org.poq.network.Deployer;
import org.poq.network.NetworkDescriptor;
import org.poq.network.PoqNetwork;
import org.poq.network.ProtocolParams;
import org.poq.network.TaskRequest;
import org.poq.network.TaskView;
import org.poq.network.chain.ChainClient;
import org.poq.network.devnet.LocalAccounts;

/**
 * The requester of {@link NetworkNamespaceTest}, run in its own network namespace: {@code setup RPC OUT}
 * deploys and funds the node accounts; {@code nodes DESCRIPTOR} runs the nodes (in theirs); {@code ask DESCRIPTOR} submits a task through the app layer's
 * {@link RequesterSession} and follows it to Finalized, printing each snapshot.
 */
public final class NetnsRequester {
    static final String FAMILY = "demo-tiny-llama";

    private NetnsRequester() {
    }

    public static void main(String[] args) throws Exception {
        try {
            switch (args[0]) {
                case "setup" -> setup(args[1], Path.of(args[2]));
                case "nodes" -> nodes(Path.of(args[1]));
                default -> ask(Path.of(args[1]));
            }
            System.out.flush();
            System.exit(0);
        } catch (Throwable e) {
            System.out.println("FAILED " + e);
            System.out.flush();
            System.exit(1);
        }
    }

    static void setup(String rpc, Path out) {
        NetworkDescriptor d;
        try (ChainClient chain = ChainClient.connect(rpc, 31337)) {
            d = new Deployer(chain, LocalAccounts.account(0)).deploy("netns", ProtocolParams.defaults(),
                    List.of(new Deployer.EvaluatorEntry(DefaultEvaluator.id(), "minilm")));
        }
        try (PoqNetwork net = PoqNetwork.connect(d)) {
            for (int i = 1; i <= 5; i++) {
                net.session(LocalAccounts.account(0)).transferPoq(LocalAccounts.account(i).getAddress(), TokenAmount.ofTokens(10_000));
            }
        }
        d.write(out);
        System.out.println("DEPLOYED " + d.contracts().market());
    }

    /**
     * One miner and three validators (protocol v2 asks m >= 3) on accounts 2..5, started by the app
     * layer's NodeLauncher through MinerService and ValidatorService, as the demo nodes are.
     */
    static void nodes(Path descriptor) throws Exception {
        PoqNetwork net = PoqNetwork.connect(NetworkDescriptor.read(descriptor));
        AppPaths paths = AppPaths.fromEnvironment();
        Database db = Database.open(paths.database());
        DemoNodes nodes = DemoNodes.start(net, paths, db, new DemoNodes.Plan(FAMILY, 1, 3, 2), System.out::println);
        System.out.println("NODES RUNNING " + nodes.miners() + " " + nodes.validators());
        System.out.flush();
        new java.util.concurrent.CountDownLatch(1).await(); // until the test kills the process
    }

    static void ask(Path descriptor) throws Exception {
        try (PoqNetwork net = PoqNetwork.connect(NetworkDescriptor.read(descriptor))) {
            RequesterSession session = new RequesterSession(net);
            TaskRequest r = new TaskRequest("What is the capital of France?", FAMILY, DefaultEvaluator.id(), 1, 3, 16,
                    TokenAmount.ofTokens(30));
            try (FollowedTask t = session.submit(LocalAccounts.account(1), r, new TaskListener() {
                @Override
                public synchronized void update(TaskView v) {
                    System.out.println("VIEW " + v.phase() + " " + TaskProgress.line(v));
                    System.out.flush();
                }
            })) {
                System.out.println("SUBMITTED " + t.id().value());
                System.out.flush();
                TaskView done = t.awaitFinalized(Duration.ofMinutes(4));
                if (done == null) {
                    throw new IllegalStateException("not finalized in 4 minutes");
                }
                System.out.println("FINALIZED answers=" + done.ranked().size() + " scores=" + done.scoresRevealed()
                        + " penalties=" + done.penalties().size());
            }
        }
    }

}
