package org.poq.simulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The adversaries of the protocol v2 review (issue 11) and the lazy validators of the v3 review (issue 22),
 * each played on the real contracts against honest nodes of the same stake. {@link #defence} names the rule
 * that beats it; {@link Rules#V1} plays the
 * same adversary with that rule taken away, to show the rule is what makes it lose.
 */
public enum Attack {
    SELF_DEALING_REQUESTER("self-dealing", "self-dealing requester",
            "submits its own tasks and has its own validators score every answer 0, to keep the miners' pool and take the validators'",
            "the draw comes from the hash of a block after the submit (0003), so the requester cannot pick its validators",
            "the requester sees its draw before it commits to the task and retries until its validators hold the majority "
                    + "(v1's submit-inspect-revert, played with anvil snapshots)"),
    DUST_GRIEFER("dust", "dust griefer",
            "asks tasks that pay (next to) nothing, so that the honest nodes drawn for them work for free or are slashed for staying away",
            "the protocol's fee floor per participant and each node's declared price (0005)",
            "the market takes a 1-wei fee per participant and knows no node prices, as v1 did"),
    TRUST_FARMER("trust-farmer", "trust farmer",
            "raises its miner's trust with cheap self-asked tasks in a private model family, then moves to the real family",
            "trust is per group: joining another family starts from the start value (0008)",
            "the trust farmed in the private family is kept in the real one, as v1's global trust was "
                    + "(a counterfactual computed from the farmed trust read on chain)"),
    WHITEWASHER("whitewasher", "whitewasher",
            "answers lazily until its trust is low, then drops the penalised identity and registers a fresh address",
            "a fresh address starts at trust 0.5, below an established honest node (0008)",
            "a fresh address starts at the trust cap, as in v1 (set through the registry's governor)"),
    DEADLINE_BLIND_MINER("deadline-blind", "deadline-blind miner",
            "runs its generation past maxTokens and past the commit deadline, then commits anyway",
            "the chain refuses late commits and answers over maxTokens x 32 bytes; the v2 node stops at both (0009)",
            "the honest node runs v1's software too, which knew no deadline and no token limit"),
    LAZY_CONSTANT("constant-validator", "constant validator",
            "never runs the evaluator and reports 8,500 for every answer, close to the median when most answers are good",
            Lazy.DEFENCE, Lazy.WITHOUT, "v3", "v2"),
    LAZY_COPIER("consensus-copier", "consensus copier",
            "never runs the evaluator and reports the previous task's consensus, which anyone reads on chain",
            Lazy.DEFENCE, Lazy.WITHOUT, "v3", "v2");

    /** The lazy validators share one defence and one counterfactual. */
    private static final class Lazy {
        static final String DEFENCE = "pay weight (tolerance - d)^2 and trust moved by that factor squared (0046): a validator "
                + "running the evaluator deviates by 0 to 14 points, a lazy one by the spread of the answers";
        static final String WITHOUT = "the earlier rule, pay weight 2 x tolerance - d within the tolerance, applied to the same reveals";
    }

    private final String cliName;
    private final String label;
    private final String description;
    private final String defence;
    private final String withoutDefence;
    private final String rules;
    private final String earlierRules;

    Attack(String cliName, String label, String description, String defence, String withoutDefence) {
        this(cliName, label, description, defence, withoutDefence, "v2", "v1");
    }

    /** @param rules the protocol whose defence it is; @param earlierRules the protocol whose rule plays it without */
    Attack(String cliName, String label, String description, String defence, String withoutDefence, String rules,
           String earlierRules) {
        this.rules = rules;
        this.earlierRules = earlierRules;
        this.cliName = cliName;
        this.label = label;
        this.description = description;
        this.defence = defence;
        this.withoutDefence = withoutDefence;
    }

    public String cliName() {
        return cliName;
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    public String defence() {
        return defence;
    }

    public String withoutDefence() {
        return withoutDefence;
    }

    /** How the report names the rules it was played under: "v2", "v2 without the defence (v1's rule)". */
    public String rulesLabel(Rules r) {
        return r == Rules.V2 ? rules : rules + " without the defence (" + earlierRules + "'s rule)";
    }

    /** The protocol whose rule beats it ("v2", "v3"). */
    public String rules() {
        return rules;
    }

    /** "all", "none", or comma separated names as {@link #cliName()} spells them. */
    public static List<Attack> parse(List<String> names) {
        if (names == null || names.isEmpty() || names.equals(List.of("all"))) return List.of(values());
        if (names.equals(List.of("none"))) return List.of();
        List<Attack> out = new ArrayList<>();
        for (String n : names) {
            String key = n.trim().toLowerCase(Locale.ROOT);
            Attack a = Arrays.stream(values()).filter(x -> x.cliName.equals(key)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown attack '" + n + "': choose all, none, or any of "
                            + String.join(", ", Arrays.stream(values()).map(Attack::cliName).toList())));
            if (!out.contains(a)) out.add(a);
        }
        return out;
    }
}
