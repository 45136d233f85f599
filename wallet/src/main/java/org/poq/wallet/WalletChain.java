package org.poq.wallet;

import org.poq.network.NetworkIdentity;
import org.poq.network.NodeUnreachableException;
import org.poq.network.PoqNetworkException;
import org.web3j.protocol.Web3j;

/**
 * What the wallet needs from the network, as plain values so it works on any EVM node: a Web3j
 * connection, the chain id it signs for, the POQ token address and, optionally, the registry and
 * market (for stake and history) and the block to start scanning at.
 */
public record WalletChain(Web3j web3j, long chainId, String token, String registry, String market, long startBlock) {
    public WalletChain {
        if (web3j == null || token == null) {
            throw new IllegalArgumentException("the wallet needs a node connection and the token address");
        }
    }

    /**
     * The network's identity as the node serves it now (decision 0037): the wallet's transactions and
     * history are kept under it, so a reset chain never sees (or re-sends) the records of the old one.
     */
    public NetworkIdentity identity() {
        try {
            return NetworkIdentity.read(web3j, chainId, market != null ? market : token, Math.max(0, startBlock));
        } catch (NodeUnreachableException e) {
            throw e;
        } catch (PoqNetworkException e) {
            throw new WalletException(e.getMessage(), e);
        }
    }

    public static WalletChain of(org.poq.network.PoqNetwork network) {
        var d = network.descriptor();
        return new WalletChain(network.chain().web3j(), d.chainId(), d.contracts().token(), d.contracts().registry(),
                d.contracts().market(), d.deployBlock());
    }
}
