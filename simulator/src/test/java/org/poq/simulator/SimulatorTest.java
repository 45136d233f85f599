package org.poq.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A small simulation on a real anvil node: the protocol's incentives, strategy by strategy. */
class SimulatorTest {
    static SimulationReport report;

    @BeforeAll
    static void simulate() {
        report = new Simulator(QualityModel.standard(), 1).run(
                List.of(new SimConfig(3, 0.0, 2), new SimConfig(7, 0.45, 3)), line -> { });
    }

    @Test
    void honestEarnsTheMostAsMinerAndAsValidator() {
        for (ConfigResult c : report.configs()) {
            assertThat(c.honestEarnsMost()).as("%s: rival %s", c.config().label(), c.rivalOfHonest()).isTrue();
        }
    }

    @Test
    void everyMaliciousKindOfTheLargerConfigurationIsPlayedAndLoses() {
        ConfigResult c = report.configs().get(1);
        assertThat(c.validators()).extracting(StrategyResult::strategy)
                .containsExactly("honest", "random scorer", "colluding");
        StrategyResult colluders = find(c.validators(), "colluding");
        assertThat(colluders.nodes()).isEqualTo(2);
        assertThat(colluders.slashRate()).as("a colluder is far from consensus every round").isEqualTo(1.0);
        assertThat(colluders.reward()).isZero();
        StrategyResult colludingMiner = find(c.miners(), "colluding");
        assertThat(colludingMiner.reward()).as("the boost cannot lift an off-topic answer over the floor").isZero();
    }

    @Test
    void copiersAreRefusedByTheContractAndSlashed() {
        for (ConfigResult c : report.configs()) {
            assertThat(c.copiesRefused()).as("one refused reveal per round").isEqualTo(c.config().rounds());
            StrategyResult copier = find(c.miners(), "copier");
            assertThat(copier.reward()).isZero();
            assertThat(copier.slashRate()).as("committed and never revealed").isEqualTo(1.0);
            assertThat(copier.trust()).isLessThan(find(c.miners(), "honest").trust());
        }
    }

    @Test
    void reportsATableAndAChartOfEveryStrategy() {
        String md = report.toMarkdown();
        assertThat(md).contains("| m=3, 0% malicious (0 of 3) |").contains("| m=7, 45% malicious (3 of 7) |").contains("lazy (empty)")
                .contains("random scorer").contains("honest earns the most");
        String svg = RewardChart.svg(report);
        assertThat(svg).startsWith("<svg").endsWith("</svg>\n").contains("off-topic").contains("colluding");
        long bars = svg.lines().filter(l -> l.startsWith("<rect") && l.contains("<title>")).count();
        int expected = report.configs().stream().mapToInt(c -> c.miners().size() + c.validators().size()).sum();
        assertThat(bars).isEqualTo(expected);
    }

    private static StrategyResult find(List<StrategyResult> rs, String name) {
        return rs.stream().filter(r -> r.strategy().equals(name)).findFirst().orElseThrow();
    }
}
