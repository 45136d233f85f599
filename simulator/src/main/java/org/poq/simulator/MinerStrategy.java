package org.poq.simulator;

import java.util.Random;

/** How a simulated miner answers. The answer text only has to look like its kind; its quality comes from {@link QualityModel}. */
public enum MinerStrategy {
    HONEST("honest", "runs the model and answers the prompt"),
    EMPTY("lazy (empty)", "skips the work and reveals an empty answer"),
    RANDOM_TEXT("random text", "reveals random words"),
    OFF_TOPIC("off-topic", "reveals a fluent answer to another question"),
    COPIER("copier", "cannot see answers before reveal, so it copies an honest miner's commitment, which it cannot open"),
    COLLUDING("colluding", "answers off-topic and relies on the colluding validators to boost it");

    private static final String[] OFF_TOPIC_ANSWERS = {
        "Bananas are rich in potassium and grow in tropical climates.",
        "The Pacific is the largest ocean on Earth.",
        "Photosynthesis turns light, water and carbon dioxide into sugar.",
    };

    private final String label;
    private final String description;

    MinerStrategy(String label, String description) {
        this.label = label;
        this.description = description;
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    /** The text this miner would reveal (a copier reveals nothing of its own: it has no answer). */
    String answer(int round, Random random) {
        return switch (this) {
            case HONEST -> "Paris is the capital of France (round " + round + ").";
            case EMPTY -> "";
            case RANDOM_TEXT -> randomWords(random);
            case OFF_TOPIC, COLLUDING -> OFF_TOPIC_ANSWERS[random.nextInt(OFF_TOPIC_ANSWERS.length)];
            case COPIER -> null;
        };
    }

    private static String randomWords(Random random) {
        StringBuilder b = new StringBuilder();
        for (int w = 0; w < 8; w++) {
            if (w > 0) b.append(' ');
            int len = 2 + random.nextInt(7);
            for (int i = 0; i < len; i++) b.append((char) ('a' + random.nextInt(26)));
        }
        return b.toString();
    }
}
