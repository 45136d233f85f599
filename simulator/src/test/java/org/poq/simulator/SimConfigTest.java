package org.poq.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which validators a configuration fields, and which configurations a grid plays. */
class SimConfigTest {
    @Test
    void maliciousValidatorsAreHalfColludersThenTheLoneStrategiesInTurn() {
        assertThat(new SimConfig(15, 0.45, 1).validators()).startsWith(ValidatorStrategy.COLLUDING, ValidatorStrategy.COLLUDING,
                ValidatorStrategy.COLLUDING, ValidatorStrategy.RANDOM, ValidatorStrategy.CONSTANT, ValidatorStrategy.COPIER)
                .hasSize(15).filteredOn(ValidatorStrategy::malicious).hasSize(6);
        assertThat(new SimConfig(3, 0.45, 1).validators()).containsExactly(ValidatorStrategy.COLLUDING,
                ValidatorStrategy.HONEST, ValidatorStrategy.HONEST);
        assertThat(new SimConfig(9, 0.0, 1).validators()).allMatch(v -> v == ValidatorStrategy.HONEST);
    }

    @Test
    void gridPlaysEachDistinctNumberOfMaliciousValidatorsOnce() {
        List<String> labels = Simulator.grid(List.of(3, 15), List.of(0.0, 0.15, 0.30, 0.45), 1).stream()
                .map(SimConfig::label).toList();
        assertThat(labels).containsExactly("m=3, 0% malicious (0 of 3)", "m=3, 45% malicious (1 of 3)",
                "m=15, 0% malicious (0 of 15)", "m=15, 15% malicious (2 of 15)", "m=15, 30% malicious (4 of 15)",
                "m=15, 45% malicious (6 of 15)");
    }

    @Test
    void rejectsConfigurationsTheMarketCannotRun() {
        assertThatThrownBy(() -> new SimConfig(16, 0, 1)).hasMessageContaining("m must be in 3..15");
        assertThatThrownBy(() -> new SimConfig(5, 1.0, 1)).hasMessageContaining("share");
    }
}
