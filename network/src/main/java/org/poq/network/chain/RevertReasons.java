package org.poq.network.chain;

import java.util.Optional;

/** Pulls the human revert reason out of the various ways nodes and web3j report one. */
public final class RevertReasons {
    private RevertReasons() {
    }

    public static Optional<String> extract(String message) {
        if (message == null) {
            return Optional.empty();
        }
        String m = message;
        for (String marker : new String[] {"execution reverted: ", "revert reason: ", "reverted with reason string '", "Reverted "}) {
            int i = m.indexOf(marker);
            if (i >= 0) {
                String r = m.substring(i + marker.length()).trim();
                if (r.endsWith("'")) {
                    r = r.substring(0, r.length() - 1);
                }
                return Optional.of(r.isEmpty() ? "reverted without a reason" : r);
            }
        }
        if (m.contains("execution reverted") || m.contains("status: 0x0")) {
            return Optional.of("reverted without a reason");
        }
        return Optional.empty();
    }
}
