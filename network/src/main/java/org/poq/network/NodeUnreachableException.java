package org.poq.network;

/** The JSON-RPC node did not answer; nothing was sent, or the outcome of a send is unknown (see message). */
public class NodeUnreachableException extends PoqNetworkException {
    public NodeUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
