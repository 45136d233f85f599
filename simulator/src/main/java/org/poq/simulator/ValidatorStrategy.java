package org.poq.simulator;

/** How a simulated validator scores. */
public enum ValidatorStrategy {
    HONEST("honest", "scores every answer with the task's evaluator (quality plus small hardware noise)"),
    RANDOM("random scorer", "scores uniformly at random in 0..10000"),
    CONSTANT("constant scorer", "gives every answer 5000 without looking"),
    COPIER("copier", "waits to copy the others' revealed scores, which only appear after the commit phase has closed"),
    COLLUDING("colluding", "one group: 10000 for the colluding miner, 0 for everyone else");

    private final String label;
    private final String description;

    ValidatorStrategy(String label, String description) {
        this.label = label;
        this.description = description;
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    public boolean malicious() {
        return this != HONEST;
    }
}
