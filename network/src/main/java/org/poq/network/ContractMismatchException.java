package org.poq.network;

import org.poq.network.chain.PoqNetworkException;

/** A contract the network file names is not there, or not what it should be; nothing was signed. */
public class ContractMismatchException extends PoqNetworkException {
    public ContractMismatchException(String message) {
        super(message);
    }

    /**
     * The words for a contract address that holds no code, for the node's checks and the wallet's alike:
     * "SOURCE: the CONTRACT at ADDRESS holds no contract on chain N (…); nothing was signed".
     *
     * @param source the network file or settings the address came from, in words
     */
    public static String noContract(String source, String contract, String address, long chainId) {
        return source + ": the " + contract + " at " + address + " holds no contract on chain " + chainId
                + " (a wrong address in the file, or the chain was reset since the deploy); nothing was signed";
    }
}
