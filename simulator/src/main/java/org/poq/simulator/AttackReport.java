package org.poq.simulator;

import java.util.List;
import java.util.Locale;

/** The attacks' results as the markdown of attacks.md: honest against adversary per unit of stake, v2 and without the defence. */
public record AttackReport(List<AttackResult> results, int rounds, double seconds) {

    /** Under the current rules (v2's and v3's defences) every adversary earns less than an honest node of the same stake. */
    public boolean honestEarnsMostUnderV2() {
        return results.stream().filter(r -> r.rules() == Rules.V2).allMatch(AttackResult::adversaryEarnsLess);
    }

    public String toMarkdown() {
        StringBuilder b = new StringBuilder("# Protocol v2 and v3 adversaries: results\n\n");
        b.append(String.format(Locale.ROOT, "%d attacks, %d rounds each under each set of rules, on a fresh anvil node with the "
                + "real contracts (a fresh deployment per attack and rules), %.0f s. Every node stakes %s POQ.%n%n",
                results.stream().map(AttackResult::attack).distinct().count(), rounds, seconds, SimChain.STAKE.format(0)));
        b.append("Each figure: net POQ (rewards minus slashes; for a requester also fees paid less refunds) per 1,000 POQ of "
                + "stake per round. The trust attacks give the expected reward from the next one-miner task instead "
                + "(stake x trust read on chain, docs/simulation/README.md).\n\n");
        b.append("| adversary | rules | honest | adversary | adversary earns less | how |\n|---|---|---:|---:|---|---|\n");
        for (AttackResult r : results) {
            b.append(String.format(Locale.ROOT, "| %s | %s | **%.3f** | %.3f | %s | %s |%n", r.attack().label(), r.attack().rulesLabel(r.rules()),
                    r.honest(), r.adversary(), r.adversaryEarnsLess() ? "yes" : "**no**", r.note()));
        }
        b.append("\n## The defences\n\n");
        for (Attack a : results.stream().map(AttackResult::attack).distinct().toList()) {
            b.append(String.format(Locale.ROOT, "- **%s** %s. %s: %s. Without it: %s.%n", a.label(), a.description(),
                    a.rules(), a.defence(), a.withoutDefence()));
        }
        return b.toString();
    }
}
