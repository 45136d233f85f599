package org.poq.network;

import org.poq.network.chain.PoqNetworkException;

/** A contract the network file names is not there, or not what it should be; nothing was signed. */
public class ContractMismatchException extends PoqNetworkException {
    public ContractMismatchException(String message) {
        super(message);
    }
}
