package org.poq.simulator;

import java.util.List;
import org.poq.network.PoqNetwork;
import org.poq.network.PoqSession;

/** One configuration's contracts and nodes; miners and validators are listed with their strategies, in the same order. */
record Deployment(PoqNetwork network, PoqSession requester, List<PoqSession> miners, List<MinerStrategy> minerStrategies,
                  List<PoqSession> validators, List<ValidatorStrategy> validatorStrategies) implements AutoCloseable {

    PoqSession session(String address) {
        for (PoqSession s : miners) if (s.address().equalsIgnoreCase(address)) return s;
        for (PoqSession s : validators) if (s.address().equalsIgnoreCase(address)) return s;
        throw new IllegalArgumentException("not a simulated node: " + address);
    }

    MinerStrategy minerStrategy(String address) {
        for (int i = 0; i < miners.size(); i++) {
            if (miners.get(i).address().equalsIgnoreCase(address)) return minerStrategies.get(i);
        }
        throw new IllegalArgumentException("not a simulated miner: " + address);
    }

    ValidatorStrategy validatorStrategy(String address) {
        for (int i = 0; i < validators.size(); i++) {
            if (validators.get(i).address().equalsIgnoreCase(address)) return validatorStrategies.get(i);
        }
        throw new IllegalArgumentException("not a simulated validator: " + address);
    }

    @Override
    public void close() {
        network.close();
    }
}
