package org.poq.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One configuration: m validators per task of which floor(share x m) are malicious, played for a number
 * of rounds. Exactly the task's miners and validators are registered, so every node is drawn every
 * round and each round's malicious share is the configured one, never more by the luck of the draw.
 */
public record SimConfig(int m, double maliciousShare, int rounds) {
    /** Two honest miners (so the honest pool is shared, as on a real network) and one of each other kind. */
    public static final List<MinerStrategy> MINERS = List.of(MinerStrategy.HONEST, MinerStrategy.HONEST,
            MinerStrategy.EMPTY, MinerStrategy.RANDOM_TEXT, MinerStrategy.OFF_TOPIC, MinerStrategy.COPIER,
            MinerStrategy.COLLUDING);

    private static final List<ValidatorStrategy> LONE_ADVERSARIES = List.of(ValidatorStrategy.RANDOM,
            ValidatorStrategy.CONSTANT, ValidatorStrategy.COPIER);

    public SimConfig {
        if (m < 3 || m > 15) throw new IllegalArgumentException("m must be in 3..15 (protocol v2 needs at least three validators)");
        if (maliciousShare < 0 || maliciousShare >= 1) throw new IllegalArgumentException("the malicious share must be in [0, 1)");
        if (rounds < 1) throw new IllegalArgumentException("rounds must be positive");
    }

    public int k() {
        return MINERS.size();
    }

    public int malicious() {
        return (int) Math.floor(maliciousShare * m + 1e-9);
    }

    /**
     * The malicious validators: half of them (rounded up) form the colluding group, the strongest attack on
     * a median; the rest take the lone strategies in turn, so every kind shows up once there are enough.
     */
    public List<ValidatorStrategy> validators() {
        int bad = malicious();
        int colluders = (bad + 1) / 2;
        List<ValidatorStrategy> out = new ArrayList<>();
        for (int i = 0; i < colluders; i++) out.add(ValidatorStrategy.COLLUDING);
        for (int i = 0; i < bad - colluders; i++) out.add(LONE_ADVERSARIES.get(i % LONE_ADVERSARIES.size()));
        while (out.size() < m) out.add(ValidatorStrategy.HONEST);
        return out;
    }

    public String label() {
        return String.format(Locale.ROOT, "m=%d, %d%% malicious (%d of %d)", m,
                Math.round(maliciousShare * 100), malicious(), m);
    }
}
