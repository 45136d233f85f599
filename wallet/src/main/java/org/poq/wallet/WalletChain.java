package org.poq.wallet;

import org.poq.network.ContractMismatchException;
import org.poq.network.chain.NetworkIdentity;
import org.poq.network.chain.NodeUnreachableException;
import org.poq.network.PoqNetwork;
import org.poq.network.chain.PoqNetworkException;
import org.poq.network.chain.ChainPort;

/**
 * What the wallet needs from the network, as plain values so it works on any EVM node: the network's
 * narrow chain port (blocks, paged logs, balances, receipts, sends; never the raw client), the chain
 * id it signs for, the POQ token address and, optionally, the registry and market (for stake and
 * history) and the block to start scanning at.
 */
public record WalletChain(ChainPort port, long chainId, String token, String registry, String market, long startBlock,
                          String source) {
    public WalletChain {
        if (port == null || token == null) {
            throw new IllegalArgumentException("the wallet needs a node connection and the token address");
        }
        if (source == null) {
            source = "the network settings";
        }
    }

    /** Addresses given by hand, not read from a network file: errors name "the network settings". */
    public WalletChain(ChainPort port, long chainId, String token, String registry, String market, long startBlock) {
        this(port, chainId, token, registry, market, startBlock, null);
    }

    /**
     * Throws, naming the network file and the contract, when the POQ token's address holds no contract
     * (a wrong address in the file, or a chain reset since the deploy): a read of it would otherwise fail
     * with web3j's "Empty value (0x) returned from contract", which names neither (issue 28).
     */
    public void requireToken() {
        if (!port.isContract(token)) {
            throw new WalletException(ContractMismatchException.noContract(source, "POQ token", token, chainId));
        }
    }

    /**
     * The network's identity as the node serves it now (decision 0037): the wallet's transactions and
     * history are kept under it, so a reset chain never sees (or re-sends) the records of the old one.
     */
    public NetworkIdentity identity() {
        try {
            return port.identity(chainId, market != null ? market : token, Math.max(0, startBlock));
        } catch (NodeUnreachableException e) {
            throw e;
        } catch (PoqNetworkException e) {
            throw new WalletException(e.getMessage(), e);
        }
    }

    public static WalletChain of(PoqNetwork network) {
        var d = network.descriptor();
        return new WalletChain(network.port(), d.chainId(), d.contracts().token(), d.contracts().registry(),
                d.contracts().market(), d.deployBlock(), d.sourceWords());
    }
}
