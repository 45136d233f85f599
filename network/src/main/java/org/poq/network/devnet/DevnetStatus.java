package org.poq.network.devnet;

import java.util.Optional;
import org.poq.network.NetworkDescriptor;

/** What `poq devnet status` reports. */
public record DevnetStatus(boolean running, long pid, String rpcUrl, long blockNumber,
                           Optional<NetworkDescriptor> descriptor) {
    public String describe() {
        StringBuilder b = new StringBuilder();
        if (!running) {
            b.append("devnet: stopped\n");
        } else {
            b.append("devnet: running (pid ").append(pid).append(")\n")
                    .append("rpc:    ").append(rpcUrl).append('\n')
                    .append("block:  ").append(blockNumber).append('\n');
        }
        descriptor.ifPresent(d -> b.append("chain:    ").append(d.chainId()).append('\n')
                .append("token:    ").append(d.contracts().token()).append('\n')
                .append("registry: ").append(d.contracts().registry()).append('\n')
                .append("market:   ").append(d.contracts().market()).append('\n')
                .append("evaluators: ").append(d.evaluators().isEmpty() ? "none" : String.join(", ", d.evaluators())).append('\n'));
        return b.toString();
    }
}
