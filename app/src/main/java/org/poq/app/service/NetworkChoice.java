package org.poq.app.service;

/**
 * Which network the app talks to. {@code value} is a descriptor file's path, or an RPC URL (then the
 * contracts are those of the saved local devnet descriptor, i.e. the same deployment reached through
 * another node), or empty for the local devnet.
 */
public record NetworkChoice(Kind kind, String value) {
    public enum Kind {
        LOCAL_DEVNET("Local devnet (default)"), DESCRIPTOR_FILE("Network descriptor file"), RPC_URL("RPC URL");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    public NetworkChoice {
        value = value == null ? "" : value.trim();
    }

    public static NetworkChoice localDevnet() {
        return new NetworkChoice(Kind.LOCAL_DEVNET, "");
    }
}
