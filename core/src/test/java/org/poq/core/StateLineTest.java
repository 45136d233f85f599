package org.poq.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StateLineTest {
    @Test
    void anOutagePolledTwentyTimesASecondForFortyTwoSecondsGivesOneLineTwoRemindersAndTheEnd() {
        AtomicLong now = new AtomicLong();
        StateLine line = new StateLine(Duration.ofSeconds(30), now::get);
        List<String> told = new ArrayList<>();
        for (int i = 0; i < 42 * 20; i++) {
            now.set(Duration.ofMillis(50L * i).toNanos());
            line.report(i < 10 * 20 ? "the node does not answer" : "the node refuses the connection").ifPresent(told::add);
        }
        line.clear("the node answers again").ifPresent(told::add);
        assertThat(told).containsExactly("the node does not answer", "the node refuses the connection",
                "still the node refuses the connection (for 30 s)", "the node answers again after 31 s");
        assertThat(line.clear("again")).isEqualTo(Optional.empty());
    }
}
